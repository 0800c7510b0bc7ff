using System.CommandLine;
using System.Text.Json;

namespace Xbar.Cli.Tests;

/// <summary>`xbar cost` in process: a tile's cost and its files, and bad cost configs exit 2 naming the field.</summary>
public sealed class CostCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("xbar-cost-test-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static (int Exit, string Err) Run(params string[] args)
    {
        var error = new StringWriter();
        var exit = Program.BuildRoot().Parse(["cost", .. args])
            .Invoke(new InvocationConfiguration { Output = new StringWriter(), Error = error });
        return (exit, error.ToString());
    }

    [Fact]
    public void When_SmallTileCosted_Expect_Exit0AndCostJsonWhosePartsAddUp()
    {
        string dir = Path.Combine(_dir, "tile");
        var (exit, err) = Run("tile", "--cell", "pcm", "--rows", "8", "--cols", "8", "--adc", "sar", "--adc-bits", "6", "--out", dir);
        Assert.True(exit == 0, err);
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "cost.json")));
        var root = json.RootElement;
        double parts = root.GetProperty("energy_j").EnumerateObject().Sum(p => p.Value.GetDouble());
        Assert.Equal(root.GetProperty("energy_total_j").GetDouble(), parts, 1e-20);
        Assert.True(parts > 0);
        Assert.Contains("ERT:", File.ReadAllText(Path.Combine(dir, "ERT.yaml")));
        Assert.Contains("ART:", File.ReadAllText(Path.Combine(dir, "ART.yaml")));
    }

    [Theory]
    [InlineData("""{"technology": {"wire_c_ff_per_um": -0.2}}""", "technology.wire_c_ff_per_um")]
    [InlineData("""{"adc": {"type": "pipelined"}}""", "adc.type")]
    [InlineData("""{"technology": {"clock_hz": 0}}""", "technology.clock_hz")]
    [InlineData("""{"array": {"rows": 4, "cols": 4,}""", "cost.json")]
    public void When_CostConfigIsBad_Expect_Exit2NamingTheField(string config, string named)
    {
        string path = Path.Combine(_dir, "cost.json");
        File.WriteAllText(path, config);
        var (exit, err) = Run("tile", "--config", path, "--rows", "4", "--cols", "4");
        Assert.Equal(2, exit);
        Assert.Contains(named, err);
        Assert.DoesNotContain("   at ", err);
    }

    [Fact]
    public void When_FittedEngineWithoutModel_Expect_Exit2() =>
        Assert.Equal(2, Run("tile", "--engine", "fitted").Exit);

    [Fact]
    public void When_UnknownInputStatistics_Expect_Exit2NamingTheOption()
    {
        var (exit, err) = Run("tile", "--inputs", "medium", "--rows", "4", "--cols", "4");
        Assert.Equal(2, exit);
        Assert.Contains("--inputs", err);
    }
}
