using Xbar.Behavioral.Calibration;
using Xbar.Behavioral.Config;
using Xbar.Behavioral.Mapping;
using Xbar.Behavioral.Networks;
using Xbar.Behavioral.Tiles;
using Xbar.Behavioral.Training;
using Xbar.Circuits.Nodal;

namespace Xbar.Validation.Networks;

/// <summary>
/// Adapters from the tile API of behavioral/Tiles (<see cref="BehavioralTile"/>, <see cref="CircuitTile"/>,
/// which take one <see cref="TileConfig"/> per tile) to the network API of behavioral/Networks
/// (<see cref="ITileProgrammer"/>). They add two digital scales per layer: the DAC full scale
/// (<c>input.input_max</c> = the largest |activation| the layer sees on the training set, since PCA
/// projections and ReLU outputs are not in [-1, 1]) and the weight clip (<c>mapping.weight_clip</c>,
/// chosen once from the whole layer, so every tile of the layer shares the same weight levels).
/// Both are outside the calibration's physics hash, so one calibration serves every layer.
/// Also the tile configs of the demo and the PCA study; the per-layer ranges are in LayerRanges.
/// </summary>
public static class MtjNetworkTiles
{
    /// <summary>The tile of the demo and the PCA study: the mtj4 preset (Moureaux 2026 4-state MTJ, 1 Ohm wires, 8-bit DAC/ADC,
    /// calibrated IR drop) at <paramref name="rows"/> x <paramref name="cols"/> cells, with the offsets sigma_NL and sigma_perp (Ohm).
    /// Weights map to the device's 4 uniformly spaced states with one clip per layer (chosen from the whole
    /// layer by the programmer below, <see cref="WeightClipRule"/>), so every tile of a layer realizes the same
    /// weight levels, as fixed MTJ states do.</summary>
    public static TileConfig Full(int rows, int cols, double sigmaNlOhm, double sigmaPerpOhm)
    {
        var p = TilePresets.Get("mtj4");
        return (p with
        {
            Array = p.Array with { Rows = rows, Cols = cols },
            Device = p.Device with { SigmaNlOhm = sigmaNlOhm, SigmaPerpOhm = sigmaPerpOhm },
            Mapping = p.Mapping with { Quantization = QuantizationKind.Uniform },
            Name = $"mtj4-demo-{rows}x{cols}",
        }).Validate();
    }

    /// <summary>
    /// Quantization alone: the same 4-level mapping and clip on ohmic cells spanning the MTJ's low-bias
    /// window (G_AP = G_P / (1 + TMR0) to G_P), so the MTJ's bias-dependent TMR, which shrinks the window
    /// at the read voltage, stays out of this row; no offsets, ideal wires, unlimited DAC/ADC bits.
    /// </summary>
    public static TileConfig QuantizationOnly(TileConfig full)
    {
        double gP = 1 / full.Device.RpOhm;
        return (full with
        {
            Device = full.Device with
            {
                Kind = DeviceKind.Linear, GMinS = gP / (1 + full.Device.Tmr0), GMaxS = gP,
                SigmaNlOhm = 0, SigmaPerpOhm = 0, ProgrammingSigma = 0, ReadNoiseSigma = 0, DeviceSpreadSigma = 0,
            },
            Input = full.Input with { DacBits = null },
            Output = full.Output with { AdcBits = null, Flash = null },
            IrDrop = new IrDropConfig(IrDropModel.None),
            Name = full.Name + "-quantization-only",
        }).Validate();
    }

    /// <summary>Weights per tile: rows of the array by output pairs (differential mapping).</summary>
    public static TileGeometry Geometry(TileConfig config) => new(config.Array.Rows,
        config.Mapping.Signed == SignedMapping.Differential ? config.Array.Cols / 2 : config.Array.Cols - 1);

    /// <param name="perLayer">Optional change of the config per layer (for example a column ADC whose full scale fits that layer).</param>
    public static ITileProgrammer Behavioral(string name, TileConfig config, double[] layerInputMax, TileCalibration? calibration,
        WeightClipRule clip = WeightClipRule.MinimumMse, Func<int, TileConfig, TileConfig>? perLayer = null) =>
        new ScaledProgrammer(name, config, layerInputMax, clip, (c, w, seed) => BehavioralTile.Program(c, w, seed, calibration), perLayer);

    /// <summary>Circuit in the loop: every MVM of every tile is an exact nodal solve (same cells as the behavioral tile for the same seed).</summary>
    public static ITileProgrammer Circuit(TileConfig config, double[] layerInputMax, WeightClipRule clip = WeightClipRule.MinimumMse,
        Func<int, TileConfig, TileConfig>? perLayer = null)
    {
        var solver = new NodalCrossbarSolver();
        return new ScaledProgrammer("circuit in the loop (nodal)", config, layerInputMax, clip, (c, w, seed) => CircuitTile.Program(c, w, seed, solver), perLayer);
    }

    /// <summary>The weight clip of every layer as the programmers above choose it.</summary>
    public static double[] LayerClips(Mlp network, TileConfig config, WeightClipRule clip) =>
        network.Layers.Select(l => LayerClip(l.Weights, l.Weights.Max(Math.Abs), config, clip)).ToArray();

    /// <summary>One layer's clip: by <paramref name="clip"/> on the device's uniformly spaced states; k-means places its own levels under max |w|.</summary>
    private static double LayerClip(IEnumerable<double> weights, double maxAbs, TileConfig config, WeightClipRule clip) =>
        config.Mapping.Quantization == QuantizationKind.Uniform
            ? WeightClipChooser.Choose(weights, WeightClipChooser.UniformFractions(config.Device.States), clip)
            : maxAbs;


    private sealed class ScaledProgrammer(string name, TileConfig config, double[] layerInputMax, WeightClipRule clip,
        Func<TileConfig, double[,], int, ITile> program, Func<int, TileConfig, TileConfig>? perLayer = null) : ITileProgrammer
    {
        public string Name { get; } = name;

        /// <summary>Uniform levels: the clip by <paramref name="clip"/> on the device's uniformly spaced states; k-means places its own levels under max |w|.</summary>
        public double LayerWeightClip(double[,] layerWeights, double maxAbs) => LayerClip(layerWeights.Cast<double>(), maxAbs, config, clip);

        public IProgrammedMatrix Program(double[,] weightsOutByIn, TileContext context)
        {
            double max = layerInputMax[context.Layer];
            // One conductance grid per layer: every tile of a layer maps weights with the layer's
            // clip (the device's fixed states realize the same weight levels in every tile).
            var cfg = config with
            {
                Input = config.Input with { InputMax = max > 0 ? max : 1.0 },
                Mapping = config.Mapping with { WeightClip = context.LayerWeightClip > 0 ? context.LayerWeightClip : null },
            };
            if (perLayer is not null) cfg = perLayer(context.Layer, cfg);
            return new TileMatrix(program(cfg, weightsOutByIn, context.Seed)); // the DAC scale is in cfg, so input scale 1
        }
    }
}
