using System.Globalization;
using System.Text;
using System.Text.Json;
using Xbar.Behavioral.Calibration;
using Xbar.Behavioral.Data;
using Xbar.Behavioral.Mapping;
using Xbar.Behavioral.Networks;
using Xbar.Behavioral.Training;
using Xbar.Validation.Networks;
using Xbar.Validation.Sharding;
using static Xbar.Validation.Studies.StudyFiles;

namespace Xbar.Validation.Studies;

/// <summary>Settings of <see cref="PcaStudy"/>. Network and tile defaults are the demo's.</summary>
public sealed record PcaStudyOptions
{
    /// <summary>PCA component counts to try; 0 means no PCA (raw pixels).</summary>
    public int[] Components { get; init; } = [0, 32, 64, 128];
    /// <summary>Hidden ReLU layer sizes, one network each: the effect of PCA depends on the network's size (a small hidden layer leaves less redundancy to absorb rounding).</summary>
    public int[] Hidden { get; init; } = [16, 128];
    public int Epochs { get; init; } = 20;
    public double LearningRate { get; init; } = 1e-3;

    /// <summary>One network (training seed = tile seed) per seed and component count: the gap differs by a few tenths of a point from seed to seed, so one seed cannot tell a narrowing.</summary>
    public int[] Seeds { get; init; } = [1, 2, 3, 4, 5];

    /// <summary>Physical array (rows x columns of cells); 4 x 8 holds the paper's 4 x 4 weights as differential pairs.</summary>
    public int ArrayRows { get; init; } = 4;
    public int ArrayCols { get; init; } = 8;
    public double SigmaNlOhm { get; init; } = 50;
    public double SigmaPerpOhm { get; init; } = 50;
    public int CalibrationSamples { get; init; } = 96;

    /// <summary>Resolution of each tile's column ADC (sign included); null = the mtj4 preset's 8 bits. Partial sums of every tile are converted, so ADC error adds up over the tiles along a layer's inputs.</summary>
    public int? AdcBits { get; init; }

    /// <summary>The IDX dataset folder the split was loaded from (null: the shipped mnist10k); a merge reloads it.</summary>
    public string? DataDirectory { get; init; }

    public void Validate()
    {
        if (Components.Length == 0 || Components.Any(c => c < 0)) throw new InvalidInputException("--components must be >= 0 (0 = no PCA)");
        if (Components.Distinct().Count() != Components.Length || Seeds.Distinct().Count() != Seeds.Length || Hidden.Distinct().Count() != Hidden.Length)
            throw new InvalidInputException("--components, --seeds and --hidden must not list a value twice");
        if (Hidden.Length == 0 || Hidden.Any(h => h < 1) || Epochs < 1 || !(LearningRate > 0)) throw new InvalidInputException("hidden sizes, epochs and learning rate must be positive");
        if (Seeds.Length == 0) throw new InvalidInputException("--seeds: give at least one seed");
        if (ArrayRows < 2 || ArrayCols < 2) throw new InvalidInputException("the array needs at least 2 x 2 cells");
        if (AdcBits is < 2 or > 24) throw new InvalidInputException($"--adc-bits must be 2..24 (got {AdcBits})");
        if (!(SigmaNlOhm >= 0) || !(SigmaPerpOhm >= 0)) throw new InvalidInputException("sigma_NL and sigma_perp must be >= 0 Ohm");
    }
}

/// <summary>
/// Hardware/software accuracy gap with and without PCA (Moureaux et al. 2026: PCA narrowed the gap),
/// on the demo's tile: the calibrated behavioral 4-state MTJ tile (IR drop, 8-bit DAC/ADC,
/// sigma_NL and sigma_perp offsets) with one set of uniform weight levels per layer. For each
/// hidden size, number of components and seed, an MLP (PCA -> hidden ReLU -> softmax) is trained on
/// the training split and the test split runs in software float, with quantization only, and with
/// every error, under both weight-clip rules (MSE-optimal and max |w|), since the clip decides most
/// of the gap. Gaps are reported as mean ± standard deviation over seeds, and PCA is said to narrow
/// the gap only when the difference exceeds twice its standard error. A point is one network
/// (hidden size, components, seed); the points run in shards (<see cref="ShardedSweep"/>) and the
/// outputs are written once the folder holds them all.
/// </summary>
public static class PcaStudy
{
    public const string Name = "pca";

