using System.Numerics;
using Xbar.Behavioral.Networks.StateSpace;
using Xbar.Behavioral.Training.Layers;
using Xbar.Behavioral.Training.Models;

namespace Xbar.Behavioral.Training.StateSpace;

/// <summary>
/// An S4D layer in the training engine: the pure forward and backward functions of
/// <see cref="S4dLayer"/> (double precision, checked by finite differences) behind the engine's
/// <see cref="ILayer{T}"/>, with the eight arrays of <see cref="S4dParameters"/> as trainable
/// <see cref="Parameter{T}"/>s named <c>NAME.log_neg_real_a</c>, <c>NAME.imag_a</c>, <c>NAME.log_step</c>
/// (the learnable step Delta per mode), <c>NAME.b_re</c>, <c>NAME.b_im</c>, <c>NAME.c_re</c>,
/// <c>NAME.c_im</c>, <c>NAME.d</c>. None decays: weight decay on log-parameters would pull every
/// eigenvalue and step towards 1, not towards zero weights. Under QAT (<see cref="Quantization"/>)
/// the forward pass runs the quantized discrete system and the backward pass is the clipped
/// straight-through estimator (<see cref="SsmQuantization"/>). Sequences are 1 x steps x Channels samples.
/// </summary>
public sealed class S4dSequenceLayer<T> : ILayer<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly S4dSpec _spec;
    private readonly Parameter<T>[] _arrays;
    private S4dParameters? _used;
    private S4dForward? _forward;
    private T[]? _output, _inputGradient;

    public S4dSequenceLayer(S4dSpec spec, SampleShape input)
    {
        if (spec.Channels < 1 || spec.Modes < 1)
            throw new InvalidInputException($"{spec.Name}: an S4D layer needs positive channels and modes, got {spec.Channels} and {spec.Modes}");
        if (input.Channels != 1 || input.Width != spec.Channels)
            throw new InvalidInputException($"{spec.Name}: takes sequences of {spec.Channels} channels (1 x steps x {spec.Channels}), receives {input}");
        _spec = spec;
        Quantization = spec.Quantization;
        InputShape = OutputShape = input;
        int h = spec.Channels, n = spec.Modes;
        var names = S4dParameterShapes(h, n);
        _arrays = names.Select(a => new Parameter<T>($"{spec.Name}.{a.Name}", a.Shape, trainable: true, decays: false)).ToArray();
    }

    /// <summary>The arrays of <see cref="S4dParameters.Arrays"/> in order, with their shapes for a layer of <paramref name="channels"/> and <paramref name="modes"/>.</summary>
    private static (string Name, int[] Shape)[] S4dParameterShapes(int channels, int modes) =>
    [
        ("log_neg_real_a", [modes]), ("imag_a", [modes]), ("log_step", [modes]),
        ("b_re", [modes, channels]), ("b_im", [modes, channels]), ("c_re", [channels, modes]), ("c_im", [channels, modes]), ("d", [channels, channels]),
    ];

    public string Name => _spec.Name;
    public SampleShape InputShape { get; }
    public SampleShape OutputShape { get; }
    public int Steps => InputShape.Height;
    public int Channels => _spec.Channels;
    public int Modes => _spec.Modes;

    /// <summary>QAT of the discrete system at fixed ranges (null: float).</summary>
    public S4dQuantization? Quantization { get; set; }

    public LayerSpec Spec => _spec with { Quantization = Quantization };
    public IEnumerable<Parameter<T>> Parameters => _arrays;
    public IEnumerable<ILayer<T>> Layers => [this];

    /// <summary>Draws the paper's initialization (<see cref="S4dInitialization"/>) from <paramref name="seed"/>.</summary>
    public void Initialize(int seed)
    {
        var p = new S4dInitialization(_spec.Eigenvalues, _spec.StepMin, _spec.StepMax).Create(Channels, Modes, Channels, _spec.Discretization, seed);
        var arrays = p.Arrays;
        for (int i = 0; i < _arrays.Length; i++) Numeric.FromDouble<T>(arrays[i].Values, _arrays[i].Value);
    }

    /// <summary>The current parameters in double precision (a copy).</summary>
    public S4dParameters Current()
    {
        double[] A(int i) => Numeric.ToDouble<T>(_arrays[i].Value);
        return new S4dParameters(Channels, Modes, Channels, _spec.Discretization, A(0), A(1), A(2), A(3), A(4), A(5), A(6), A(7));
    }

    /// <summary>The discrete system the hardware holds: quantized on the QAT levels under QAT, else the float discretization.</summary>
    public DiscreteSsm DeployedSystem()
    {
        var system = Current().Discretize();
        return Quantization is { } q ? q.ToSsm().Apply(system) : system;
    }

    public T[] Forward(T[] input, int batch, LayerContext context)
    {
        int n = batch * Steps * Channels;
        var u = Numeric.ToDouble<T>(input.AsSpan(0, n));
        _used = Current();
        _forward = S4dLayer.Forward(_used, u, batch, Steps, Quantization?.ToSsm());
        var y = Numeric.Ensure(ref _output, n);
        Numeric.FromDouble<T>(_forward.Output, y);
        return y;
    }

    public T[] Backward(T[] outputGradient, int batch)
    {
        if (_forward is null || _used is null) throw new InvalidOperationException($"{Name}: backward before forward");
        int n = batch * Steps * Channels;
        var (g, du) = S4dLayer.Backward(_used, _forward, Numeric.ToDouble<T>(outputGradient.AsSpan(0, n)));
        var grads = g.Arrays;
        for (int i = 0; i < _arrays.Length; i++)
        {
            var target = _arrays[i].Gradient!;
            var source = grads[i].Values;
            for (int k = 0; k < target.Length; k++) target[k] += T.CreateTruncating(source[k]);
        }
        var dx = Numeric.Ensure(ref _inputGradient, n);
        Numeric.FromDouble<T>(du, dx);
        return dx;
    }
}
