using System.Text;
using Xbar.Behavioral.Data;
using Xbar.Behavioral.Networks;
using Xbar.Behavioral.Training;
using static Xbar.Validation.Studies.StudyFiles;

namespace Xbar.Validation.Studies;

/// <summary>Settings of <see cref="PcaStudy"/>.</summary>
public sealed record PcaStudyOptions
{
    /// <summary>PCA component counts to try; 0 means no PCA (raw pixels).</summary>
    public int[] Components { get; init; } = [0, 16, 32, 64, 128];
    public int Hidden { get; init; } = 64;
    public int Epochs { get; init; } = 10;
    public double LearningRate { get; init; } = 2e-3;
    public int Seed { get; init; } = 1;
    public int TileSize { get; init; } = 4;
    public ReferenceMtjTileOptions Tile { get; init; } = new();

    public void Validate()
    {
        if (Components.Length == 0 || Components.Any(c => c < 0)) throw new InvalidInputException("components must be >= 0 (0 = no PCA)");
        if (Hidden < 1 || Epochs < 1 || !(LearningRate > 0)) throw new InvalidInputException("hidden size, epochs and learning rate must be positive");
    }
}

/// <summary>
/// Hardware/software accuracy gap with and without PCA (Moureaux et al. 2026: PCA narrowed the
/// gap): for each number of components, train an MLP (PCA -> hidden ReLU -> softmax) on the
/// training split, then run the test split in software float and through the reference 4-state
/// MTJ tiles (all errors on), with the per-layer error split.
/// </summary>
public static class PcaStudy
{
    public sealed record Row(int Components, double Software, double Quantized, double Hardware, double[] QuantRelRmse, double[] AllRelRmse);

    public sealed record Result(string Summary, IReadOnlyList<Row> Rows, IReadOnlyList<string> Files);

