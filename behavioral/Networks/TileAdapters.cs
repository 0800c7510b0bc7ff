using Xbar.Behavioral.Tiles;

namespace Xbar.Behavioral.Networks;

/// <summary>
/// An <see cref="ITile"/> of behavioral/Tiles seen as an <see cref="IProgrammedMatrix"/>, with an
/// optional digital input scale: the tile receives x / s (so activations fit the DAC's input
/// range, <c>InputConfig.InputMax</c>) and its outputs are multiplied back by s, which keeps the
/// product in the units of W x.
/// </summary>
public sealed class TileMatrix(ITile tile, double inputScale = 1.0) : ISharedDacMatrix
{
    public ITile Tile { get; } = tile;
    public double InputScale { get; } = inputScale > 0 && double.IsFinite(inputScale)
        ? inputScale : throw new ArgumentException($"input scale must be positive, got {inputScale}");

    public int Outputs => Tile.Outputs;
    public int Inputs => Tile.Inputs;

    public void Multiply(ReadOnlySpan<double> x, Span<double> y) =>
        Tile.MultiplyBatch(x[..Inputs], y[..Outputs], 1, InputScale);

    /// <summary>In order, sample by sample (one batched call into the tile): the caller (<see cref="TiledMatrix"/>) parallelizes across tiles, which keeps read-noise draws in a fixed order.</summary>
    public void MultiplyBatch(ReadOnlySpan<double> x, Span<double> y, int count) =>
        Tile.MultiplyBatch(x[..(count * Inputs)], y[..(count * Outputs)], count, InputScale);

    public DacSetting? SharedDac(int count) => Tile is Tile tile ? tile.SharedDac(count, InputScale) : null;

    public void MultiplyVoltages(DacVoltages voltages, Span<double> y) =>
        ((Tile)Tile).MultiplyVoltages(voltages, y[..(voltages.Count * Outputs)]);
}
