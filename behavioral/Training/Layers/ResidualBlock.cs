using System.Numerics;
using Xbar.Behavioral.Training.Models;

namespace Xbar.Behavioral.Training.Layers;

/// <summary>
/// A residual block (He, Zhang, Ren and Sun 2016, "Deep residual learning for image recognition",
/// CVPR, Fig. 2): y = ReLU(main(x) + shortcut(x)), the shortcut the identity or a projection (a
/// 1x1 strided convolution with batch norm, their option B) where the shape changes. The gradient
/// reaching x is the sum of the two branches' gradients.
/// </summary>
public sealed class ResidualBlock<T> : ILayer<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly ResidualSpec _spec;
    private T[]? _output, _inputGradient;

    public ResidualBlock(ResidualSpec spec, SampleShape input)
    {
        _spec = spec;
        Main = Sequential<T>.Build(spec.Name, spec.Main, input);
        Shortcut = spec.Shortcut is { } s ? Sequential<T>.Build(spec.Name, s, input) : null;
        var shortcutShape = Shortcut?.OutputShape ?? input;
        if (Main.OutputShape != shortcutShape)
            throw new InvalidInputException($"{spec.Name}: the main branch gives {Main.OutputShape} but the shortcut gives {shortcutShape}");
        InputShape = input;
        OutputShape = Main.OutputShape;
    }

    public string Name => _spec.Name;
    public SampleShape InputShape { get; }
    public SampleShape OutputShape { get; }
    public Sequential<T> Main { get; }

    /// <summary>The projection shortcut, or null for the identity.</summary>
    public Sequential<T>? Shortcut { get; }

    public LayerSpec Spec => _spec with { Main = Main.Specs, Shortcut = Shortcut?.Specs };
    public IEnumerable<Parameter<T>> Parameters => Shortcut is null ? Main.Parameters : Main.Parameters.Concat(Shortcut.Parameters);
    public IEnumerable<ILayer<T>> Layers => Shortcut is null ? Main.Layers.Prepend(this) : Main.Layers.Concat(Shortcut.Layers).Prepend(this);

    public T[] Forward(T[] input, int batch, LayerContext context)
    {
        var m = Main.Forward(input, batch, context);
        var s = Shortcut is null ? input : Shortcut.Forward(input, batch, context);
        var y = Numeric.Ensure(ref _output, batch * OutputShape.Size);
        System.Numerics.Tensors.TensorPrimitives.Add(m.AsSpan(0, y.Length), s.AsSpan(0, y.Length), y);
        System.Numerics.Tensors.TensorPrimitives.Max(y, T.Zero, y);
        return y;
    }

    public T[] Backward(T[] outputGradient, int batch)
    {
        var y = _output ?? throw new InvalidOperationException($"{Name}: backward before forward");
        var g = new T[y.Length];
        for (int i = 0; i < g.Length; i++) g[i] = y[i] > T.Zero ? outputGradient[i] : T.Zero;
        var gm = Main.Backward(g, batch);
        var dx = Numeric.Ensure(ref _inputGradient, batch * InputShape.Size);
        if (Shortcut is null) System.Numerics.Tensors.TensorPrimitives.Add(gm.AsSpan(0, dx.Length), g.AsSpan(0, dx.Length), dx);
        else System.Numerics.Tensors.TensorPrimitives.Add(gm.AsSpan(0, dx.Length), Shortcut.Backward(g, batch).AsSpan(0, dx.Length), dx);
        return dx;
    }
}