    private sealed record Point(int Hidden, int Components, int Seed);

    private static List<Point> Points(PcaStudyOptions o) =>
        [.. from h in o.Hidden from k in o.Components from seed in o.Seeds select new Point(h, k, seed)];

    private static string Key(Point p) => string.Create(CultureInfo.InvariantCulture, $"h{p.Hidden}_k{p.Components}_s{p.Seed}");

    /// <summary>The settings pinned in the output folder (and read back by a merge).</summary>
    public static string Settings(PcaStudyOptions o) => JsonSerializer.Serialize(new { study = Name, options = o });

    /// <summary>What every point shares: the one calibrated tile of the study.</summary>
    private sealed record Setup(Xbar.Behavioral.Config.TileConfig Tile, TileGeometry Geometry, Xbar.Behavioral.Config.TileConfig QuantOnly, TileCalibration Calibration);

    private static Setup SetUp(PcaStudyOptions o)
    {
        // One tile for the whole study, calibrated against exact nodal solves (the network does not enter the calibration).
        var tile = MtjNetworkTiles.Full(o.ArrayRows, o.ArrayCols, o.SigmaNlOhm, o.SigmaPerpOhm);
        if (o.AdcBits is { } bits) tile = (tile with { Output = tile.Output with { AdcBits = bits } }).Validate();
        var calibration = TileCalibrator.Calibrate(tile, new NodalTruth(), new CalibrationOptions(Samples: o.CalibrationSamples, Seed: o.Seeds[0]));
        return new Setup(tile, TileGeometry.Of(tile), MtjNetworkTiles.QuantizationOnly(tile), calibration);
    }

    private static string Format(Row r) => string.Join(",",
        new[] { r.Software, r.QuantizedMse, r.HardwareMse, r.QuantizedMax, r.HardwareMax, r.ZeroedByMaxClip }.Select(v => v.ToString("R", CultureInfo.InvariantCulture))
            .Append(string.Join(";", r.AllRelRmseMse.Select(v => v.ToString("R", CultureInfo.InvariantCulture)))));

    private static Row Parse(Point p, string text)
    {
        var f = text.Trim().Split(',');
        double D(int i) => double.Parse(f[i], CultureInfo.InvariantCulture);
        var layers = f[6].Split(';', StringSplitOptions.RemoveEmptyEntries).Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray();
        return new Row(p.Hidden, p.Components, p.Seed, D(0), D(1), D(2), D(3), D(4), layers, D(5));
    }

    /// <summary>One network: accuracies (fractions) by clip rule, and per-layer relative RMSE of the pre-activations with every error on.</summary>
    /// <param name="ZeroedByMaxClip">Fraction of the first layer's weights below max |w| / 6, which a clip at max |w| rounds to zero (the lowest of 4 levels).</param>
    public sealed record Row(int Hidden, int Components, int Seed, double Software,
        double QuantizedMse, double HardwareMse, double QuantizedMax, double HardwareMax, double[] AllRelRmseMse, double ZeroedByMaxClip)
    {
        public double GapMse => Software - HardwareMse;
        public double GapMax => Software - HardwareMax;
    }

    /// <summary>Mean and sample standard deviation over seeds of one component count's gaps (points).</summary>
    public sealed record Aggregate(int Hidden, int Components, double Software, double GapMse, double GapMseSd, double GapMax, double GapMaxSd, double ZeroedByMaxClip, int Seeds);

    /// <param name="Complete">False when this shard left networks to others: Summary says how many, the lists are empty.</param>
    public sealed record Result(string Summary, IReadOnlyList<Row> Rows, IReadOnlyList<Aggregate> Aggregates, IReadOnlyList<string> Files, bool Complete = true);

