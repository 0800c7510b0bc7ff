using System.Numerics;
using Xbar.Behavioral.Training.Models;

namespace Xbar.Behavioral.Training.Layers;

/// <summary>y = max(x, 0); dL/dx = dL/dy where y &gt; 0, else 0.</summary>
public sealed class Relu<T>(ReluSpec spec, SampleShape input) : ILayer<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private T[]? _output, _inputGradient;

    public string Name => spec.Name;
    public SampleShape InputShape => input;
    public SampleShape OutputShape => input;
    public LayerSpec Spec => spec;
    public IEnumerable<Parameter<T>> Parameters => [];
    public IEnumerable<ILayer<T>> Layers => [this];

    public T[] Forward(T[] x, int batch, LayerContext context)
    {
        var y = Numeric.Ensure(ref _output, batch * input.Size);
        System.Numerics.Tensors.TensorPrimitives.Max(x.AsSpan(0, y.Length), T.Zero, y);
        return y;
    }

    public T[] Backward(T[] outputGradient, int batch)
    {
        var y = _output ?? throw new InvalidOperationException($"{Name}: backward before forward");
        var dx = Numeric.Ensure(ref _inputGradient, y.Length);
        for (int i = 0; i < dx.Length; i++) dx[i] = y[i] > T.Zero ? outputGradient[i] : T.Zero;
        return dx;
    }
}
