namespace Xbar.Behavioral.Networks.Graph;

/// <summary>
/// A dense row-major array of doubles with a fixed shape. Dimension 0 of every activation is the
/// batch (NCHW for images); constants (weights, shapes, shifts) have the shape they were given.
/// The shape never changes after construction; the values are a plain array so operations can
/// write their outputs without copies.
/// </summary>
public sealed class Tensor
{
    private readonly int[] _shape;

    /// <summary>Wraps <paramref name="data"/> (not copied) as a tensor of <paramref name="shape"/> (copied).</summary>
    public Tensor(ReadOnlySpan<int> shape, double[] data)
    {
        foreach (int d in shape)
            if (d < 0) throw new ArgumentException($"tensor dimensions must be non-negative, got [{string.Join(", ", shape.ToArray())}]");
        long size = Size(shape);
        if (size != data.Length)
            throw new ArgumentException($"a {Describe(shape)} tensor holds {size} values, got {data.Length}");
        _shape = shape.ToArray();
        Data = data;
    }

    /// <summary>The dimensions (a copy is not made: do not modify).</summary>
    public IReadOnlyList<int> Shape => _shape;

    /// <summary>The dimensions as a span.</summary>
    public ReadOnlySpan<int> Dims => _shape;

    /// <summary>The values, row-major.</summary>
    public double[] Data { get; }

    public int Rank => _shape.Length;

    public int Length => Data.Length;

    /// <summary>Dimension <paramref name="axis"/> (negative counts from the end).</summary>
    public int Dim(int axis) => _shape[axis < 0 ? axis + _shape.Length : axis];

    /// <summary>A tensor of zeros.</summary>
    public static Tensor Zeros(params int[] shape) => new(shape, new double[Size(shape)]);

    /// <summary>
    /// A tensor for an operation to fill: its array comes from the executor run in progress on this thread
    /// (<see cref="ValueArena"/>: reused, NOT zeroed; the caller writes every element), or is a new zeroed array outside a run.
    /// </summary>
    public static Tensor Uninitialized(params ReadOnlySpan<int> shape)
    {
        long size = Size(shape);
        return new(shape, ValueArena.RentForCurrentRun(size) ?? new double[size]);
    }

    /// <summary>A rank-0 tensor holding one value.</summary>
    public static Tensor Scalar(double value) => new(ReadOnlySpan<int>.Empty, [value]);

    /// <summary>A rank-1 tensor of the given values.</summary>
    public static Tensor Vector(params double[] values) => new([values.Length], values);

    /// <summary>The same values with another shape of the same size (the data array is shared).</summary>
    public Tensor Reshape(params int[] shape) => new(shape, Data);

    /// <summary>Number of values of a shape (1 for rank 0).</summary>
    public static long Size(ReadOnlySpan<int> shape)
    {
        long n = 1;
        foreach (int d in shape) n *= d;
        return n;
    }

    /// <summary>A shape as text, for example 1x3x224x224 (scalar for rank 0).</summary>
    public static string Describe(ReadOnlySpan<int> shape) => shape.Length == 0 ? "scalar" : string.Join("x", shape.ToArray());

    public override string ToString() => $"Tensor {Describe(_shape)}";
}