    /// <summary>Runs this shard's networks (all of them by default), then writes the outputs when every point is in <paramref name="outDir"/>.</summary>
    public static Result Run(PcaStudyOptions o, DataSplit split, string outDir, IProgress<double>? progress = null, ShardSpec? shard = null)
    {
        o.Validate();
        Prepare(outDir);
        int maxK = o.Components.Max();
        if (maxK > split.Train.FeatureCount)
            throw new InvalidInputException($"{maxK} PCA components asked but the images have {split.Train.FeatureCount} pixels");
        var store = new PointStore(outDir);
        store.Prepare(Settings(o));
        var points = Points(o);
        var setup = new Lazy<Setup>(() => SetUp(o));
        var fullPca = new Lazy<Pca?>(() => maxK > 0 ? Pca.Fit(split.Train, maxK) : null);
        ShardedSweep.Run(points, Key, p => Format(Compute(o, split, setup.Value, fullPca.Value, p)), shard ?? ShardSpec.All, store, progress);
        return Finish(o, split, outDir, store, setup);
    }

    /// <summary>One network: trained, then run in software, quantized and with every error, under both clip rules.</summary>
    private static Row Compute(PcaStudyOptions o, DataSplit split, Setup setup, Pca? fullPca, Point p)
    {
        var (tile, geometry, quantOnly, calibration) = setup;
        var pca = p.Components == 0 ? null : fullPca!.Truncate(p.Components);
        var classifier = Classifier.Train(split, pca, [p.Hidden],
            new TrainingOptions(epochs: o.Epochs, batchSize: 32, learningRate: o.LearningRate, seed: p.Seed));
        var train = classifier.Preprocess(split.Train);
        var test = classifier.Preprocess(split.Test);
        var inputMax = LayerRanges.LayerInputMax(classifier.Network, train);
        ErrorSplitResult Split(WeightClipRule rule) => ErrorSplit.Measure(classifier.Network, test, geometry, source => source == ErrorSource.Quantization
                ? LayerTileProgrammer.Behavioral("quantization only", quantOnly, null, new LayerTileSettings(inputMax, rule))
                : LayerTileProgrammer.Behavioral("behavioral (calibrated)", tile, calibration, new LayerTileSettings(inputMax, rule)),
            p.Seed, [ErrorSource.Quantization, ErrorSource.All]);
        var mse = Split(WeightClipRule.MinimumMse);
        var max = Split(WeightClipRule.Max);
        var w0 = classifier.Network.Layers[0].Weights;
        double maxW0 = w0.Max(Math.Abs);
        double zeroed = w0.Count(v => Math.Abs(v) < maxW0 / 6) / (double)w0.Length;
        return new Row(p.Hidden, p.Components, p.Seed, mse.FloatAccuracy,
            mse[ErrorSource.Quantization].Accuracy, mse[ErrorSource.All].Accuracy,
            max[ErrorSource.Quantization].Accuracy, max[ErrorSource.All].Accuracy,
            mse[ErrorSource.All].LayerRelativeRmse, zeroed);
    }

    /// <summary>Writes the CSV, PNG and Markdown from the stored networks, or says how many are missing.</summary>
    public static Result Finish(PcaStudyOptions o, DataSplit split, string outDir, PointStore store) => Finish(o, split, outDir, store, null);

