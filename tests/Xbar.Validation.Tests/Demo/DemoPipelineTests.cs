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
        // Percent: a 16-component PCA MLP on 2,000 digits is far above chance (10 %).
        Assert.InRange(s.SoftwareAcc!.Value, 50, 100);
        Assert.InRange(s.QuantizedAcc!.Value, 30, 100);
        Assert.InRange(s.BehavioralAcc!.Value, 30, 100);
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
        var report = File.ReadAllText(Path.Combine(options.OutDir, "report.md"));
        Assert.Contains("94.48", report);
        Assert.Contains(s.Dataset!, report); // the split is stated beside the accuracies
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
