using System.Globalization;
using Xbar.Behavioral.Calibration;
using Xbar.Behavioral.Config;
using Xbar.Behavioral.Networks;
using Xbar.Behavioral.Training.StateSpace;

namespace Xbar.Validation.Studies.S4d;

/// <summary>
/// A kind of crossbar the S4D study deploys on: a tile config, its IR-drop calibration (MTJ), and how
/// a layer's QAT levels set the cells' states. Each crossbar of the deployed model is split into
/// tiles of the config's array (weight columns as differential pairs: cols / 2 outputs per tile).
/// </summary>
/// <param name="Name">Short name in tables.</param>
/// <param name="SetsStates">RRAM cells are programmed to the levels the layer needs (2^(bits-1) states per
/// cell); MTJ cells have their 4 states whatever the model (a ternary layer uses states 0 and 3).</param>
internal sealed record S4dCrossbar(string Name, TileConfig Config, TileCalibration? Calibration, bool SetsStates)
{
    /// <summary>RRAM conductance window of the preset (1-25 uS: IMSSA's range was not found, so the fallback).</summary>
    public static double RramWindowMicroSiemens => (TilePresets.Rram().Device.GMaxS - TilePresets.Rram().Device.GMinS) * 1e6;

    /// <summary>
    /// The rram preset (1-25 uS, 128 x 128, 1 Ohm wire segments, fast IR-drop model, ideal DAC and ADC)
    /// with Gaussian programming noise of <paramref name="sigmaMicroSiemens"/> per cell (drawn once per programming).
    /// </summary>
    public static S4dCrossbar Rram(double sigmaMicroSiemens)
    {
        var c = TilePresets.Rram();
        c = c with { Device = c.Device with { ProgrammingSigma = sigmaMicroSiemens / RramWindowMicroSiemens } };
        return new S4dCrossbar(sigmaMicroSiemens == 0 ? "RRAM" : string.Create(CultureInfo.InvariantCulture, $"RRAM sigma {sigmaMicroSiemens} uS"), c.Validate(), null, true);
    }

    /// <summary>
    /// The mtj4 preset (4-state MTJ cells, 64 x 64, 8-bit DAC and ADC, calibrated IR drop) with uniform
    /// levels instead of k-means (QAT levels are uniform; our choice), calibrated against the nodal solver
    /// once and cached in <paramref name="cacheDir"/>.
    /// </summary>
    public static S4dCrossbar Mtj4(string cacheDir, int samples, int seed, Action<string> log) => Mtj4("MTJ4", c => c, cacheDir, samples, seed, log);

    /// <summary>
    /// The MTJ crossbar with one part made ideal, to split its error: "ideal DAC/ADC" (no input or output
    /// rounding), "ideal wires" (no IR drop), "constant TMR" (no bias dependence of the TMR, V_h = 1 kV).
    /// </summary>
    public static IReadOnlyList<S4dCrossbar> Mtj4Split(string cacheDir, int samples, int seed, Action<string> log) =>
    [
        Mtj4("MTJ4 ideal DAC/ADC", c => c with { Input = c.Input with { DacBits = null }, Output = c.Output with { AdcBits = null } }, cacheDir, samples, seed, log),
        Mtj4("MTJ4 ideal wires", c => c with { Array = c.Array with { WireROhm = 0 }, IrDrop = c.IrDrop with { Model = IrDropModel.None } }, cacheDir, samples, seed, log),
        Mtj4("MTJ4 constant TMR", c => c with { Device = c.Device with { TmrHalfVoltageV = 1e3 } }, cacheDir, samples, seed, log),
    ];

    private static S4dCrossbar Mtj4(string name, Func<TileConfig, TileConfig> change, string cacheDir, int samples, int seed, Action<string> log)
    {
        var c = TilePresets.Mtj4();
        c = change(c with { Mapping = c.Mapping with { Quantization = QuantizationKind.Uniform } }).Validate();
        if (c.IrDrop.Model != IrDropModel.Calibrated) return new S4dCrossbar(name, c, null, false);
        string path = Path.Combine(cacheDir, $"calibration-{c.PhysicsHash}-seed{seed}-samples{samples}.json");
        TileCalibration? calibration = null;
        if (File.Exists(path))
        {
            try
            {
                calibration = TileCalibration.Load(path);
                calibration.EnsureMatches(c);
            }
            catch (InvalidInputException)
            {
                calibration = null; // damaged or stale: calibrate again
            }
        }
        if (calibration is null)
        {
            log($"calibrating the {name} tile against the nodal solver ({samples} samples)");
            calibration = TileCalibrator.Calibrate(c, new NodalTruth(), new CalibrationOptions(Samples: samples, Seed: seed));
            calibration.Save(path);
        }
        return new S4dCrossbar(name, c, calibration, false);
    }

