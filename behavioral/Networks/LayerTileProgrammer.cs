using Xbar.Behavioral.Calibration;
using Xbar.Behavioral.Config;
using Xbar.Behavioral.Mapping;
using Xbar.Behavioral.Tiles;
using Xbar.Circuits.Nodal;

namespace Xbar.Behavioral.Networks;

/// <summary>
/// The digital settings a layer of tiles gets on top of one shared <see cref="TileConfig"/>, all
/// outside the calibration's physics hash (so one calibration serves every layer).
/// </summary>
/// <param name="InputMax">Per layer, the DAC full scale (<c>input.input_max</c>): the largest |input| the layer sees
/// (<see cref="LayerRanges.LayerInputMax(Graph.GraphExecutor, double[], int, int)"/>), since PCA projections, ReLU outputs and
/// normalized images are not in [-1, 1]. Null: the config's own.</param>
/// <param name="Clip">How each layer's weight clip (<c>mapping.weight_clip</c>, the |w| on the top state) is chosen from the
/// whole layer, so every tile of the layer realizes the same weight levels, as fixed device states do. Null: the config's own mapping.</param>
/// <param name="PerLayer">A last change of the config per layer (for example a column ADC whose full scale fits that layer,
/// <see cref="LayerRanges.FittedAdcRange"/>).</param>
public sealed record LayerTileSettings(double[]? InputMax = null, WeightClipRule? Clip = null, Func<int, TileConfig, TileConfig>? PerLayer = null);

/// <summary>
/// The tile programmer of every network on tiles of behavioral/Tiles (<see cref="BehavioralTile"/>,
/// <see cref="CircuitTile"/>, which take one <see cref="TileConfig"/> per tile): each block of a layer
/// is programmed on the shared config with that layer's <see cref="LayerTileSettings"/> and the
/// block's seed. Layers are the weight nodes of the graph, in topological order.
/// </summary>
public sealed class LayerTileProgrammer : ITileProgrammer
{
    private readonly Func<TileConfig, double[,], int, ITile> _program;

    /// <param name="program">Programs one tile: config, block weights (outputs x inputs), seed.</param>
    /// <param name="parallel">Whether <paramref name="program"/> may run on several threads at once (<see cref="ITileProgrammer.ProgramsInParallel"/>).</param>
    public LayerTileProgrammer(string name, TileConfig config, Func<TileConfig, double[,], int, ITile> program, LayerTileSettings? settings = null,
        bool parallel = false)
    {
        Name = name;
        Config = config;
        Settings = settings ?? new LayerTileSettings();
        _program = program;
        ProgramsInParallel = parallel;
    }

    public string Name { get; }
    public TileConfig Config { get; }
    public LayerTileSettings Settings { get; }
    public bool ProgramsInParallel { get; }

    /// <summary>Calibrated behavioral tiles (the fast model; <paramref name="calibration"/> must match the config).</summary>
    public static LayerTileProgrammer Behavioral(string name, TileConfig config, TileCalibration? calibration, LayerTileSettings? settings = null) =>
        new(name, config, (c, w, seed) => BehavioralTile.Program(c, w, seed, calibration), settings, parallel: true); // a pure function of its arguments

    /// <summary>Circuit in the loop: every MVM of every tile is an exact nodal solve (the same cells as the behavioral tile for the same seed).</summary>
    public static LayerTileProgrammer Circuit(string name, TileConfig config, LayerTileSettings? settings = null)
    {
        var solver = new NodalCrossbarSolver();
        return new(name, config, (c, w, seed) => CircuitTile.Program(c, w, seed, solver), settings);
    }

    /// <summary>The same tiles with other per-layer settings.</summary>
    public LayerTileProgrammer WithSettings(LayerTileSettings settings) => new(Name, Config, _program, settings, ProgramsInParallel);

    /// <summary>
    /// With a clip rule and the device's uniformly spaced levels: the clip by that rule
    /// (<see cref="WeightClipChooser"/>); otherwise (k-means places its own levels, or no rule) the largest |w|.
    /// </summary>
    public double LayerWeightClip(double[,] layerWeights, double maxAbs) =>
        Settings.Clip is { } rule && Config.Mapping.Quantization == QuantizationKind.Uniform
            ? WeightClipChooser.Choose(layerWeights.Cast<double>(), WeightClipChooser.UniformFractions(Config.Device.States), rule)
            : maxAbs;

    /// <summary>The config of layer <paramref name="layer"/>'s tiles, given the layer's weight clip.</summary>
    public TileConfig LayerConfig(int layer, double layerWeightClip)
    {
        var cfg = Config;
        if (Settings.InputMax is { } inputMax)
        {
            if (layer >= inputMax.Length)
                throw new InvalidInputException($"{Name}: the DAC full scale is given for {inputMax.Length} layers, the network has layer {layer}");
            double max = inputMax[layer];
            cfg = cfg with { Input = cfg.Input with { InputMax = max > 0 ? max : 1.0 } };
        }
        // One conductance grid per layer: every tile of a layer maps weights with the layer's clip.
        if (Settings.Clip is not null)
            cfg = cfg with { Mapping = cfg.Mapping with { WeightClip = layerWeightClip > 0 ? layerWeightClip : null } };
        return Settings.PerLayer is { } change ? change(layer, cfg) : cfg;
    }

    public IProgrammedMatrix Program(double[,] weightsOutByIn, TileContext context) =>
        new TileMatrix(_program(LayerConfig(context.Layer, context.LayerWeightClip), weightsOutByIn, context.Seed)); // the DAC scale is in the config
}