    public static Result Run(PcaStudyOptions o, DataSplit split, string outDir, IProgress<double>? progress = null)
    {
        o.Validate();
        Prepare(outDir);
        int maxK = o.Components.Max();
        if (maxK > split.Train.FeatureCount)
            throw new InvalidInputException($"{maxK} PCA components asked but the images have {split.Train.FeatureCount} pixels");
        var fullPca = maxK > 0 ? Pca.Fit(split.Train, maxK) : null;
        var geometry = new TileGeometry(o.TileSize, o.TileSize);
        var rows = new List<Row>();
        int done = 0;
        foreach (int k in o.Components)
        {
            var pca = k == 0 ? null : fullPca!.Truncate(k);
            var classifier = Classifier.Train(split, pca, [o.Hidden],
                new TrainingOptions(epochs: o.Epochs, batchSize: 32, learningRate: o.LearningRate, seed: o.Seed));
            var test = classifier.Preprocess(split.Test);
            var es = ErrorSplit.MeasureReference(classifier.Network, test, geometry, o.Tile, o.Seed);
            rows.Add(new Row(k, es.FloatAccuracy, es[ErrorSource.Quantization].Accuracy, es[ErrorSource.All].Accuracy,
                es[ErrorSource.Quantization].LayerRelativeRmse, es[ErrorSource.All].LayerRelativeRmse));
            progress?.Report(++done / (double)o.Components.Length);
        }

        string Label(int k) => k == 0 ? $"none ({split.Train.FeatureCount} px)" : k.ToString();
        var md = new StringBuilder();
        md.AppendLine("# Hardware/software gap with and without PCA (`xbar study pca`)").AppendLine();
        md.AppendLine($"Data: {split.Description}. Network: inputs -> {o.Hidden} ReLU -> {Math.Max(split.Train.ClassCount, split.Test.ClassCount)} softmax, Adam lr {F(o.LearningRate)}, {o.Epochs} epochs, seed {o.Seed}. " +
                      $"Tiles: {geometry} weights per tile, {o.Tile.Describe()}. PCA fitted on the training split only.").AppendLine();
        md.AppendLine("| PCA components | software | quantized only | MTJ tiles (all errors) | gap (points) | rel. RMSE quantization (per layer) | rel. RMSE all (per layer) |");
        md.AppendLine("|---|---|---|---|---|---|---|");
        foreach (var r in rows)
            md.AppendLine($"| {Label(r.Components)} | {F(100 * r.Software, "F2")} % | {F(100 * r.Quantized, "F2")} % | {F(100 * r.Hardware, "F2")} % | " +
                          $"{F(100 * (r.Software - r.Hardware), "F2")} | {string.Join(" / ", r.QuantRelRmse.Select(v => F(v, "F3")))} | {string.Join(" / ", r.AllRelRmse.Select(v => F(v, "F3")))} |");
        md.AppendLine();
        var raw = rows.FirstOrDefault(r => r.Components == 0);
        var best = rows.Where(r => r.Components > 0).OrderBy(r => r.Software - r.Hardware).FirstOrDefault();
        if (raw != null && best != null)
            md.AppendLine($"**Here:** gap without PCA {F(100 * (raw.Software - raw.Hardware), "F2")} points; smallest gap with PCA " +
                          $"{F(100 * (best.Software - best.Hardware), "F2")} points at {best.Components} components " +
                          $"({(best.Software - best.Hardware < raw.Software - raw.Hardware ? "narrower" : "not narrower")} than without PCA). " +
                          $"Quantization alone accounts for {F(100 * (raw.Software - raw.Quantized), "F2")} of the {F(100 * (raw.Software - raw.Hardware), "F2")} points without PCA.").AppendLine();
        md.AppendLine($"**{MoureauxClaims.Citation} (abstract):** MNIST {F(100 * MoureauxClaims.MnistHardwareAccuracy, "F2")} % on a {MoureauxClaims.Setup} " +
                      $"against {F(100 * MoureauxClaims.MnistSoftwareAccuracy, "F2")} % in software (gap {F(100 * (MoureauxClaims.MnistSoftwareAccuracy - MoureauxClaims.MnistHardwareAccuracy), "F2")} points); " +
                      $"{MoureauxClaims.Pca}; {MoureauxClaims.Quantization}.").AppendLine();
        md.AppendLine("**What differs:** the dataset is the shipped 10,000-digit subset (fixed 8,000/2,000 split) unless `--data` is given, " +
                      "not the full 60k/10k MNIST; the network size, training and the MTJ values (devices/ defaults, reference tile without IR drop or converters) are ours, " +
                      "not the paper's, so absolute accuracies differ; compare the shape (gap size, effect of PCA, which error dominates).");
        var files = new List<string>
        {
            WriteCsv(outDir, "pca.csv", "components,software_acc,quantized_acc,hardware_acc,gap_points,quant_rel_rmse_layers,all_rel_rmse_layers",
                rows.Select(r => $"{r.Components},{F(r.Software)},{F(r.Quantized)},{F(r.Hardware)},{F(100 * (r.Software - r.Hardware))}," +
                                 $"{string.Join(";", r.QuantRelRmse.Select(v => F(v)))},{string.Join(";", r.AllRelRmse.Select(v => F(v)))}")),
        };
        var withPca = rows.Where(r => r.Components > 0).ToArray();
        var series = new List<(string, double[], double[])>
        {
            ("software", withPca.Select(r => (double)r.Components).ToArray(), withPca.Select(r => 100 * r.Software).ToArray()),
            ("MTJ tiles", withPca.Select(r => (double)r.Components).ToArray(), withPca.Select(r => 100 * r.Hardware).ToArray()),
        };
        if (withPca.Length > 0)
            files.Add(LinePlot(outDir, "pca.png", "MNIST accuracy vs PCA components (test split)", "PCA components", "accuracy (%)", series));
        files.Add(WriteMarkdown(outDir, "pca.md", md.ToString()));
        return new Result(md.ToString(), rows, files);
    }
}
