using System.Diagnostics;
using System.Globalization;

namespace Xbar.Netlists.Tests;

/// <summary>
/// The writer's text must be what ngspice reads: the written samples are run through the
/// <c>ngspice -b</c> command line (installed by <c>make test</c>) and must simulate without errors,
/// giving the analytic node voltages where there is one.
/// </summary>
public class NgspiceAcceptanceTests
{
    [Theory]
    [InlineData("divider.cir", "out", 0.5)]
    [InlineData("continuation_case.cir", "out", 0.5)]
    [InlineData("with_include.cir", "out", 0.5)]
    [InlineData("subcircuit.cir", "out", 0.8)] // X2 = 5k + 3*5k = 20k below X1 = 2.5k + 2.5k
    public void When_WrittenSampleRunInNgspice_Expect_AnalyticNodeVoltage(string file, string node, double expected)
    {
        var netlist = NetlistReader.ReadFile(TestData.Path_(Path.Combine("valid", file)));
        var voltages = RunOperatingPoint(netlist);
        Assert.Equal(expected, voltages[node], 6);
    }

    [Fact]
    public void When_EveryElementKindWritten_Expect_NgspiceSimulatesWithoutError()
    {
        var netlist = NetlistReader.ReadFile(TestData.Path_("valid/all_elements.cir")).WithAnalyses([new OperatingPointAnalysis()]);
        var voltages = RunOperatingPoint(netlist);
        Assert.Equal(1.8, voltages["vdd"], 6);
        Assert.Equal(2 * voltages["n1"], voltages["e1"], 6); // E1 gain 2
        Assert.Equal(2 * voltages["n1"] + 1, voltages["b1"], 6); // B1 V=2*v(n1)+1
    }

    /// <summary>Runs <c>ngspice -b</c> on the written netlist; returns the printed node voltages.</summary>
    internal static Dictionary<string, double> RunOperatingPoint(Netlist netlist)
    {
        var path = Path.Combine(Path.GetTempPath(), $"xbar-netlists-{Guid.NewGuid():N}.cir");
        File.WriteAllText(path, NetlistWriter.Write(netlist));
        try
        {
            var start = new ProcessStartInfo("ngspice", ["-b", path]) { RedirectStandardOutput = true, RedirectStandardError = true };
            using var process = Process.Start(start)!;
            var stderr = process.StandardError.ReadToEndAsync();
            var stdout = process.StandardOutput.ReadToEnd();
            Assert.True(process.WaitForExit(30_000), "ngspice did not finish in 30 s");
            var output = stdout + stderr.Result;
            var errors = output.Split('\n').Where(l => l.TrimStart().StartsWith("error", StringComparison.OrdinalIgnoreCase)).ToList();
            Assert.True(errors.Count == 0, "ngspice reported:\n" + string.Join("\n", errors) + "\n--- netlist ---\n" + NetlistWriter.Write(netlist));
            var voltages = new Dictionary<string, double>(StringComparer.OrdinalIgnoreCase);
            foreach (var line in stdout.Split('\n'))
            {
                var parts = line.Split(['\t', ' '], StringSplitOptions.RemoveEmptyEntries);
                if (parts.Length == 2 && double.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var v))
                    voltages[parts[0]] = v;
            }
            return voltages;
        }
        finally
        {
            File.Delete(path);
        }
    }
}
