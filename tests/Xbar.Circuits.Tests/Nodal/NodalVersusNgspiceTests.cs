using Xbar.Circuits.Crossbars;
using Xbar.Circuits.Engines;
using Xbar.Circuits.Engines.Ngspice;
using Xbar.Circuits.Nodal;
using Xbar.Devices;

namespace Xbar.Circuits.Tests.Nodal;

/// <summary>The nodal solver against ngspice on the netlist <see cref="CrossbarNetlistBuilder"/> writes for the same crossbar.</summary>
public class NodalVersusNgspiceTests
{
    internal static double MaxRelativeDifference(CrossbarSpec spec, ICellArray cells, double[] v)
    {
        var nodal = new NodalCrossbarSolver().Solve(spec, cells, v);
        using var engine = new NgspiceEngine();
        // ngspice without KLU is slow on large arrays (about 80 s at 128x128), beyond the default 60 s limit.
        var op = engine.RunText(CrossbarNetlistBuilder.Build(spec, cells, v), new SimulationOptions { Timeout = TimeSpan.FromMinutes(10) }).OperatingPoint;
        double scale = nodal.ColumnCurrents.Max(Math.Abs), worst = 0;
        for (int j = 0; j < spec.Cols; j++)
            worst = Math.Max(worst, Math.Abs(op.BranchCurrent(CrossbarNodes.ColumnSource(j)) - nodal.ColumnCurrents[j]) / scale);
        // Node voltages too, on a few cells.
        var nodes = new CrossbarNodes(spec);
        double vScale = v.Max(Math.Abs);
        foreach (var (i, j) in new[] { (0, 0), (spec.Rows - 1, spec.Cols - 1), (spec.Rows / 2, spec.Cols / 3) })
        {
            worst = Math.Max(worst, Math.Abs(op.NodeVoltage(nodes.WordLine(i, j)) - nodal.WordLineVoltage(i, j)) / vScale);
            worst = Math.Max(worst, Math.Abs(op.NodeVoltage(nodes.BitLine(i, j)) - nodal.BitLineVoltage(i, j)) / vScale);
        }
        return worst;
    }

    private static double[] Inputs(int m, int seed)
    {
        var rng = new Random(seed);
        return Enumerable.Range(0, m).Select(_ => 0.3 * rng.NextDouble()).ToArray();
    }

    [Theory]
    [InlineData(8, 8, 2.5, 2.5, 0.0)]
    [InlineData(16, 12, 1.0, 4.0, 20.0)]
    [InlineData(32, 32, 2.0, 2.0, 0.0)]
    [InlineData(10, 10, 0.0, 3.0, 0.0)]
    [InlineData(10, 10, 3.0, 0.0, 5.0)]
    public void When_LinearCrossbar_Expect_NodalEqualsNgspiceWithin1e9(int m, int n, double rw, double rb, double rd)
    {
        var spec = new CrossbarSpec(m, n, rw, rb, rd);
        double d = MaxRelativeDifference(spec, OhmicTestCells.Random(m, n, m * n), Inputs(m, m));
        Assert.True(d < 1e-9, $"max relative difference {d}");
    }

    [Theory]
    [InlineData(8, 8)]
    [InlineData(20, 16)]
    [InlineData(32, 32)]
    public void When_MtjLikeCrossbar_Expect_NodalEqualsNgspiceWithin1e6(int m, int n)
    {
        var spec = new CrossbarSpec(m, n, 2.0, 2.0, 10.0);
        double d = MaxRelativeDifference(spec, MtjLikeTestCells.Random(m, n, m + n), Inputs(m, n));
        Assert.True(d < 1e-6, $"max relative difference {d}");
    }

    [Fact]
    public void When_OneT1RWithLoad_Expect_NodalEqualsNgspice()
    {
        var spec = new CrossbarSpec(12, 10, 2.0, 2.0, 10.0, CellKind.OneT1R, 2000, ColumnTermination.LoadResistor, 50);
        double d = MaxRelativeDifference(spec, MtjLikeTestCells.Random(12, 10, 3), Inputs(12, 4));
        Assert.True(d < 1e-6, $"max relative difference {d}");
    }

    [Theory]
    [InlineData("mtj", 8, 8, 1e-6)]
    [InlineData("mtj", 32, 32, 1e-6)]
    [InlineData("rram", 8, 12, 1e-6)]
    [InlineData("rram", 24, 24, 1e-6)]
    [InlineData("pcm", 8, 8, 1e-6)]
    [InlineData("pcm", 32, 20, 1e-6)]
    [InlineData("linear", 32, 32, 1e-9)]
    public void When_DeviceCrossbar_Expect_NodalEqualsNgspice(string device, int m, int n, double tolerance)
    {
        var spec = new CrossbarSpec(m, n, 2.0, 1.5, 5.0);
        var cells = CrossbarFactory.Program(device, 4, CrossbarFactory.RandomStates(m, n, 4, m * 31 + n));
        double d = MaxRelativeDifference(spec, cells, Inputs(m, n + 1));
        Assert.True(d < tolerance, $"{device}: max relative difference {d}");
    }

    [Fact]
    public void When_SameSeed_Expect_BitIdenticalArraysAndCurrents()
    {
        var spec = new CrossbarSpec(40, 30, 1.0, 1.0);
        ICellArray Make() => CrossbarFactory.Program("mtj", 4, CrossbarFactory.RandomStates(40, 30, 4, 77), 77);
        var v = CrossbarFactory.RandomInputs(1, 40, 0.2, 77);
        var input = Enumerable.Range(0, 40).Select(i => v[0, i]).ToArray();
        Assert.Equal(CrossbarNetlistBuilder.Build(spec, Make(), input), CrossbarNetlistBuilder.Build(spec, Make(), input));
        var a = new NodalCrossbarSolver().Solve(spec, Make(), input).ColumnCurrents;
        var b = new NodalCrossbarSolver().Solve(spec, Make(), input).ColumnCurrents;
        Assert.Equal(a, b);
    }

    [Theory]
    [Trait("Category", "Slow")]
    [InlineData(64)]
    [InlineData(128)]
    public void When_MtjCrossbar_Expect_NodalEqualsNgspiceWithin1e6(int n)
    {
        // ngspice needs 2-80 s at 64x64 and about 80 s at 128x128 on the Debian build (no KLU), hence Slow.
        var spec = new CrossbarSpec(n, n, 1.0, 1.0);
        var cells = CrossbarFactory.Program("mtj", 4, CrossbarFactory.RandomStates(n, n, 4, n));
        double d = MaxRelativeDifference(spec, cells, Inputs(n, n + 1));
        Assert.True(d < 1e-6, $"max relative difference {d}");
    }
}
