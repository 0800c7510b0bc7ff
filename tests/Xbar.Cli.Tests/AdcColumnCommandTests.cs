using System.CommandLine;
using System.Globalization;
using System.Text.Json;

namespace Xbar.Cli.Tests;

/// <summary>`xbar adc column` in process: exit 0 with the thresholds JSON the tile reads, exit 2 on bad bits.</summary>
public sealed class AdcColumnCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("xbar-adc-column-test-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static (int Exit, string Err) Run(params string[] args)
    {
        var error = new StringWriter();
        var exit = Program.BuildRoot().Parse(["adc", "column", .. args])
            .Invoke(new InvocationConfiguration { Output = new StringWriter(), Error = error });
        return (exit, error.ToString());
    }

    [Fact]
    public void When_ThreeBitColumnAdc_Expect_Exit0AndSevenThresholdsInAmperes()
    {
        var outDir = Path.Combine(_dir, "out");
        var (exit, err) = Run("--bits", "3", "--seed", "2", "--out", outDir);
        Assert.True(exit == 0, err);
        var path = Path.Combine(outDir, "column_adc_thresholds.json");
        using var json = JsonDocument.Parse(File.ReadAllText(path));
        Assert.Equal("A", json.RootElement.GetProperty("unit").GetString());
        Assert.Equal(7, json.RootElement.GetProperty("thresholds").GetArrayLength());
        Assert.Equal(7, json.RootElement.GetProperty("offsets").GetArrayLength());
        Assert.Equal(8, json.RootElement.GetProperty("levels").GetArrayLength());
        // The thresholds load as the tile's output.flash.
        var flash = JsonSerializer.Deserialize<Xbar.Behavioral.Periphery.FlashAdcThresholds>(File.ReadAllText(path), Xbar.Behavioral.Config.TileConfigJson.Options)!;
        flash.Validate("flash");
        var lines = File.ReadAllLines(Path.Combine(outDir, "column_adc_trips.csv"));
        Assert.Equal(8, lines.Length);
        // Offsets of 1 mV sigma on a 3-bit, 0.8 V ladder are ~0.01 LSB: every trip stays within a quarter LSB.
        Assert.All(lines.Skip(1), l => Assert.InRange(Math.Abs(double.Parse(l.Split(',')[4], CultureInfo.InvariantCulture)), 0, 0.25));
    }

    [Theory]
    [InlineData("9")]
    [InlineData("0")]
    public void When_BitsOutOfRange_Expect_Exit2(string bits)
    {
        var (exit, err) = Run("--bits", bits, "--out", Path.Combine(_dir, "bad"));
        Assert.Equal(2, exit);
        Assert.Contains("bits", err);
        Assert.DoesNotContain("   at ", err);
    }
}
