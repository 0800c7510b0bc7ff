using Xbar.Behavioral.Calibration;
using Xbar.Behavioral.Config;
using Xbar.Behavioral.Mapping;
using Xbar.Behavioral.Networks;

namespace Xbar.Validation.Networks;

/// <summary>
/// The cell a network's weights land on: a tile config, and how weights are spread over its cells.
/// <see cref="Slicing"/> null: each cell holds a whole weight on its N states (as mtj4 does with k-means
/// levels); otherwise a B-bit weight is sliced over cells of <see cref="BitSlicing.CellStates"/> states.
/// </summary>
public sealed record CellSlicing(TileConfig Config, BitSlicing? Slicing)
{
    /// <summary>Magnitude bits of a sliced weight when only <c>--cell-bits</c> is given (the usual 8-bit weight, NeuroSim's default).</summary>
    public const int DefaultWeightBits = 8;

    /// <summary>
    /// From <c>--cell-bits b</c> and <c>--weight-bits B</c> on top of a tile config: neither = the whole weight on one cell;
    /// b = cells of 2^b uniformly spaced states (the config's device with that many states), B-bit weights (default 8);
    /// B alone = B-bit weights sliced over the config's own cells, which must have uniform levels.
    /// </summary>
    public static CellSlicing Resolve(TileConfig config, int? cellBits, int? weightBits)
    {
        if (cellBits is null && weightBits is null) return new(config, null);
        if (cellBits is { } b)
        {
            if (b < 1 || (1 << Math.Min(b, 30)) > config.Device.MaxStates)
                throw new InvalidInputException($"--cell-bits {b}: a {config.Device.Kind.ToString().ToLowerInvariant()} cell holds 1..{(int)Math.Log2(config.Device.MaxStates)} bits");
            config = (config with
            {
                Device = config.Device with { States = 1 << b },
                Mapping = config.Mapping with { Quantization = config.Mapping.Quantization == QuantizationKind.None ? QuantizationKind.None : QuantizationKind.Uniform },
                Name = $"{config.Name ?? "tile"} ({b}-bit cells)",
            }).Validate();
        }
        else if (config.Mapping.Quantization == QuantizationKind.KMeans)
            throw new InvalidInputException($"--weight-bits: {config.Name ?? "the tile"} places k-means levels to hold a whole weight per cell; give --cell-bits (uniform levels) to slice weights over its cells");
        return new(config, new BitSlicing(weightBits ?? DefaultWeightBits, config.Device.States));
    }

    /// <summary>Weights per tile: the array's rows by its weight columns (pairs for the differential mapping).</summary>
    public TileGeometry Geometry => TileGeometry.Of(Config);

    /// <summary>"whole weight on N-state cells" or the slicing, for tables and reports.</summary>
    public string Describe() => Slicing is { } s
        ? $"{s.WeightBits}-bit weights (sign on the differential pair) in {s.Slices} slices of {s.CellStates}-state ({s.CellBits:0.##}-bit) cells"
        : Config.Mapping.Quantization == QuantizationKind.None
            ? "whole weight on each cell, unquantized (exact conductances)"
            : $"whole weight on each {Config.Device.States}-state cell ({Config.Mapping.Quantization.ToString().ToLowerInvariant()} levels)";

    /// <summary>
    /// The tile programmer of a network on these cells: calibrated behavioral tiles with the per-layer
    /// <paramref name="settings"/>, sliced when <see cref="Slicing"/> is set (then every slice tile reads through its own ADC).
    /// </summary>
    public ITileProgrammer Programmer(string name, TileCalibration? calibration, LayerTileSettings settings, WeightClipRule clipRule)
    {
        var cells = LayerTileProgrammer.Behavioral(name, Config, calibration, settings);
        return Slicing is { } s ? BitSlicedProgrammer.OnTiles(cells, s.WeightBits, clipRule) : cells;
    }
}
