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
public sealed class BitSlicedMatrix : ITileGroup, ISharedDacMatrix
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

    /// <summary>The digital weight of slice <paramref name="s"/>'s output (its place value times the weight per code unit).</summary>
    public double Weight(int s) => _weights[s];

    public void Multiply(ReadOnlySpan<double> x, Span<double> y) => MultiplyBatch(x, y, 1);

    /// <summary>
    /// Every slice's product, shifted and added after its ADC. The slices read the same inputs, so
    /// where their DACs are set alike the inputs are converted once for all of them (the same outputs
    /// bit for bit as each slice converting its own; 8 conversions fewer in 9 for 1-bit cells and 8-bit weights).
    /// </summary>
    public void MultiplyBatch(ReadOnlySpan<double> x, Span<double> y, int count)
    {
        if (SharedDac(count) is { } setting)
        {
            using var voltages = Tiles.DacVoltages.Convert(setting, x[..(count * Inputs)], Inputs, count);
            MultiplyVoltages(voltages, y);
            return;
        }
        int n = count * Outputs;
        var part = ArrayPool<double>.Shared.Rent(n);
        try
        {
            y[..n].Clear();
            for (int s = 0; s < _slices.Length; s++)
            {
                _slices[s].MultiplyBatch(x[..(count * Inputs)], part.AsSpan(0, n), count);
                AddShifted(y[..n], part, s);
            }
        }
        finally
        {
            ArrayPool<double>.Shared.Return(part);
        }
    }

    /// <summary>The setting every slice reads a batch of <paramref name="count"/> under, or null when they differ or convert themselves.</summary>
    public Tiles.DacSetting? SharedDac(int count)
    {
        if (_slices[0] is not ISharedDacMatrix first || first.SharedDac(count) is not { } setting) return null;
        for (int s = 1; s < _slices.Length; s++)
            if (_slices[s] is not ISharedDacMatrix slice || slice.SharedDac(count) != setting) return null;
        return setting;
    }

    public void MultiplyVoltages(Tiles.DacVoltages voltages, Span<double> y)
    {
        int n = voltages.Count * Outputs;
        var part = ArrayPool<double>.Shared.Rent(n);
        try
        {
            y[..n].Clear();
            for (int s = 0; s < _slices.Length; s++)
            {
                ((ISharedDacMatrix)_slices[s]).MultiplyVoltages(voltages, part.AsSpan(0, n));
                AddShifted(y[..n], part, s);
            }
        }
        finally
        {
            ArrayPool<double>.Shared.Return(part);
        }
    }

    /// <summary>Shift-and-add after slice <paramref name="s"/>'s ADC: y += weight_s part.</summary>
    private void AddShifted(Span<double> y, double[] part, int s)
    {
        double w = _weights[s];
        for (int k = 0; k < y.Length; k++) y[k] += w * part[k];
    }
}
