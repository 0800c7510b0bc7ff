using System.Text.Json;
using Xbar.Validation.Demo;

namespace Xbar.Validation.Tests.Demo;

/// <summary>The demo pipeline end to end on a tiny configuration (few images, tiny network, few circuit images).</summary>
public sealed class DemoPipelineTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("xbar-demo-test-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private DemoOptions Tiny(string sub) => new()
    {
        OutDir = Path.Combine(_dir, sub),
        TrainImages = 2000,
        TestImages = 100,
        PcaComponents = 16,
        Hidden = [16],
        Epochs = 4,
        LearningRate = 5e-3,
        CircuitImages = 40,
        CalibrationSamples = 8,
        Seed = 3,
    };

    [Fact]
    public void When_TinyDemoRuns_Expect_SummaryWithEveryKeyAndSaneValues()
    {
        var options = Tiny("a");
        var run = DemoPipeline.Run(options, new PlainDemoSteps(TextWriter.Null));

        var path = Path.Combine(options.OutDir, "summary.json");
        using var json = JsonDocument.Parse(File.ReadAllText(path));
        var root = json.RootElement;
        foreach (var key in new[] { "software_acc", "quantized_acc", "behavioral_acc", "circuit_acc", "test_images", "seconds",
                     "circuit_images", "behavioral_acc_on_circuit_subset", "calibration_nrmse",
                     "behavioral_spice_adc_acc", "behavioral_ideal_flash_acc", "column_adc_inl_lsb", "column_adc_dnl_lsb",
                     "behavioral_spice_adc_per_layer_acc", "behavioral_other_clip_acc" })
            Assert.True(root.TryGetProperty(key, out var v) && v.ValueKind == JsonValueKind.Number, $"summary.json lacks a number for {key}");
        Assert.True(root.GetProperty("complete").GetBoolean());
        Assert.Equal(100, root.GetProperty("test_images").GetInt32());
        Assert.Equal(40, root.GetProperty("circuit_images").GetInt32());

        var s = run.Summary;
        // The software accuracy, recomputed independently: the cached model read as plain JSON and
        // run by a hand-written forward pass (PCA projection, ReLU, argmax) over the same test images.
        var split = Xbar.Behavioral.Data.DatasetLoader.Load().Take(options.TrainImages!.Value, options.TestImages!.Value);
        Assert.Equal(IndependentAccuracy(Path.Combine(options.OutDir, "cache", "mnist-mlp.json"), split.Test), s.SoftwareAcc!.Value, 9);
        // Accuracies count whole images: each is a multiple of 1 % on 100 test images.
        foreach (var acc in new[] { s.QuantizedAcc!.Value, s.BehavioralAcc!.Value, s.SoftwareAcc.Value })
            Assert.Equal(Math.Round(acc), acc, 9);
        // 4x4 tiles have almost no IR drop: the calibrated behavioral tile and the nodal solve agree
        // to within one image of 40 (2.5 points) and predict the same class almost everywhere.
        Assert.InRange(Math.Abs(s.BehavioralAccOnCircuitSubset!.Value - s.CircuitAcc!.Value), 0, 2.5);
        Assert.InRange(s.CircuitBehavioralAgreement!.Value, 95, 100);
        Assert.InRange(s.CalibrationNrmse!.Value, 0, 0.01);
        // Each layer's fitted ADC range is a fraction of the worst case (the one converter of the fixed rows).
        Assert.Equal(2, s.ColumnAdcLayerFullScaleAmps!.Length);
        double worst = Xbar.Validation.ReadCircuits.ColumnAdcCharacterization.FullScaleCurrent(
            Xbar.Validation.Networks.MtjNetworkTiles.Full(options.ArraySize, options.ArrayCols ?? options.ArraySize, options.SigmaNlOhm, options.SigmaPerpOhm));
        Assert.All(s.ColumnAdcLayerFullScaleAmps, fs => Assert.InRange(fs, 1e-3 * worst, worst));
        // The uniform ADC of the behavioral and circuit tiles uses the same fitted fractions (the default --adc-range layer).
        Assert.Equal(s.ColumnAdcLayerFullScaleAmps.Select(fs => fs / worst), s.LayerAdcRangeFraction!, new Tolerance(1e-4));
        Assert.Equal(["quantization", "systematic", "random", "circuit", "all"], s.ErrorSplit.Select(r => r.Source));
        Assert.All(s.ErrorSplit, r => Assert.Equal(2, r.LayerRmse.Length));
        Assert.All(s.ErrorSplit, r => Assert.All(r.LayerRmse, v => Assert.True(double.IsFinite(v) && v >= 0)));
        // Quantization to 4 levels is a real error: its layer-1 RMSE is above zero.
        Assert.True(s.ErrorSplit.Single(r => r.Source == "quantization").LayerRmse[0] > 0);

        foreach (var f in new[] { "report.md", "accuracy.png", "error_split.png", "behavioral_vs_circuit.png" })
            Assert.True(new FileInfo(Path.Combine(options.OutDir, f)).Length > 0, $"{f} missing or empty");
        // The report states this run's numbers (not only the paper's), and the split beside them.
        var report = File.ReadAllText(Path.Combine(options.OutDir, "report.md"));
        Assert.Contains(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"| {s.SoftwareAcc:F2} % |"), report);
        Assert.Contains(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"| {s.PaperHardwareAcc:F2} % | {s.BehavioralAcc:F2} % (behavioral, all errors)"), report);
        Assert.Contains(s.Dataset!, report);
    }

    /// <summary>
    /// Accuracy (percent) of the model file on <paramref name="test"/>, computed without Xbar's
    /// network code: JSON read with System.Text.Json, x' = C (x - mean), then each layer W a + b
    /// with ReLU between layers, and the class of the largest output.
    /// </summary>
    private static double IndependentAccuracy(string modelPath, Xbar.Behavioral.Data.LabeledImages test)
    {
        using var json = JsonDocument.Parse(File.ReadAllText(modelPath));
        var root = json.RootElement;
        double[] Vector(JsonElement e) => e.EnumerateArray().Select(v => v.GetDouble()).ToArray();
        var mean = Vector(root.GetProperty("pca").GetProperty("mean"));
        var components = root.GetProperty("pca").GetProperty("components").EnumerateArray().Select(Vector).ToArray();
        var layers = root.GetProperty("layers").EnumerateArray()
            .Select(l => (W: l.GetProperty("weights").EnumerateArray().Select(Vector).ToArray(), B: Vector(l.GetProperty("bias")))).ToArray();
        Assert.Equal("relu", root.GetProperty("hidden_activation").GetString());
        int correct = 0;
        for (int s = 0; s < test.Count; s++)
        {
            var x = test.Sample(s).ToArray();
            double[] a = components.Select(c => c.Select((v, j) => v * (x[j] - mean[j])).Sum()).ToArray();
            for (int l = 0; l < layers.Length; l++)
            {
                var (w, b) = layers[l];
                a = w.Select((row, o) => row.Select((v, i) => v * a[i]).Sum() + b[o]).Select(z => l + 1 < layers.Length ? Math.Max(z, 0) : z).ToArray();
            }
            if (Array.IndexOf(a, a.Max()) == test.Labels[s]) correct++;
        }
        return 100.0 * correct / test.Count;
    }

    [Fact]
    public void When_RunTwice_Expect_CachedModelAndCalibrationGiveTheSameNumbers()
    {
        var options = Tiny("b") with { CircuitImages = 5, TestImages = 40 };
        var first = DemoPipeline.Run(options, new PlainDemoSteps(TextWriter.Null)).Summary;
        var second = DemoPipeline.Run(options, new PlainDemoSteps(TextWriter.Null)).Summary;
        Assert.False(first.ModelFromCache);
        Assert.True(second.ModelFromCache);
        Assert.True(second.CalibrationFromCache);
        Assert.False(first.ColumnAdcFromCache);
        Assert.True(second.ColumnAdcFromCache);
        Assert.Equal(first.BehavioralSpiceAdcAcc, second.BehavioralSpiceAdcAcc);
        Assert.Equal(first.ColumnAdcInlLsb!.Value, second.ColumnAdcInlLsb!.Value, 6);
        Assert.Equal(first.SoftwareAcc, second.SoftwareAcc);
        Assert.Equal(first.BehavioralAcc, second.BehavioralAcc);
        Assert.Equal(first.CircuitAcc, second.CircuitAcc);
    }

    [Fact]
    public void When_DataFolderIsBad_Expect_InvalidInputAndPartialSummaryKept()
    {
        var empty = Directory.CreateDirectory(Path.Combine(_dir, "empty")).FullName;
        var options = Tiny("c") with { DataDir = empty };
        var e = Assert.Throws<InvalidInputException>(() => DemoPipeline.Run(options, new PlainDemoSteps(TextWriter.Null)));
        Assert.Contains("no IDX dataset", e.Message);
        var summary = DemoSummary.Read(Path.Combine(options.OutDir, "summary.json"));
        Assert.False(summary.Complete);
        Assert.Contains("load data", summary.FailedStep);
    }
}

/// <summary>Absolute tolerance for comparing sequences of doubles.</summary>
file sealed class Tolerance(double eps) : IEqualityComparer<double>
{
    public bool Equals(double a, double b) => Math.Abs(a - b) <= eps;
    public int GetHashCode(double v) => 0;
}
