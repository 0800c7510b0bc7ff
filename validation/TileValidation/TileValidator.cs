using System.Diagnostics;
using System.Globalization;
using Xbar.Behavioral.Calibration;
using Xbar.Behavioral.Config;
using Xbar.Behavioral.Tiles;

namespace Xbar.Validation.TileValidation;

/// <summary>
/// One line of <c>validate-tile.csv</c>: one model on one family (or on all of them, family <c>all</c>)
/// at one array size and wire resistance, over <see cref="Seeds"/> seeded problems.
/// </summary>
/// <param name="Model">IR-drop option (none, column-only, fast, probed, calibrated, exact) or <c>nodal</c> for the exact solve itself (its time only).</param>
/// <param name="Family">"weights/inputs" (<see cref="StructuredProblems"/>), or <c>all</c>: mean and spread over every family and seed, worst = the worst family's mean.</param>
/// <param name="MeanNrmse">Mean over seeds of RMSE / (max - min) of the exact output currents.</param>
/// <param name="StdNrmse">Standard deviation over seeds (over families' means for <c>all</c>).</param>
/// <param name="WorstNrmse">Largest NRMSE of one seed (of one family's mean for <c>all</c>).</param>
/// <param name="MaxErr">Largest max |error| / (max - min) of any seed.</param>
/// <param name="UsPerMvm">Time per MVM of the analog core, one vector at a time (us).</param>
/// <param name="UsPerMvmBatch">Time per MVM in batches of <see cref="TileValidator.TimingBatch"/> vectors (matrix products, us).</param>
/// <param name="ProgramMs">Time to build the model of one programmed array (ms; for nodal: nothing).</param>
public sealed record TileValidationRow(int Rows, int Cols, double WireR, string Device, string Model, string Family, int Seeds,
    double MeanNrmse, double StdNrmse, double WorstNrmse, double MaxErr, double UsPerMvm, double UsPerMvmBatch, double ProgramMs);

/// <summary>Settings of a validation run.</summary>
/// <param name="Seeds">Problems per family (each a fresh weight draw, device draw and input draw).</param>
/// <param name="InputsPerFamily">Input vectors per input pattern per problem.</param>
/// <param name="CalibrationSamples">MVMs of the on-the-fly calibration at each point (when no calibration file matches).</param>
/// <param name="Trained">Include the trained-network weight pattern (<see cref="TrainedLayer"/>; trains an MLP on first use).</param>
/// <param name="MaxExactSize">Largest size at which the exact and calibrated options (nodal transfer models) run.</param>
public sealed record TileValidationOptions(
    IReadOnlyList<int> Sizes,
    IReadOnlyList<double> WireResistances,
    int Seeds = 3,
    int InputsPerFamily = 2,
    int CalibrationSamples = 32,
    int Seed = 11,
    bool Trained = true,
    int MaxExactSize = 256)
{
    public static TileValidationOptions Default { get; } = new([16, 32, 64, 128, 256], [0.1, 1.0, 2.5, 5.0]);

    public static TileValidationOptions Quick { get; } = new([16, 32], [1.0], Seeds: 2, InputsPerFamily: 1, CalibrationSamples: 8, Trained: false);

    /// <summary>The options that decide the numbers (not which points run), and the options measured: a finished point is reused only under the same key.</summary>
    public string Key => string.Create(CultureInfo.InvariantCulture,
        $"seeds={Seeds};inputs={InputsPerFamily};calibration={CalibrationSamples};seed={Seed};trained={Trained};maxexact={MaxExactSize};models={string.Join(",", TileValidator.Models)}");
}

