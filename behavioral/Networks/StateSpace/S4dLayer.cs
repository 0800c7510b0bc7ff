namespace Xbar.Behavioral.Networks.StateSpace;

/// <summary>
/// The S4D layer as a pure function of its parameters and input, with explicit gradients, for
/// the training engine to wrap: <see cref="Forward"/> discretizes the parameters (ZOH or bilinear,
/// a learnable step per mode), optionally quantizes the discrete system on fixed ranges (IMSSA's
/// quantization-aware training) and runs the recurrence; <see cref="Backward"/> returns dL/d of
/// every parameter array (same layout as <see cref="S4dParameters"/>) and dL/du. Sequences are
/// batch x steps x channels, row-major. Nothing is stored between calls but what the returned
/// <see cref="S4dForward"/> holds.
/// </summary>
public static class S4dLayer
{
    /// <summary>y (batch x steps x Outputs) of <paramref name="parameters"/> on <paramref name="u"/> (batch x steps x Inputs).</summary>
    public static S4dForward Forward(S4dParameters parameters, double[] u, int batch, int steps, SsmQuantization? quantization = null)
    {
        var system = parameters.Discretize();
        var run = quantization is null ? system : quantization.Apply(system);
        return new S4dForward(system, run, quantization, run.Run(u, batch, steps));
    }

    /// <summary>The gradients of a loss L given dL/dy (batch x steps x Outputs) at the forward pass <paramref name="forward"/>.</summary>
    public static (S4dParameters Parameters, double[] Input) Backward(S4dParameters parameters, S4dForward forward, ReadOnlySpan<double> dy)
    {
        var g = forward.Run.Backward(forward.Trace, dy);
        var toFloat = forward.Quantization is null ? g.System : forward.Quantization.StraightThrough(forward.System, g.System);
        return (parameters.Backward(toFloat), g.Input);
    }
}

/// <summary>
/// One forward pass: the float discrete system, the system that ran (its quantized copy under
/// quantization-aware training, else the same object), the quantization, and the run's trace
/// (<see cref="SsmTrace.Output"/> is y).
/// </summary>
public sealed record S4dForward(DiscreteSsm System, DiscreteSsm Run, SsmQuantization? Quantization, SsmTrace Trace)
{
    public double[] Output => Trace.Output;
}
