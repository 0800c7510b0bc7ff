using System.Numerics;

namespace Xbar.Behavioral.Training.Layers;

/// <summary>
/// A named array a layer owns: a trainable parameter (weights, bias, batch-norm scale and shift)
/// with its gradient, or a buffer (batch-norm running statistics) that is saved and restored but
/// not trained. <see cref="Shape"/> is the array's shape as an exporter needs it (for example
/// C_out x C_in x kH x kW for a convolution kernel, as in ONNX).
/// </summary>
public sealed class Parameter<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public Parameter(string name, int[] shape, bool trainable, bool decays)
    {
        if (shape.Length == 0 || shape.Any(d => d <= 0)) throw new ArgumentException($"{name}: shape [{string.Join(", ", shape)}] must have positive dimensions");
        Name = name;
        Shape = shape;
        Value = new T[shape.Aggregate(1, (a, b) => a * b)];
        Gradient = trainable ? new T[Value.Length] : null;
        Decays = decays;
    }

    /// <summary>Path of the parameter in the network, e.g. <c>stage2.block1.conv1.weight</c>.</summary>
    public string Name { get; }

    public int[] Shape { get; }

    public T[] Value { get; }

    /// <summary>dLoss/dValue accumulated by the backward passes since the last <see cref="ZeroGradient"/>; null for a buffer.</summary>
    public T[]? Gradient { get; }

    /// <summary>Whether the optimizer's weight decay applies (weights of dense and convolution layers; not biases or batch-norm parameters).</summary>
    public bool Decays { get; }

    public bool Trainable => Gradient is not null;

    public void ZeroGradient()
    {
        if (Gradient is not null) Array.Clear(Gradient);
    }
}