    private static Result Finish(PcaStudyOptions o, DataSplit split, string outDir, PointStore store, Lazy<Setup>? setup)
    {
        var points = Points(o);
        var texts = ShardedSweep.Collect(points, Key, store, out int missing);
        if (texts is null) return new Result(IncompleteSummary(Name, missing, points.Count), [], [], [], Complete: false);
        var rows = points.Zip(texts).Select(x => Parse(x.First, x.Second)).ToList();
        var (tile, geometry, _, calibration) = (setup ?? new Lazy<Setup>(() => SetUp(o))).Value;

        var aggregates = o.Hidden.SelectMany(h => o.Components.Select(k =>
        {
            var r = rows.Where(x => x.Hidden == h && x.Components == k).ToArray();
            return new Aggregate(h, k, r.Average(x => x.Software),
                100 * r.Average(x => x.GapMse), 100 * Sd(r.Select(x => x.GapMse)),
                100 * r.Average(x => x.GapMax), 100 * Sd(r.Select(x => x.GapMax)), r.Average(x => x.ZeroedByMaxClip), r.Length);
        })).ToArray();

        string md = Summary(o, split, tile, geometry, calibration, rows, aggregates);
        var files = new List<string>
        {
            WriteCsv(outDir, "pca.csv", "hidden,components,seed,software_acc,quantized_acc_mse_clip,hardware_acc_mse_clip,quantized_acc_max_clip,hardware_acc_max_clip,gap_points_mse_clip,gap_points_max_clip,first_layer_zeroed_by_max_clip,all_rel_rmse_layers_mse_clip",
                rows.Select(r => $"{r.Hidden},{r.Components},{r.Seed},{F(r.Software)},{F(r.QuantizedMse)},{F(r.HardwareMse)},{F(r.QuantizedMax)},{F(r.HardwareMax)}," +
                                 $"{F(100 * r.GapMse)},{F(100 * r.GapMax)},{F(r.ZeroedByMaxClip)},{string.Join(";", r.AllRelRmseMse.Select(v => F(v)))}")),
        };
        // Gap against PCA components, one line per hidden size and clip rule; the raw-pixel network at x = 0.
        var series = new List<(string, double[], double[])>();
        foreach (int h in o.Hidden)
        {
            var a = aggregates.Where(x => x.Hidden == h).OrderBy(x => x.Components).ToArray();
            double[] x = a.Select(v => (double)v.Components).ToArray();
            series.Add(($"hidden {h}, MSE-optimal clip", x, a.Select(v => v.GapMse).ToArray()));
            series.Add(($"hidden {h}, clip at max |w|", x, a.Select(v => v.GapMax).ToArray()));
        }
        files.Add(LinePlot(outDir, "pca.png", $"Software - MTJ tile accuracy gap (mean of {o.Seeds.Length} seeds; 0 = no PCA)",
            "PCA components (0 = raw pixels)", "gap (points)", series, ScottPlot.Alignment.UpperRight));
        files.Add(WriteMarkdown(outDir, "pca.md", md));
        return new Result(md, rows, aggregates, files);
    }