/// <summary>
/// Compares every IR-drop option of the behavioral tile against the exact nodal solve of the same
/// programmed array (same config, same seed, same cells) on structured problems
/// (<see cref="StructuredProblems"/> plus <see cref="TrainedLayer"/>): each weight pattern crossed
/// with each input pattern, several seeds, at each array size and wire resistance. Errors are on the
/// analog output currents (DAC/ADC excluded, so quantization does not hide the IR-drop error).
/// The calibrated option is calibrated per point on other seeds (held-out problems) unless a
/// calibration file matching that point's config is given. Also measured: <c>column-only</c>, each bit
/// line solved as a ladder with ideal word lines, the kind of per-column Thevenin model aihwkit's
/// tile-circuit IR drop uses (IOParametersIRDropT, Luquin et al. 2025); ours, not aihwkit's code.
/// </summary>
public static class TileValidator
{
    /// <summary>Vectors per batch in the batched timing.</summary>
    public const int TimingBatch = 1024;

    public static readonly string[] Models = ["none", "column-only", "fast", "probed", "calibrated", "exact"];

    /// <summary>What every point of a run shares: the weight patterns and the exact solver.</summary>
    public sealed record PointContext(IReadOnlyList<WeightPattern> Weights, ICircuitTruth Truth);

    /// <summary>The shared part of a run (notes on <paramref name="log"/> when the calibration file fits no grid point).</summary>
    public static PointContext Context(TileValidationOptions options, TileCalibration? calibration, Action<string>? log = null)
    {
        if (calibration is not null && !options.Sizes.Any(n => calibration.Config.Array.Rows == n && calibration.Config.Array.Cols == n))
            log?.Invoke($"note: the calibration is for a {calibration.Config.Array.Rows}x{calibration.Config.Array.Cols} tile, not on this grid: every point is calibrated on the fly");
        var weights = options.Trained ? StructuredProblems.Weights.Append(TrainedLayer.Pattern).ToList() : StructuredProblems.Weights.ToList();
        return new PointContext(weights, new NodalTruth());
    }

    /// <summary>
    /// Runs every point of <paramref name="options"/> in memory (the CLI runs them as a resumable,
    /// shardable sweep instead: <see cref="TileValidationSweep"/>).
    /// </summary>
    public static List<TileValidationRow> Run(TileConfig baseConfig, TileValidationOptions options, TileCalibration? calibration, Action<string>? log = null)
    {
        var context = Context(options, calibration, log);
        var rows = new List<TileValidationRow>();
        foreach (int n in options.Sizes)
            foreach (double r in options.WireResistances)
                rows.AddRange(RunPoint(PointConfig(baseConfig, n, r), options, context.Weights, context.Truth, calibration, log));
        return rows;
    }

    /// <summary>The config of one grid point: the base config at n x n with wire resistance r (Ohm) on both lines.</summary>
    public static TileConfig PointConfig(TileConfig baseConfig, int n, double r) =>
        baseConfig with { Array = baseConfig.Array with { Rows = n, Cols = n, WireROhm = r, BitLineWireROhm = null } };

