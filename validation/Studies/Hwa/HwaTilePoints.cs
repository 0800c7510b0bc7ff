using System.Globalization;
using Xbar.Behavioral.Calibration;
using Xbar.Behavioral.Config;
using Xbar.Behavioral.Networks;
using Xbar.Validation.Networks;

namespace Xbar.Validation.Studies.Hwa;

/// <summary>What a tile point measures, for the loss split of the report.</summary>
public enum HwaTileKind
{
    /// <summary>An ideal tile: exactly W x (checks the pipeline: its accuracy is the float accuracy).</summary>
    Ideal,
    /// <summary>PCM read at a time after programming, ideal wires: programming and read noise, drift, 8-bit DAC and ADC.</summary>
    Pcm,
    /// <summary>MTJ cells with ideal wires: 4 uniform levels, 8-bit DAC and ADC.</summary>
    MtjIdealWires,
    /// <summary>The same MTJ tile with wire resistance: IR drop on top (calibrated behavioral tile).</summary>
    MtjIrDrop,
}

/// <summary>One tile of the study: a key for file names, a label, the config and, for IR drop, its calibration.</summary>
/// <param name="Size">Rows = columns of an MTJ tile; the read time (s) of a PCM tile; 0 for the ideal tile.</param>
public sealed record HwaTilePoint(string Key, string Label, HwaTileKind Kind, double Size, TileConfig Config)
{
    /// <summary>Weights per tile: rows by weight columns (pairs of the differential mapping).</summary>
    public TileGeometry Geometry => TileGeometry.Of(Config);

    /// <summary>True when the tile draws anything at random (PCM noise and drift, device spreads, read noise): read once per seed, else once.</summary>
    public bool HasDraws
    {
        get
        {
            var d = Config.Device;
            return d.PcmModel is not null || d.ProgrammingSigma > 0 || d.ReadNoiseSigma > 0 || d.DeviceSpreadSigma > 0 || d.SigmaNlOhm > 0 || d.SigmaPerpOhm > 0;
        }
    }

    /// <summary>True when the tile has a column ADC, whose full scale is then fitted per layer.</summary>
    public bool HasAdc => Config.Output.AdcBits is not null;
}

/// <summary>The tiles of the study and their calibrations (cached in the output folder, refitted only for a new config).</summary>
public static class HwaTilePoints
{
    /// <summary>
    /// The ideal tile; the PCM preset (IBM's 256x256 tile with the PCM model of Joshi et al. 2020, 8-bit
    /// DAC and ADC) with ideal wires, read at each time; per MTJ size, the mtj4 preset's cells
    /// (Moureaux et al. 2026 MTJs, 4 states, 8-bit DAC and ADC) with uniform levels (so QAT levels land on
    /// states), with ideal wires and with the wire resistance and the calibrated IR-drop model.
    /// </summary>
    public static IReadOnlyList<HwaTilePoint> All(HwaStudyOptions o)
    {
        var points = new List<HwaTilePoint> { new("ideal", "ideal tile", HwaTileKind.Ideal, 0, TilePresets.Ideal()) };
        var pcm = TilePresets.Pcm();
        foreach (double t in o.Times)
            points.Add(new($"pcm-t{Key(t)}", $"PCM {Time(t)}", HwaTileKind.Pcm, t, (pcm with
            {
                Device = pcm.Device with { TimeS = t },
                IrDrop = new IrDropConfig(IrDropModel.None),
                Name = $"pcm, t = {Time(t)}, ideal wires",
            }).Validate()));
        foreach (int n in o.MtjSizes)
        {
            var mtj = Mtj(n, o.WireROhm);
            points.Add(new($"mtj{n}-wires0", $"MTJ {n}x{n} ideal wires", HwaTileKind.MtjIdealWires, n,
                (mtj with { IrDrop = new IrDropConfig(IrDropModel.None), Name = mtj.Name + ", ideal wires" }).Validate()));
            points.Add(new($"mtj{n}-ir", $"MTJ {n}x{n} IR drop", HwaTileKind.MtjIrDrop, n, mtj));
        }
        return points;
    }

    /// <summary>The MTJ tile with IR drop: mtj4's cells, DAC and ADC at n x n with uniform levels and <paramref name="wireROhm"/> per segment, calibrated IR drop.</summary>
    public static TileConfig Mtj(int n, double wireROhm)
    {
        var p = TilePresets.Mtj4();
        return (p with
        {
            Array = p.Array with { Rows = n, Cols = n, WireROhm = wireROhm },
            Mapping = p.Mapping with { Quantization = QuantizationKind.Uniform },
            IrDrop = new IrDropConfig(IrDropModel.Calibrated),
            Name = string.Create(CultureInfo.InvariantCulture, $"mtj4 cells, uniform levels, {n}x{n}, {wireROhm:G4} Ohm"),
        }).Validate();
    }

    /// <summary>
    /// The calibration of <paramref name="config"/> against nodal solves (<see cref="TileCalibrator"/>), from
    /// <paramref name="folder"/> when a file for its physics hash is there, else fitted and saved there. Null
    /// for tiles whose IR-drop model needs none.
    /// </summary>
    public static TileCalibration? Calibration(TileConfig config, string folder, Action<string>? log = null)
    {
        if (config.IrDrop.Model != IrDropModel.Calibrated) return null;
        Directory.CreateDirectory(folder);
        string path = Path.Combine(folder, $"calibration-{config.PhysicsHash}.json");
        if (File.Exists(path))
        {
            var cached = TileCalibration.Load(path);
            cached.EnsureMatches(config);
            return cached;
        }
        log?.Invoke($"calibrating {config.Name} against nodal solves");
        var calibration = TileCalibrator.Calibrate(config, new NodalTruth(), new CalibrationOptions());
        Sharding.PointStore.WriteAtomic(path, TileCalibration.Serialize(calibration) + "\n");
        return calibration;
    }

    /// <summary>A time in seconds as a file-name key (1, 3600, 86400, 31536000).</summary>
    public static string Key(double seconds) => seconds.ToString("R", CultureInfo.InvariantCulture).Replace('.', '_');

    /// <summary>A time in seconds in words: 1 s, 1 h, 1 day, 1 year (365 days), else seconds.</summary>
    public static string Time(double s) => s switch
    {
        365 * 86400 => "1 year",
        86400 => "1 day",
        3600 => "1 h",
        _ => s.ToString("G4", CultureInfo.InvariantCulture) + " s",
    };
}