    private static string Summary(PcaStudyOptions o, DataSplit split, Xbar.Behavioral.Config.TileConfig tile, TileGeometry geometry, TileCalibration calibration,
        IReadOnlyList<Row> rows, IReadOnlyList<Aggregate> aggregates)
    {
        string Label(int k) => k == 0 ? $"none ({split.Train.FeatureCount} px)" : k.ToString();
        string Pm(double mean, double sd) => $"{F(mean, "F2")} ± {F(sd, "F2")}";
        var md = new StringBuilder();
        md.AppendLine("# Hardware/software gap with and without PCA (`xbar study pca`)").AppendLine();
        md.AppendLine($"Data: {split.Description}. Networks: inputs -> hidden ReLU ({string.Join(", ", o.Hidden)}) -> softmax, Adam lr {F(o.LearningRate)}, {o.Epochs} epochs; " +
                      $"seeds {string.Join(", ", o.Seeds)} (training and tile draws). PCA fitted on the training split only. " +
                      $"Tile: {tile.Name}, {geometry} weights per tile (calibrated behavioral tile, held-out NRMSE {F(100 * calibration.HeldOutNrmse, "F3")} % against nodal solves), " +
                      $"4 uniform weight levels shared by every tile of a layer, sigma_NL {F(o.SigmaNlOhm)} Ohm, sigma_perp {F(o.SigmaPerpOhm)} Ohm, IR drop, " +
                      $"{tile.Input.DacBits}-bit DAC, {tile.Output.AdcBits}-bit ADC per tile.").AppendLine();
        md.AppendLine("Gap = software accuracy - accuracy with every error on, in points, mean ± sample standard deviation over the seeds.").AppendLine();
        md.AppendLine("| hidden | PCA components | software | gap, MSE-optimal clip | gap, clip at max \\|w\\| | first-layer weights zeroed by the max clip |");
        md.AppendLine("|---|---|---|---|---|---|");
        foreach (var a in aggregates)
            md.AppendLine($"| {a.Hidden} | {Label(a.Components)} | {F(100 * a.Software, "F2")} % | {Pm(a.GapMse, a.GapMseSd)} | {Pm(a.GapMax, a.GapMaxSd)} | {F(100 * a.ZeroedByMaxClip, "F0")} % |");
        md.AppendLine();
        md.AppendLine("Per network (accuracy in %):").AppendLine();
        md.AppendLine("| hidden | PCA | seed | software | quantized (MSE clip) | all errors (MSE clip) | quantized (max clip) | all errors (max clip) |");
        md.AppendLine("|---|---|---|---|---|---|---|---|");
        foreach (var r in rows)
            md.AppendLine($"| {r.Hidden} | {Label(r.Components)} | {r.Seed} | {F(100 * r.Software, "F2")} | {F(100 * r.QuantizedMse, "F2")} | {F(100 * r.HardwareMse, "F2")} | {F(100 * r.QuantizedMax, "F2")} | {F(100 * r.HardwareMax, "F2")} |");
        md.AppendLine();
        md.AppendLine("**Here:**").AppendLine();
        foreach (int h in o.Hidden)
        {
            var a = aggregates.Where(x => x.Hidden == h).ToArray();
            md.AppendLine($"- Hidden {h}: {Verdict(a, x => x.GapMse, x => x.GapMseSd, "MSE-optimal clip")} {Verdict(a, x => x.GapMax, x => x.GapMaxSd, "clip at max |w|")}");
        }
        md.AppendLine();
        md.AppendLine("With 4 levels, a clip at max |w| rounds every weight below max |w| / 6 to zero: the last column of the first table is " +
                      "the share of first-layer weights it silences. The MSE-optimal clip trades that for clipping a few large weights.").AppendLine();
        md.AppendLine($"**{MoureauxClaims.Citation} (abstract):** MNIST {F(100 * MoureauxClaims.MnistHardwareAccuracy, "F2")} % on a {MoureauxClaims.Setup} " +
                      $"against {F(100 * MoureauxClaims.MnistSoftwareAccuracy, "F2")} % in software (gap {F(100 * (MoureauxClaims.MnistSoftwareAccuracy - MoureauxClaims.MnistHardwareAccuracy), "F2")} points); " +
                      $"{MoureauxClaims.Pca}; {MoureauxClaims.Quantization}.").AppendLine();
        md.AppendLine("**What differs:** the dataset is the shipped 10,000-digit subset (fixed 8,000/2,000 split) unless `--data` is given, " +
                      "not the full 60k/10k MNIST; the network size, training, weight-clip rule and MTJ values (devices/ defaults) are ours, not the paper's, " +
                      "so absolute accuracies differ; compare the shape (gap size, effect of PCA, which error dominates). On 2,000 test images one image is 0.05 points.");
        return md.ToString();
    }

    /// <summary>Whether PCA narrows the gap beyond the seed-to-seed spread (difference of means against twice its standard error).</summary>
    private static string Verdict(IReadOnlyList<Aggregate> aggregates, Func<Aggregate, double> gap, Func<Aggregate, double> sd, string rule)
    {
        var raw = aggregates.FirstOrDefault(a => a.Components == 0);
        var best = aggregates.Where(a => a.Components > 0).OrderBy(gap).FirstOrDefault();
        if (raw is null || best is null) return $"({rule}: run with 0 and some component count to compare.)";
        double diff = gap(raw) - gap(best);
        double se = Math.Sqrt(sd(raw) * sd(raw) / raw.Seeds + sd(best) * sd(best) / best.Seeds);
        string verdict = diff <= 0 ? "not narrower than"
            : raw.Seeds < 2 || best.Seeds < 2 ? "narrower (one seed: no spread to judge it by) than"
            : diff > 2 * se ? "narrower, beyond twice the standard error of the difference, than"
            : "narrower, but within twice the standard error of the difference, than";
        return $"With the {rule}, the smallest mean gap with PCA is {F(gap(best), "F2")} points at {best.Components} components, " +
               $"{verdict} without PCA ({F(gap(raw), "F2")} points; difference {F(diff, "F2")}, standard error {F(se, "F2")}).";
    }

    /// <summary>Sample standard deviation (MathNet), 0 for a single seed.</summary>
    private static double Sd(IEnumerable<double> values)
    {
        var v = values.ToArray();
        return v.Length < 2 ? 0 : MathNet.Numerics.Statistics.ArrayStatistics.StandardDeviation(v);
    }
}
