using Xbar.Circuits.Engines;
using Xbar.Circuits.Engines.Ngspice;

namespace Xbar.Circuits.Tests.Engines;

/// <summary>The ngspice engine against circuits with closed-form answers.</summary>
public sealed class NgspiceAnalyticTests
{
    private static readonly NgspiceEngine Engine = new();

    [Fact]
    public void When_DividerHasNoAnalysisCard_Expect_OperatingPointWithOhmsLaw()
    {
        var result = Engine.RunText("""
            divider
            V1 in 0 DC 3
            R1 in out 1k
            R2 out 0 2k
            .end
            """);

        var op = result.OperatingPoint;
        Assert.Equal(2.0, op.NodeVoltage("out"), 12);
        Assert.Equal(3.0, op.NodeVoltage("IN"), 12);
        // ngspice: the source current flows from + through the source to -, so a source driving a load is negative.
        Assert.Equal(-1e-3, op.BranchCurrent("v1"), 15);
        Assert.Equal(-1e-3, op.Value("I(V1)"), 15);
        Assert.Equal(0.0, op.NodeVoltage("0"));
    }

    [Fact]
    public void When_LoadOnTheveninNetwork_Expect_TheveninEquivalentPrediction()
    {
        // Vs=10 V, R1=1k to node a, R2=3k a->0; Thevenin at a: Vth = 7.5 V, Rth = 750 Ohm.
        // A 250 Ohm load through a 0 V ammeter sees I = 7.5 / (750 + 250) = 7.5 mA.
        var result = Engine.RunText("""
            thevenin
            VS s 0 10
            R1 s a 1k
            R2 a 0 3k
            VM a b 0
            RL b 0 250
            .op
            .end
            """);

        var op = result.OperatingPoint;
        Assert.Equal(7.5e-3, op.BranchCurrent("vm"), 14);
        Assert.Equal(7.5e-3 * 250, op.NodeVoltage("b"), 12);
    }

    [Fact]
    public void When_RcStepResponse_Expect_ExponentialWithinOneThousandth()
    {
        const double r = 1e3, c = 1e-6, tau = r * c;
        var result = Engine.RunText("""
            rc step
            V1 in 0 PULSE(0 1 0 1n 1n 1 2)
            R1 in out 1k
            C1 out 0 1u
            .tran 10u 5m 0 10u
            .end
            """);

        var tran = result.Transient;
        Assert.Equal("time", tran.SweepName);
        Assert.True(tran.Count > 100);
        var v = tran.NodeVoltage("out");
        for (var k = 0; k < tran.Count; k++)
        {
            var t = tran.Sweep[k];
            if (t < 1e-8) continue; // during the 1 ns rise
            var expected = 1 - Math.Exp(-(t - 1e-9) / tau);
            Assert.True(Math.Abs(v[k] - expected) < 1e-3, $"t={t}: v={v[k]}, expected {expected}");
        }
    }

    [Fact]
    public void When_FileIncludesRelativePath_Expect_ResolvedAgainstTheFilesDirectory()
    {
        var dir = Directory.CreateTempSubdirectory("xbar-engine-include-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(dir, "load.inc"), "R2 out 0 3k\n");
            var main = Path.Combine(dir, "main.cir");
            File.WriteAllText(main, "include\nV1 in 0 4\nR1 in out 1k\n.include load.inc\n.op\n.end\n");

            var op = Engine.RunFile(main).OperatingPoint;

            Assert.Equal(3.0, op.NodeVoltage("out"), 12);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void When_DcSweepOfDivider_Expect_LinearTransfer()
    {
        var result = Engine.RunText("""
            sweep
            V1 in 0 0
            R1 in out 1k
            R2 out 0 1k
            .dc V1 0 2 0.5
            .end
            """);

        var dc = result.DcSweep;
        Assert.Equal("v-sweep", dc.SweepName);
        Assert.Equal(new[] { 0.0, 0.5, 1.0, 1.5, 2.0 }, dc.Sweep.Select(x => Math.Round(x, 12)));
        for (var k = 0; k < dc.Count; k++)
        {
            Assert.Equal(dc.Sweep[k] / 2, dc.NodeVoltage("out")[k], 12);
            Assert.Equal(-dc.Sweep[k] / 2e3, dc.BranchCurrent("V1")[k], 15);
        }
    }
}