    /// <summary>Every model on every family at one point.</summary>
    public static List<TileValidationRow> RunPoint(TileConfig cfg, TileValidationOptions options, IReadOnlyList<WeightPattern> weights,
        ICircuitTruth truth, TileCalibration? calibration, Action<string>? log = null)
    {
        int n = cfg.Array.Rows;
        double r = cfg.Array.WireROhm;
        string where = $"{n}x{cfg.Array.Cols}, {F(r)} Ohm";
        string device = cfg.Device.Kind.ToString().ToLowerInvariant();
        bool transfer = n <= options.MaxExactSize;
        var models = Models.Where(m => transfer || m is not ("calibrated" or "exact")).ToList();

        var correction = IrDropCorrection.Identity;
        if (transfer)
        {
            var calib = calibration is not null && calibration.ConfigHash == cfg.PhysicsHash ? calibration : null;
            if (calib is null)
            {
                log?.Invoke($"{where}: calibrating ({options.CalibrationSamples} MVMs of structured problems, seeds apart from the validation's)");
                calib = TileCalibrator.Calibrate(cfg, truth, new CalibrationOptions(Math.Max(4, options.CalibrationSamples), options.Seed + 7777 + n));
            }
            correction = calib.Correction;
            log?.Invoke(string.Create(CultureInfo.InvariantCulture,
                $"{where}: cubic_scale {correction.CubicScale:G4}, load_scale {correction.LoadScale:G4}, held-out worst family {calib.HeldOutWorstNrmse:P3}{(calib.Flags is { Count: > 0 } f ? "; " + string.Join("; ", f) : "")}"));
        }

        // errors[model][family] = one (nrmse, max) per seed
        var errors = models.ToDictionary(m => m, _ => new Dictionary<string, List<(double Nrmse, double Max)>>());
        var times = models.ToDictionary(m => m, _ => new List<(double Single, double Batch, double Program)>());
        var nodalSeconds = new List<double>();
        var inputs = StructuredProblems.Inputs;
        for (int wi = 0; wi < weights.Count; wi++)
            for (int seed = 0; seed < options.Seeds; seed++)
            {
                var wp = weights[wi];
                log?.Invoke($"{where}: {wp.Name}, seed {seed + 1}/{options.Seeds}");
                var rng = new Random(options.Seed * 1_000_003 + n * 1009 + (int)Math.Round(r * 1000) * 31 + wi * 101 + seed);
                var patterns = inputs.SelectMany(p => Enumerable.Repeat(p, options.InputsPerFamily)).ToArray();
                var c = TileCalibrator.MakeCase(cfg, truth, wp, patterns, rng, options.Seed + 31 * seed + 7 * wi);
                nodalSeconds.Add(c.TruthSecondsPerMvm);
                var clock = Stopwatch.StartNew();
                if (transfer) c.TransferFor(cfg); // the nodal solves behind exact and calibrated, built once for both
                double transferMs = clock.Elapsed.TotalMilliseconds;
                foreach (var model in models)
                {
                    clock.Restart();
                    var core = Core(cfg, c, model, correction);
                    double programMs = clock.Elapsed.TotalMilliseconds + (model is "calibrated" or "exact" ? transferMs : 0);
                    var pred = c.Voltages.Select(v =>
                    {
                        var y = new double[core.Outputs];
                        core.Currents(v, y, (Random?)null);
                        return y;
                    }).ToList();
                    foreach (var family in c.Families!.Distinct())
                    {
                        var idx = Enumerable.Range(0, c.Voltages.Length).Where(s => c.Families![s] == family).ToList();
                        var e = Metrics.Nrmse(idx.Select(s => pred[s]).ToList(), idx.Select(s => c.Truth[s]).ToList());
                        if (!errors[model].TryGetValue(family, out var list)) errors[model][family] = list = [];
                        list.Add(e);
                    }
                    if (seed == 0 && wi == 0) times[model].Add((TimeSingle(core, c.Voltages), TimeBatch(core, c.Voltages), programMs));
                    else times[model].Add((double.NaN, double.NaN, programMs));
                }
            }

        var rows = new List<TileValidationRow>();
        double nodalUs = nodalSeconds.Average() * 1e6;
        rows.Add(new TileValidationRow(n, cfg.Array.Cols, r, device, "nodal", "all", options.Seeds, 0, 0, 0, 0, nodalUs, nodalUs, 0));
        foreach (var model in models)
        {
            var t = times[model];
            double single = t.Select(x => x.Single).Where(double.IsFinite).DefaultIfEmpty(double.NaN).Min();
            double batch = t.Select(x => x.Batch).Where(double.IsFinite).DefaultIfEmpty(double.NaN).Min();
            double program = t.Average(x => x.Program);
            var familyMeans = new List<double>();
            foreach (var (family, list) in errors[model].OrderBy(kv => kv.Key, StringComparer.Ordinal))
            {
                var e = list.Select(x => x.Nrmse).ToList();
                familyMeans.Add(e.Average());
                rows.Add(new TileValidationRow(n, cfg.Array.Cols, r, device, model, family, list.Count,
                    e.Average(), Std(e), e.Max(), list.Max(x => x.Max), single, batch, program));
            }
            var all = errors[model].Values.SelectMany(l => l).ToList();
            rows.Add(new TileValidationRow(n, cfg.Array.Cols, r, device, model, "all", options.Seeds,
                all.Average(x => x.Nrmse), Std(familyMeans), familyMeans.Max(), all.Max(x => x.Max), single, batch, program));
        }
        return rows;
    }

