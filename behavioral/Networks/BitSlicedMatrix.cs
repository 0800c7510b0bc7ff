using System.Buffers;

namespace Xbar.Behavioral.Networks;

/// <summary>A product computed by several physical tiles (the slices of a bit-sliced block): <see cref="TiledMatrix.TileCount"/> counts them all.</summary>
public interface ITileGroup : IProgrammedMatrix
{
    /// <summary>Physical tiles behind this product.</summary>
    int TileCount { get; }
}

/// <summary>
/// One block of weights held in several slice tiles (<see cref="Mapping.BitSlicedProgrammer"/>): each tile
/// computes its digits' product D_s x through its own DAC, array and ADC, and the outputs are shifted and
/// added digitally, y = sum_s weight_s (D_s x) with weight_s = N^s (weight per code unit).
/// </summary>
public sealed class BitSlicedMatrix : ITileGroup
{
    private readonly IProgrammedMatrix[] _slices;
    private readonly double[] _weights;

    /// <param name="slices">The slice tiles, all of one shape (least significant first).</param>
    /// <param name="weights">The digital weight of each slice's output (its place value times the weight per code unit).</param>
    public BitSlicedMatrix(IReadOnlyList<IProgrammedMatrix> slices, IReadOnlyList<double> weights)
    {
        if (slices.Count == 0 || slices.Count != weights.Count)
            throw new ArgumentException($"{slices.Count} slice tiles need as many weights (got {weights.Count})");
        Outputs = slices[0].Outputs;
        Inputs = slices[0].Inputs;
        if (slices.Any(s => s.Outputs != Outputs || s.Inputs != Inputs))
            throw new ArgumentException("slice tiles must all have the block's shape");
        _slices = slices.ToArray();
        _weights = weights.ToArray();
    }

    public int Outputs { get; }
    public int Inputs { get; }
    public int TileCount => _slices.Length;

    /// <summary>Slice <paramref name="s"/>'s tile (0 = least significant digit).</summary>
    public IProgrammedMatrix Slice(int s) => _slices[s];

    public void Multiply(ReadOnlySpan<double> x, Span<double> y) => MultiplyBatch(x, y, 1);

    public void MultiplyBatch(ReadOnlySpan<double> x, Span<double> y, int count)
    {
        int n = count * Outputs;
        var part = ArrayPool<double>.Shared.Rent(n);
        try
        {
            y[..n].Clear();
            for (int s = 0; s < _slices.Length; s++)
            {
                _slices[s].MultiplyBatch(x[..(count * Inputs)], part.AsSpan(0, n), count);
                double w = _weights[s];
                // Shift-and-add after the slice's ADC.
                for (int k = 0; k < n; k++) y[k] += w * part[k];
            }
        }
        finally
        {
            ArrayPool<double>.Shared.Return(part);
        }
    }
}
