namespace Xbar.Behavioral.Training.Layers;

/// <summary>
/// The shape of one sample (the batch dimension left out): channels x height x width, NCHW order
/// in memory. A feature vector of F values is F x 1 x 1.
/// </summary>
public readonly record struct SampleShape(int Channels, int Height, int Width)
{
    /// <summary>Values per sample.</summary>
    public int Size => Channels * Height * Width;

    /// <summary>Values per channel (height x width).</summary>
    public int Plane => Height * Width;

    /// <summary>A feature vector of <paramref name="features"/> values.</summary>
    public static SampleShape Vector(int features) => new(features, 1, 1);

    public override string ToString() => Height == 1 && Width == 1 ? $"{Channels}" : $"{Channels}x{Height}x{Width}";
}
