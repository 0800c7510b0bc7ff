using Xbar.Circuits.Crossbars;
using Xbar.Circuits.Engines;
using Xbar.Circuits.Engines.Ngspice;
using Xbar.Circuits.Nodal;

namespace Xbar.Circuits.Tests.Nodal;

public class NodalNetlistEngineTests
{
    private const string Mixed = """
        * mixed R, V, I with a floating source and a supernode
        v1 in 0 DC 1.5
        r1 in a 1k
        r2 a 0 2k
        v2 a b DC 0.25
        r3 b 0 500
        i1 0 b DC 1m
        r4 b c 100
        r5 c 0 300
        vsense c d DC 0
        r6 d 0 700
        .op
        .end
        """;

    [Fact]
    public void When_NetlistHasRVAndI_Expect_SameVoltagesAndSourceCurrentsAsNgspice()
    {
        var nodal = new NodalNetlistEngine().RunText(Mixed).OperatingPoint;
        using var ng = new NgspiceEngine();
        var reference = ng.RunText(Mixed).OperatingPoint;
        foreach (string name in new[] { "v(in)", "v(a)", "v(b)", "v(c)", "v(d)", "i(v1)", "i(v2)", "i(vsense)" })
            Assert.Equal(reference.Value(name), nodal.Value(name), 1e-12 + 1e-9 * Math.Abs(reference.Value(name)));
    }

    [Fact]
    public void When_OhmsLawDivider_Expect_AnalyticResult()
    {
        var op = new NodalNetlistEngine().RunText("divider\nv1 in 0 2\nr1 in out 3k\nr2 out 0 1k\n.end\n").OperatingPoint;
        Assert.Equal(0.5, op.NodeVoltage("out"), 1e-15);
        // ngspice sign: current into + through the source, i.e. -2 V / 4 kOhm.
        Assert.Equal(-0.5e-3, op.BranchCurrent("v1"), 1e-18);
    }

    [Fact]
    public void When_CrossbarNetlistIsSolved_Expect_SameColumnCurrentsAsCrossbarSolver()
    {
        var spec = new CrossbarSpec(16, 12, 2, 3, 10);
        var cells = OhmicTestCells.Random(16, 12, 4);
        var rng = new Random(5);
        var v = Enumerable.Range(0, 16).Select(_ => 0.2 * rng.NextDouble()).ToArray();
        var op = new NodalNetlistEngine().RunText(CrossbarNetlistBuilder.Build(spec, cells, v)).OperatingPoint;
        var s = new NodalCrossbarSolver().Solve(spec, cells, v);
        for (int j = 0; j < 12; j++)
            Assert.Equal(s.ColumnCurrents[j], op.BranchCurrent(CrossbarNodes.ColumnSource(j)), 1e-10 * s.ColumnCurrents[j]);
    }

    [Fact]
    public void When_NetlistHasOtherElements_Expect_RefusalNamingElementAndLine()
    {
        var e = Assert.ThrowsAny<InvalidInputException>(() =>
            new NodalNetlistEngine().RunText("t\nv1 a 0 1\nr1 a b 1k\nc1 b 0 1n\nr2 b 0 1k\n.end\n"));
        Assert.Contains("c1", e.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Contains(":4", e.Message);
    }

    [Fact]
    public void When_NodeFloats_Expect_ClearMessage()
    {
        // Built in code: the netlist reader would already refuse the floating pair b, c.
        var netlist = new Xbar.Netlists.Netlist("t", [
            new Xbar.Netlists.VoltageSource("v1", "a", "0", 1.0), new Xbar.Netlists.Resistor("r1", "a", "0", 1000.0),
            new Xbar.Netlists.CurrentSource("i1", "b", "c", 1e-3), new Xbar.Netlists.Resistor("r2", "b", "c", 1000.0)]);
        var e = Assert.ThrowsAny<InvalidInputException>(() => new NodalNetlistEngine().Run(netlist));
        Assert.Contains("path to ground", e.Message);
    }

    [Fact]
    public void When_FactoryAsksForNodal_Expect_NodalEngine()
    {
        using var engine = EngineFactory.Create("nodal");
        Assert.Equal("nodal", engine.Name);
    }
}
