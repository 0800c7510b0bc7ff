using Xbar.Behavioral.Config;
using Xbar.Behavioral.Networks;
using Xbar.Behavioral.Networks.Graph;

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
    private readonly ITileProgrammer[] _cells; // one per slice

    /// <param name="cells">Programs one slice tile. It must map the context's <see cref="TileContext.LayerWeightClip"/> to its top
    /// state with <see cref="BitSlicing.CellStates"/> uniform levels (an exact product does too); <see cref="OnTiles"/> checks this for tiles of behavioral/Tiles.</param>
    /// <param name="clipRule">How the layer's clip for the B-bit codes is chosen (<see cref="WeightClipChooser"/> on 2^B uniform levels).</param>
    public BitSlicedProgrammer(ITileProgrammer cells, BitSlicing slicing, WeightClipRule clipRule = WeightClipRule.MinimumMse)
        : this(Enumerable.Repeat(cells, slicing.Slices).ToArray(), slicing, clipRule)
    {
    }

    /// <param name="sliceCells">Programs the tiles of each slice (least significant first): slices may differ in their digital
    /// settings, for example an ADC range fitted to each slice's partial sums.</param>
    public BitSlicedProgrammer(IReadOnlyList<ITileProgrammer> sliceCells, BitSlicing slicing, WeightClipRule clipRule = WeightClipRule.MinimumMse)
    {
        if (sliceCells.Count != slicing.Slices)
            throw new ArgumentException($"{slicing.Slices} slices need as many tile programmers (got {sliceCells.Count})");
        _cells = sliceCells.ToArray();
        Slicing = slicing;
        ClipRule = clipRule;
    }

    /// <summary>
    /// Slices over tiles of behavioral/Tiles: <paramref name="cells"/>'s config must quantize to uniform levels (or not at all, for
    /// linear cells); its <see cref="LayerTileSettings.Clip"/> is set so the digit clip reaches every tile's mapping, and its
    /// device's states are the digit base. Its DAC full scale and per-layer config changes apply to every slice.
    /// </summary>
    /// <param name="perSlice">A last config change per (layer, slice), after the cells' own per-layer change (for example
    /// <see cref="LayerRanges.FittedAdcRange"/> of each slice's partial sums); null = every slice alike.</param>
    /// <param name="wrap">Wraps each slice's tile programmer (for example <see cref="ColumnCorrectedProgrammer"/>, so every slice tile is
    /// corrected against its own digits); null = none.</param>
    public static BitSlicedProgrammer OnTiles(LayerTileProgrammer cells, int weightBits, WeightClipRule clipRule = WeightClipRule.MinimumMse,
        Func<int, int, TileConfig, TileConfig>? perSlice = null, Func<ITileProgrammer, ITileProgrammer>? wrap = null)
    {
        var cfg = cells.Config;
        if (cfg.Mapping.Quantization == QuantizationKind.KMeans)
            throw new InvalidInputException($"{cfg.Name ?? "tile"}: bit slicing puts digit k on state k, so mapping.quantization must be \"uniform\" (got \"k-means\")");
        var slicing = new BitSlicing(weightBits, cfg.Device.States);
        var settings = cells.Settings with { Clip = WeightClipRule.Max }; // any rule: it makes the context's digit clip reach the mapping
        var sliceCells = Enumerable.Range(0, slicing.Slices).Select(s =>
        {
            var perLayer = settings.PerLayer;
            ITileProgrammer slice = perSlice is null ? cells.WithSettings(settings)
                : cells.WithSettings(settings with { PerLayer = (layer, c) => perSlice(layer, s, perLayer is null ? c : perLayer(layer, c)) });
            return wrap is null ? slice : wrap(slice);
        }).ToArray();
        return new BitSlicedProgrammer(sliceCells, slicing, clipRule);
    }

    public BitSlicing Slicing { get; }
    public WeightClipRule ClipRule { get; }

    public string Name => $"{_cells[0].Name}, {Slicing}";

    public bool ProgramsInParallel => _cells.All(c => c.ProgramsInParallel);

    /// <summary>
    /// Per layer, the digits of slice <paramref name="slice"/> as fractions of the top state (sign(w) d_s / (N - 1), the layer's
    /// layout: groups x outputs x inputs) under the layer's clip: the weights whose partial sums set a slice's fitted ADC range
    /// (<see cref="LayerRanges.LayerPartialSumFraction"/> with a clip of 1).
    /// </summary>
    public double[] SliceWeights(IWeightOperation op, double layerClip, int slice)
    {
        var w = op.Weights;
        var digits = new double[w.Length];
        double top = Slicing.CellStates - 1;
        for (int i = 0; i < w.Length; i++)
            digits[i] = Math.Sign(w[i]) * Slicing.Digit(Slicing.Code(w[i], layerClip), slice) / top;
        return digits;
    }

    /// <summary>The clip of the layer's B-bit codes, by <see cref="ClipRule"/> on 2^B uniformly spaced magnitude levels.</summary>
    public double LayerWeightClip(double[,] layerWeights, double maxAbs) =>
        WeightClipChooser.ChooseUniform(layerWeights.Cast<double>(), Slicing.MaxCode + 1, ClipRule);

    public IProgrammedMatrix Program(double[,] weightsOutByIn, TileContext context)
    {
        var digits = Slicing.Slice(weightsOutByIn, context.LayerWeightClip);
        var tiles = new IProgrammedMatrix[Slicing.Slices];
        for (int s = 0; s < tiles.Length; s++)
            tiles[s] = _cells[s].Program(digits[s], context with
            {
                LayerWeightClip = Slicing.CellStates - 1,
                Seed = TiledMatrix.TileSeed(context.Seed, s + 1, 0, 0),
            });
        var weights = Slicing.PlaceValues.Select(p => p * Slicing.Step(context.LayerWeightClip)).ToArray();
        return new BitSlicedMatrix(tiles, weights);
    }
}
