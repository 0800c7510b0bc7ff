using System.CommandLine;
using System.Text.Json;

namespace Xbar.Cli.Tests;

/// <summary>`xbar demo` in process: exit 0 with the report files on a tiny configuration, exit 2 on a bad --data folder.</summary>
public sealed class DemoCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("xbar-demo-cli-test-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static (int Exit, string Err) Demo(params string[] args)
    {
        var error = new StringWriter();
        var exit = Program.BuildRoot().Parse(["demo", .. args])
            .Invoke(new InvocationConfiguration { Output = new StringWriter(), Error = error });
        return (exit, error.ToString());
    }

    [Fact]
    public void When_TinyDemoRuns_Expect_Exit0AndReportFiles()
    {
        var outDir = Path.Combine(_dir, "out");
        var (exit, err) = Demo("--out", outDir, "--train-images", "600", "--test-images", "30", "--pca", "8", "--hidden", "8",
            "--epochs", "2", "--circuit-images", "5", "--calibration-samples", "8");
        Assert.True(exit == 0, err);
        foreach (var f in new[] { "summary.json", "report.md", "accuracy.png", "error_split.png", "behavioral_vs_circuit.png" })
            Assert.True(File.Exists(Path.Combine(outDir, f)), $"{f} not written");
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "summary.json")));
        Assert.Equal(30, json.RootElement.GetProperty("test_images").GetInt32());
        Assert.Equal(5, json.RootElement.GetProperty("circuit_images").GetInt32());
    }

    [Fact]
    public void When_DataFolderDoesNotExist_Expect_Exit2WithClearMessage()
    {
        var missing = Path.Combine(_dir, "no-such-folder");
        var (exit, err) = Demo("--out", Path.Combine(_dir, "out2"), "--data", missing);
        Assert.Equal(2, exit);
        Assert.Contains("no-such-folder", err);
        Assert.Contains("not found", err);
        Assert.DoesNotContain("   at ", err);
    }

    [Fact]
    public void When_DataFolderHoldsNoIdx_Expect_Exit2()
    {
        var empty = Directory.CreateDirectory(Path.Combine(_dir, "empty")).FullName;
        File.WriteAllText(Path.Combine(empty, "readme.txt"), "not a dataset");
        var (exit, err) = Demo("--out", Path.Combine(_dir, "out3"), "--data", empty);
        Assert.Equal(2, exit);
        Assert.Contains("no IDX dataset", err);
    }
}
