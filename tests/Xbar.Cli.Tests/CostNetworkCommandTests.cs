using System.Text.Json;

namespace Xbar.Cli.Tests;

/// <summary>`xbar cost --model` in process: cost.json's keys and sums, the 1-bit vs 2-bit comparison's files, and bad options exiting 2.</summary>
public sealed class CostNetworkCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("xbar-cost-net-test-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Model() => MapCommandTests.Model(_dir);

    [Fact]
    public void When_ModelIsCosted_Expect_CostJsonWithTheTotalsKeysEqualToTheLayersSums()
    {
        string outDir = Path.Combine(_dir, "out");
        var (exit, err) = CliRun.Invoke("cost", "--model", Model(), "--preset", "mtj2bit", "--weight-bits", "8", "--schedule", "pipelined", "--out", outDir);
        Assert.True(exit == 0, err);
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "cost.json")));
        var root = json.RootElement;
        foreach (var key in new[] { "energy_j", "latency_s", "area_mm2", "edp_js", "tops_per_w", "tops_per_mm2" })
            Assert.True(root.GetProperty(key).GetDouble() > 0, key);
        var layers = root.GetProperty("layers").EnumerateArray().ToList();
        Assert.Equal(2, layers.Count);
        double energy = root.GetProperty("energy_j").GetDouble();
        Assert.Equal(energy, layers.Sum(l => l.GetProperty("energy_j").GetDouble()), energy * 1e-12);
        Assert.Equal(root.GetProperty("latency_s").GetDouble(), layers.Max(l => l.GetProperty("latency_s").GetDouble()));
        Assert.Equal(energy * root.GetProperty("latency_s").GetDouble(), root.GetProperty("edp_js").GetDouble(), 1e-25);
        Assert.Contains(root.GetProperty("assumptions").EnumerateArray(), a => a.GetString()!.Contains("22 nm"));
        Assert.Contains("xbar_mtj2_tile.adc", File.ReadAllText(Path.Combine(outDir, "ERT.yaml")));
        foreach (var file in new[] { "cost.md", "energy_by_layer.png", "ART.yaml", "map.json" })
            Assert.True(File.Exists(Path.Combine(outDir, file)), file);
    }

    [Fact]
    public void When_OneAndTwoBitCellsAreCompared_Expect_GupteTableWithHalfTheTiles()
    {
        string outDir = Path.Combine(_dir, "cmp");
        var (exit, err) = CliRun.Invoke("cost", "--model", Model(), "--compare", "mtj1bit,mtj2bit", "--out", outDir);
        Assert.True(exit == 0, err);
        var tiles = File.ReadAllLines(Path.Combine(outDir, "gupte.csv")).Single(l => l.StartsWith("tiles,", StringComparison.Ordinal)).Split(',');
        Assert.Equal(2.0, double.Parse(tiles[4], System.Globalization.CultureInfo.InvariantCulture));
        Assert.Contains("Gupte", File.ReadAllText(Path.Combine(outDir, "gupte.md")));
        Assert.True(File.Exists(Path.Combine(outDir, "mtj1bit", "cost.json")));
    }

    [Fact]
    public void When_InputsAreBad_Expect_Exit2WithOneClearMessage()
    {
        string model = Model(), outDir = Path.Combine(_dir, "bad");
        string file = Path.Combine(_dir, "a-file");
        File.WriteAllText(file, "");
        string costConfig = Path.Combine(_dir, "c.json");
        File.WriteAllText(costConfig, """{"readout": {"gain_bandwidth_hz": 0}}""");
        var cases = new (string[] Args, string Named)[]
        {
            (["--model", Path.Combine(_dir, "none.onnx"), "--preset", "mtj2bit", "--out", outDir], "none.onnx"),
            (["--model", model, "--preset", "nosuch", "--out", outDir], "nosuch"),
            (["--model", model, "--preset", "mtj4", "--cell-bits", "5", "--out", outDir], "--cell-bits 5"),
            (["--model", model, "--preset", "mtj2bit", "--out", Path.Combine(file, "sub")], "--out"),
            (["--model", model, "--preset", "mtj2bit", "--schedule", "parallel", "--out", outDir], "--schedule"),
            (["--model", model, "--preset", "mtj2bit", "--cost-config", costConfig, "--out", outDir], "readout.gain_bandwidth_hz"),
            (["--model", model, "--preset", "ideal", "--out", outDir], "cost cell"),
            (["--model", model, "--compare", "mtj1bit", "--out", outDir], "--compare"),
            (["--preset", "mtj2bit"], "--model"),
        };
        foreach (var (args, named) in cases)
        {
            var (exit, err) = CliRun.Invoke(["cost", .. args]);
            Assert.True(exit == 2, $"{string.Join(' ', args)}: exit {exit}, {err}");
            Assert.Contains(named, err);
            Assert.DoesNotContain("   at ", err);
        }
    }

    [Fact]
    [Trait("Category", "Slow")]
    public void When_ResNet18IsCostedOnOneAndTwoBitCells_Expect_HalfTheTilesAndConversionsAndTheSameLayerTimes()
    {
        string outDir = Path.Combine(_dir, "resnet18");
        var (exit, err) = CliRun.Invoke("cost", "--model", "resnet18", "--compare", "mtj1bit,mtj2bit", "--adc", "sar", "--out", outDir);
        Assert.True(exit == 0, err);
        JsonElement Read(string preset) => JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, preset, "cost.json"))).RootElement;
        var one = Read("mtj1bit");
        var two = Read("mtj2bit");
        Assert.Equal(one.GetProperty("tiles").GetInt32(), 2 * two.GetProperty("tiles").GetInt32());
        Assert.Equal(one.GetProperty("adc_conversions_per_inference").GetInt64(), 2 * two.GetProperty("adc_conversions_per_inference").GetInt64());
        double Adc(JsonElement c) => c.GetProperty("energy_by_part_j").GetProperty("adc").GetDouble();
        Assert.Equal(Adc(one) / 2, Adc(two), Adc(one) * 1e-12);
        // Both read every layer's MVMs one after another with all slices at once: the same number of reads in time.
        double ratio = one.GetProperty("latency_s").GetDouble() / two.GetProperty("latency_s").GetDouble();
        double perRead = one.GetProperty("tile").GetProperty("latency_per_read_s").GetDouble() / two.GetProperty("tile").GetProperty("latency_per_read_s").GetDouble();
        Assert.Equal(perRead, ratio, 1e-9);
    }
}
