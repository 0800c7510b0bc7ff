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
    public static S4dCrossbar Mtj4(string cacheDir, int samples, int seed, Action<string> log)
    {
        var c = TilePresets.Mtj4();
        c = (c with { Mapping = c.Mapping with { Quantization = QuantizationKind.Uniform } }).Validate();
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
            log($"calibrating the MTJ tile against the nodal solver ({samples} samples)");
            calibration = TileCalibrator.Calibrate(c, new NodalTruth(), new CalibrationOptions(Samples: samples, Seed: seed));
            calibration.Save(path);
        }
        return new S4dCrossbar("MTJ4", c, calibration, false);
    }

    public TileGeometry Geometry => new(Config.Array.Rows, Config.Array.Cols / 2);

    /// <summary>
    /// Every crossbar of <paramref name="deployment"/> programmed with seed <paramref name="seed"/>:
    /// per layer the DAC full scale <paramref name="inputMax"/>, the weight clip of the layer (its QAT
    /// range, or max |w|) and, where <see cref="SetsStates"/>, the states its levels need (the preset's
    /// otherwise, for float layers).
    /// </summary>
    public IProgrammedMatrix[] Program(S4dDeployment deployment, double[] inputMax, int seed)
    {
        var programmer = LayerTileProgrammer.Behavioral(Name, Config, Calibration, new LayerTileSettings(InputMax: inputMax, PerLayer: (layer, cfg) =>
        {
            var l = deployment.Layers[layer];
            cfg = cfg with { Mapping = cfg.Mapping with { WeightClip = l.Clip } };
            return SetsStates && l.CellStates is { } states ? cfg with { Device = cfg.Device with { States = states } } : cfg;
        }));
        return deployment.Program((i, l) => TiledMatrix.Program(l.Matrix, Geometry, programmer, layer: i, seed: seed, layerClip: l.Clip));
    }
}