    public TileGeometry Geometry => new(Config.Array.Rows, Config.Array.Cols / 2);

    /// <summary>A short hash of the whole config (physics and periphery): part of every stored point's key, so a changed crossbar is measured again.</summary>
    public string Key => Behavioral.Training.Optimization.TrainingCheckpoint.Hash(TileConfigJson.Serialize(Config, indented: false))[..8];

    /// <summary>
    /// Every crossbar of <paramref name="deployment"/> programmed with seed <paramref name="seed"/>:
    /// per layer the DAC full scale (<see cref="S4dRanges.InputMax"/>), a column ADC range fitted to the
    /// layer's partial sums where the config has an ADC (<see cref="LayerRanges.FittedAdcRange"/>), the weight clip of the layer (its QAT
    /// range, or max |w|) and, where <see cref="SetsStates"/>, the states its levels need (the preset's
    /// otherwise, for float layers).
    /// </summary>
    public IProgrammedMatrix[] Program(S4dDeployment deployment, S4dRanges ranges, int seed)
    {
        var fittedAdc = Config.Output.AdcBits is null ? null : LayerRanges.FittedAdcRange(ranges.PartialSumFraction);
        var programmer = LayerTileProgrammer.Behavioral(Name, Config, Calibration, new LayerTileSettings(InputMax: ranges.InputMax, PerLayer: (layer, cfg) =>
        {
            var l = deployment.Layers[layer];
            cfg = cfg with { Mapping = cfg.Mapping with { WeightClip = l.Clip } };
            if (fittedAdc is not null) cfg = fittedAdc(layer, cfg);
            return SetsStates && l.CellStates is { } states ? cfg with { Device = cfg.Device with { States = states } } : cfg;
        }));
        return deployment.Program((i, l) => TiledMatrix.Program(l.Matrix, Geometry, programmer, layer: i, seed: seed, layerClip: l.Clip));
    }
}

/// <summary>
/// Per crossbar of a deployed model, measured in float on training samples: the DAC full scale (largest
/// |input|) and the 0.999-quantile of |tile partial sum| as a fraction of its worst case (inputs at full
/// scale times weights at the clip, summed over a tile's rows), which sets a fitted column ADC range as
/// <see cref="LayerRanges.LayerPartialSumFraction(Behavioral.Networks.Graph.GraphExecutor, double[], int, int, double[], double[], double, int, int)"/> does for graphs.
/// </summary>
internal sealed record S4dRanges(double[] InputMax, double[] PartialSumFraction)
{
    private const double Quantile = 0.999;
    private const int MaxVectors = 4000;

    public static S4dRanges Measure(S4dDeployment deployment, Behavioral.Data.LabeledImages sample, int tileRows)
    {
        var vectors = deployment.Layers.Select(_ => new List<double[]>()).ToArray();
        var counts = new int[deployment.Layers.Count];
        var run = deployment.Run(deployment.Exact(), sample.Features, sample.Count, (layer, x, count) =>
        {
            int width = x.Length / count, stride = Math.Max(1, count / 64);
            for (int v = 0; v < count && counts[layer] < MaxVectors; v += stride, counts[layer]++) vectors[layer].Add(x.AsSpan(v * width, width).ToArray());
        });
        var fraction = new double[deployment.Layers.Count];
        for (int l = 0; l < fraction.Length; l++)
        {
            var m = deployment.Layers[l].Matrix;
            double amax = Math.Max(run.InputMax[l], 1e-300), clip = Math.Max(deployment.Layers[l].Clip, 1e-300);
            var ratios = new List<double>();
            foreach (var x in vectors[l])
                for (int start = 0; start < x.Length; start += tileRows)
                    for (int o = 0; o < m.GetLength(0); o++)
                    {
                        double sum = 0;
                        for (int i = start; i < Math.Min(start + tileRows, x.Length); i++)
                            sum += Math.Clamp(x[i] / amax, -1, 1) * Math.Clamp(m[o, i], -clip, clip) / clip;
                        ratios.Add(Math.Abs(sum) / tileRows);
                    }
            ratios.Sort();
            fraction[l] = ratios.Count == 0 ? 1 : Math.Max(ratios[(int)Math.Min(ratios.Count - 1, Math.Ceiling(Quantile * ratios.Count) - 1)], 1e-6);
        }
        return new S4dRanges(run.InputMax, fraction);
    }
}
