using System.Numerics;
using Xbar.Behavioral.Training.Layers;
using Xbar.Behavioral.Training.Models;

namespace Xbar.Behavioral.Training.StateSpace;

/// <summary>
/// The same dense layer at every time step: a batch of B sequences of T steps is B T vectors through
/// one <see cref="Dense{T}"/> (one GEMM), so QAT, noise injection and the analog product of the dense
/// layer apply unchanged. The inner dense layer is what <see cref="Layers"/> lists, so the network numbers
/// it among its weight layers (tile seeds, per-layer settings) and exports its weights.
/// </summary>
public sealed class SequenceDense<T> : ILayer<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly SequenceDenseSpec _spec;

    public SequenceDense(SequenceDenseSpec spec, SampleShape input)
    {
        if (input.Channels != 1 || input.Width != spec.Inputs)
            throw new InvalidInputException($"{spec.Name}: takes sequences of {spec.Inputs} channels (1 x steps x {spec.Inputs}), receives {input}");
        _spec = spec;
        Steps = input.Height;
        InputShape = input;
        OutputShape = new SampleShape(1, Steps, spec.Outputs);
        Inner = new Dense<T>(new DenseSpec(spec.Name, spec.Inputs, spec.Outputs, spec.Bias, spec.Quantizer), SampleShape.Vector(spec.Inputs));
    }

    /// <summary>The dense layer applied at every step.</summary>
    public Dense<T> Inner { get; }

    public int Steps { get; }
    public string Name => _spec.Name;
    public SampleShape InputShape { get; }
    public SampleShape OutputShape { get; }
    public LayerSpec Spec => _spec with { Quantizer = Inner.Quantizer };
    public IEnumerable<Parameter<T>> Parameters => Inner.Parameters;
    public IEnumerable<ILayer<T>> Layers => [Inner];

    public T[] Forward(T[] input, int batch, LayerContext context) => Inner.Forward(input, batch * Steps, context);

    public T[] Backward(T[] outputGradient, int batch) => Inner.Backward(outputGradient, batch * Steps);
}

/// <summary>Mean over time (1 x T x F to F); the gradient spreads evenly back over the steps.</summary>
public sealed class TimeMeanPool<T>(TimeMeanPoolSpec spec, SampleShape input) : ILayer<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private T[]? _output, _inputGradient;

    public string Name => spec.Name;
    public SampleShape InputShape => input;
    public SampleShape OutputShape => SampleShape.Vector(input.Width);
    public LayerSpec Spec => spec;
    public IEnumerable<Parameter<T>> Parameters => [];
    public IEnumerable<ILayer<T>> Layers => [this];

    public T[] Forward(T[] x, int batch, LayerContext context)
    {
        int steps = input.Height, f = input.Width;
        var y = Numeric.Ensure(ref _output, batch * f);
        Array.Clear(y);
        T inv = T.One / T.CreateTruncating(steps);
        for (int b = 0; b < batch; b++)
        {
            var yb = y.AsSpan(b * f, f);
            for (int t = 0; t < steps; t++)
                System.Numerics.Tensors.TensorPrimitives.Add(yb, x.AsSpan((b * steps + t) * f, f), yb);
            System.Numerics.Tensors.TensorPrimitives.Multiply(yb, inv, yb);
        }
        return y;
    }

    public T[] Backward(T[] outputGradient, int batch)
    {
        int steps = input.Height, f = input.Width;
        var dx = Numeric.Ensure(ref _inputGradient, batch * steps * f);
        T inv = T.One / T.CreateTruncating(steps);
        for (int b = 0; b < batch; b++)
            for (int t = 0; t < steps; t++)
                System.Numerics.Tensors.TensorPrimitives.Multiply(outputGradient.AsSpan(b * f, f), inv, dx.AsSpan((b * steps + t) * f, f));
        return dx;
    }
}
