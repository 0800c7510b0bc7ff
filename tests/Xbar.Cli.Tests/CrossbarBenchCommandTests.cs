using System.Globalization;

namespace Xbar.Cli.Tests;

public class CrossbarBenchCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("xbar-bench-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void When_BenchSolverRunsSmallestSize_Expect_ExitCode0()
    {
        Assert.Equal(0, Program.BuildRoot().Parse(["bench", "solver", "--max-n", "16", "--ngspice-limit", "60"]).Invoke());
    }

    [Fact]
    public void When_BenchSolverRunsTheStandardProblem_Expect_DirectErrorBelow1e9AndIterationsRecorded()
    {
        string csv = Path.Combine(_dir, "bench.csv");
        Assert.Equal(0, Program.BuildRoot().Parse(["bench", "solver", "--problem", "standard", "--max-n", "64", "--ngspice-limit", "0", "--out", csv]).Invoke());
        var lines = File.ReadAllLines(csv);
        Assert.Equal(1 + 3 * 2, lines.Length); // header, then 16, 32, 64 x (linear, mtj)
        foreach (var line in lines.Skip(1))
        {
            var row = CrossbarCellFileTests.Bench(lines[0], line);
            Assert.True(int.Parse(row["cg"], CultureInfo.InvariantCulture) >= 1);
            Assert.True(int.Parse(row["reference_cg"], CultureInfo.InvariantCulture) >= 1);
            Assert.True(double.Parse(row["kcl_residual"], CultureInfo.InvariantCulture) < 1e-12);
            if (row["cells"] == "linear")
                Assert.True(double.Parse(row["direct_error"], CultureInfo.InvariantCulture) < 1e-9, line);
        }
    }

    [Fact]
    public void When_BenchSolverMaxNTooSmall_Expect_ExitCode2()
    {
        Assert.Equal(2, Program.BuildRoot().Parse(["bench", "solver", "--max-n", "4"]).Invoke());
    }

    [Theory]
    [InlineData("--problem", "hard")]
    [InlineData("--tolerance", "2")]
    [InlineData("--batch", "-1")]
    public void When_BenchSolverOptionIsBad_Expect_ExitCode2(string option, string value)
    {
        Assert.Equal(2, Program.BuildRoot().Parse(["bench", "solver", "--max-n", "16", "--ngspice-limit", "0", option, value]).Invoke());
    }
}