    /// <summary>The analog core of one option on the case's programmed array (the transfer model is built once per case and shared).</summary>
    private static BehavioralCore Core(TileConfig cfg, CalibrationCase c, string model, IrDropCorrection correction) => model switch
    {
        "none" => BehavioralTile.BuildCore(cfg, c.Programmed, correction, IrDropModel.None),
        "fast" => BehavioralTile.BuildCore(cfg, c.Programmed, correction, IrDropModel.Fast),
        "probed" => BehavioralTile.BuildCore(cfg, c.Programmed, correction, IrDropModel.Probed),
        // Bit lines solved as ladders under ideal word lines (no word-line wire, no driver resistance).
        "column-only" => BehavioralCore.Build(c.Programmed.Cells, c.Programmed.Mapped,
            c.Programmed.Wires with { WordLineSegmentOhm = 0, DriverOhm = 0 }, IrDropModel.Fast,
            BehavioralTile.ReferenceBias(cfg), cfg.Device.ReadNoiseSigma),
        "calibrated" => BehavioralTile.BuildCore(cfg, c.Programmed, correction, IrDropModel.Calibrated, c.TransferFor(cfg)),
        "exact" => BehavioralTile.BuildCore(cfg, c.Programmed, correction, IrDropModel.Exact, c.TransferFor(cfg)),
        _ => throw new ArgumentOutOfRangeException(nameof(model), model),
    };

    /// <summary>Time per MVM one vector at a time (us): after a warm-up, the best of 3 windows of about 10 ms (the machine is shared).</summary>
    private static double TimeSingle(BehavioralCore core, double[][] voltages)
    {
        var y = new double[core.Outputs];
        foreach (var v in voltages) core.Currents(v, y, (Random?)null);
        var sw = new Stopwatch();
        double best = double.PositiveInfinity;
        for (int window = 0; window < 3; window++)
        {
            int reps = 0;
            sw.Restart();
            do
            {
                foreach (var v in voltages) core.Currents(v, y, (Random?)null);
                reps++;
            } while (sw.ElapsedMilliseconds < 10);
            best = Math.Min(best, sw.Elapsed.TotalMicroseconds / (reps * voltages.Length));
        }
        return best;
    }

    /// <summary>Time per MVM in batches of <see cref="TimingBatch"/> (the case's vectors repeated), best of 3 batches after a warm-up (us).</summary>
    private static double TimeBatch(BehavioralCore core, double[][] voltages)
    {
        int m = core.Rows;
        var v = new double[TimingBatch * m];
        for (int s = 0; s < TimingBatch; s++) voltages[s % voltages.Length].CopyTo(v, s * m);
        var y = new double[TimingBatch * core.Outputs];
        core.ReadCurrentsBatch(v, TimingBatch, y, null);
        double best = double.PositiveInfinity;
        for (int k = 0; k < 3; k++)
        {
            var sw = Stopwatch.StartNew();
            core.ReadCurrentsBatch(v, TimingBatch, y, null);
            best = Math.Min(best, sw.Elapsed.TotalMicroseconds / TimingBatch);
        }
        return best;
    }

    private static double Std(IReadOnlyList<double> x)
    {
        if (x.Count < 2) return 0;
        double mean = x.Average();
        return Math.Sqrt(x.Sum(v => (v - mean) * (v - mean)) / (x.Count - 1));
    }

    private static string F(double v) => v.ToString("0.###", CultureInfo.InvariantCulture);
}
