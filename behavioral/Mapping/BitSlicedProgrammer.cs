using Xbar.Behavioral.Config;
using Xbar.Behavioral.Networks;

namespace Xbar.Behavioral.Mapping;

/// <summary>
/// Bit slicing as a tile programmer (<see cref="BitSlicing"/>): each block of a layer becomes
/// <see cref="BitSlicing.Slices"/> tiles of the wrapped programmer, one per digit, and the returned
/// <see cref="BitSlicedMatrix"/> shifts and adds their outputs after each tile's ADC. The layer's clip is
/// chosen once for the B-bit codes (<see cref="LayerWeightClip"/>), so every block quantizes alike; the
/// wrapped programmer sees digit matrices in -(N-1)..(N-1) with the context's clip at N - 1, so digit k sits
/// on state k of N uniformly spaced states (exactly, for an ideal cell). Slice tiles get their own seeds.
/// The engine needs no change: a bit-sliced block is one <see cref="IProgrammedMatrix"/> of S tiles.
/// </summary>
public sealed class BitSlicedProgrammer : ITileProgrammer
{
    private readonly ITileProgrammer _cells;

    /// <param name="cells">Programs one slice tile. It must map the context's <see cref="TileContext.LayerWeightClip"/> to its top
    /// state with <see cref="BitSlicing.CellStates"/> uniform levels (an exact product does too); <see cref="OnTiles"/> checks this for tiles of behavioral/Tiles.</param>
    /// <param name="clipRule">How the layer's clip for the B-bit codes is chosen (<see cref="WeightClipChooser"/> on 2^B uniform levels).</param>
    public BitSlicedProgrammer(ITileProgrammer cells, BitSlicing slicing, WeightClipRule clipRule = WeightClipRule.MinimumMse)
    {
        _cells = cells;
        Slicing = slicing;
        ClipRule = clipRule;
    }

    /// <summary>
    /// Slices over tiles of behavioral/Tiles: <paramref name="cells"/>'s config must quantize to uniform levels (or not at all, for
    /// linear cells); its <see cref="LayerTileSettings.Clip"/> is set so the digit clip reaches every tile's mapping, and its
    /// device's states are the digit base. Its DAC full scale and per-layer config changes apply to every slice.
    /// </summary>
    public static BitSlicedProgrammer OnTiles(LayerTileProgrammer cells, int weightBits, WeightClipRule clipRule = WeightClipRule.MinimumMse)
    {
        var cfg = cells.Config;
        if (cfg.Mapping.Quantization == QuantizationKind.KMeans)
            throw new InvalidInputException($"{cfg.Name ?? "tile"}: bit slicing puts digit k on state k, so mapping.quantization must be \"uniform\" (got \"k-means\")");
        var digitCells = cells.Settings.Clip is null
            ? cells.WithSettings(cells.Settings with { Clip = WeightClipRule.Max })
            : cells;
        return new BitSlicedProgrammer(digitCells, new BitSlicing(weightBits, cfg.Device.States), clipRule);
    }

    public BitSlicing Slicing { get; }
    public WeightClipRule ClipRule { get; }

    public string Name => $"{_cells.Name}, {Slicing}";

    public bool ProgramsInParallel => _cells.ProgramsInParallel;

    /// <summary>The clip of the layer's B-bit codes, by <see cref="ClipRule"/> on 2^B uniformly spaced magnitude levels.</summary>
    public double LayerWeightClip(double[,] layerWeights, double maxAbs) =>
        WeightClipChooser.ChooseUniform(layerWeights.Cast<double>(), Slicing.MaxCode + 1, ClipRule);

    public IProgrammedMatrix Program(double[,] weightsOutByIn, TileContext context)
    {
        var digits = Slicing.Slice(weightsOutByIn, context.LayerWeightClip);
        var tiles = new IProgrammedMatrix[Slicing.Slices];
        for (int s = 0; s < tiles.Length; s++)
            tiles[s] = _cells.Program(digits[s], context with
            {
                LayerWeightClip = Slicing.CellStates - 1,
                Seed = TiledMatrix.TileSeed(context.Seed, s + 1, 0, 0),
            });
        var weights = Slicing.PlaceValues.Select(p => p * Slicing.Step(context.LayerWeightClip)).ToArray();
        return new BitSlicedMatrix(tiles, weights);
    }
}
