using System.Globalization;

namespace Xbar.Cli.Tests;

/// <summary>
/// `xbar study hwa` in process at a tiny size (a width-4 ResNet-8, 256 training and 100 test images of
/// Fashion-MNIST, one epoch each, 32x32 MTJ tiles): the exact tile reads what the float graph reads, a
/// rerun trains and reads nothing and writes the same tables, lost reads come back identical, and bad
/// input exits 2 with one message before anything is written. The full study is the command itself.
/// </summary>
public sealed class HwaStudyCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("xbar-hwa-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string P(string name) => Path.Combine(_dir, name);

    private static string[] Tiny(string output, params string[] changes)
    {
        var options = new Dictionary<string, string>
        {
            ["--out"] = output, ["--width"] = "4", ["--epochs"] = "1", ["--finetune-epochs"] = "1", ["--train-limit"] = "256", ["--test-limit"] = "100",
            ["--seeds"] = "1,2", ["--times"] = "3600", ["--mtj-sizes"] = "32", ["--range-images"] = "64",
        };
        for (int i = 0; i + 1 < changes.Length; i += 2) options[changes[i]] = changes[i + 1];
        return ["study", "hwa", .. options.SelectMany(kv => new[] { kv.Key, kv.Value })];
    }

    /// <summary>hwa-summary.csv as (model, tile) -> (mean, worst, float).</summary>
    private static Dictionary<(string Model, string Tile), (double Mean, double Worst, double Float, int Reads)> Summary(string dir)
    {
        var lines = File.ReadAllLines(Path.Combine(dir, "hwa-summary.csv"));
        Assert.Equal("model,tile,reads,mean_accuracy,worst_accuracy,float_accuracy,loss_points", lines[0]);
        return lines.Skip(1).Select(l => l.Split(',')).ToDictionary(f => (f[0], f[1]),
            f => (D(f[3]), D(f[4]), D(f[5]), int.Parse(f[2], CultureInfo.InvariantCulture)));
        static double D(string s) => double.Parse(s, CultureInfo.InvariantCulture);
    }

    [Fact]
    public void When_TinyStudyRuns_Expect_ExactTileEqualsFloat_AndARerunRecomputesNothingAndLostReadsComeBackIdentical()
    {
        var (exit, err) = CliRun.Invoke(Tiny(P("hwa")));
        Assert.True(exit == 0, err);
        var summary = Summary(P("hwa"));
        string[] models = ["plain", "noise", "qat", "irdrop32"];
        string[] tiles = ["ideal", "pcm-t3600", "mtj32-wires0", "mtj32-ir"];
        Assert.Equal(models.Length * tiles.Length, summary.Count);
        foreach (var m in models)
        {
            // The exact tile (no quantization, noise, IR drop or converters) gives W x up to rounding: the same predictions.
            var ideal = summary[(m, "ideal")];
            Assert.Equal(ideal.Float, ideal.Mean);
            Assert.Equal(2, summary[(m, "pcm-t3600")].Reads);
            Assert.True(summary[(m, "pcm-t3600")].Worst <= summary[(m, "pcm-t3600")].Mean);
            Assert.Equal(1, summary[(m, "mtj32-ir")].Reads);
            Assert.All(tiles, t => Assert.InRange(summary[(m, t)].Mean, 0, 1));
        }
        var md = File.ReadAllText(P("hwa/hwa.md"));
        Assert.Contains("Luquin et al. 2025", md);
        Assert.Contains("**Verdict**", md);
        Assert.True(File.Exists(P("hwa/hwa-pcm.png")) && File.Exists(P("hwa/hwa-mtj.png")));

        // A rerun finds every model and read: nothing is trained or read again, the tables are the same.
        var csv = File.ReadAllBytes(P("hwa/hwa.csv"));
        var models0 = Directory.GetFiles(P("hwa/models"), "model.json", SearchOption.AllDirectories).ToDictionary(f => f, File.GetLastWriteTimeUtc);
        var points = Directory.GetFiles(P("hwa/points"));
        var stamps = points.ToDictionary(f => f, File.GetLastWriteTimeUtc);
        (exit, err) = CliRun.Invoke(Tiny(P("hwa")));
        Assert.True(exit == 0, err);
        Assert.Equal(csv, File.ReadAllBytes(P("hwa/hwa.csv")));
        Assert.All(models0, kv => Assert.Equal(kv.Value, File.GetLastWriteTimeUtc(kv.Key)));
        Assert.All(stamps, kv => Assert.Equal(kv.Value, File.GetLastWriteTimeUtc(kv.Key)));

        // Reads lost (a run killed before saving them) are computed again to the same values.
        foreach (var lost in points.Where(f => Path.GetFileName(f).Contains("pcm-t3600_s2") || Path.GetFileName(f).StartsWith("qat", StringComparison.Ordinal)))
            File.Delete(lost);
        (exit, err) = CliRun.Invoke(Tiny(P("hwa")));
        Assert.True(exit == 0, err);
        Assert.Equal(csv, File.ReadAllBytes(P("hwa/hwa.csv")));
    }

    [Theory]
    [InlineData("--finetune-lr", "0", "--finetune-lr")]
    [InlineData("--ir-lr", "-1", "--ir-lr")]
    [InlineData("--noise", "2", "weight noise")]
    [InlineData("--qat-levels", "1", "QAT levels")]
    [InlineData("--times", "0", "--times")]
    [InlineData("--mtj-sizes", "64,64", "--mtj-sizes")]
    [InlineData("--epochs", "0", "--epochs")]
    public void When_OptionOutOfRange_Expect_Exit2_OneMessage_NothingWritten(string option, string value, string expected)
    {
        var (exit, err) = CliRun.Invoke(Tiny(P("out"), option, value));
        Assert.Equal(2, exit);
        Assert.Contains(expected, err);
        Assert.Single(err.Trim().Split('\n'));
        Assert.False(Directory.Exists(P("out")));
    }

    [Fact]
    public void When_DatasetFolderLacksTheFiles_Expect_Exit2_NothingWritten()
    {
        var empty = Directory.CreateDirectory(P("empty")).FullName;
        var (exit, err) = CliRun.Invoke(Tiny(P("out"), "--data", empty));
        Assert.Equal(2, exit);
        Assert.Contains("no IDX dataset", err);
        Assert.DoesNotContain("   at ", err);
        Assert.False(Directory.Exists(P("out")));
    }
}
