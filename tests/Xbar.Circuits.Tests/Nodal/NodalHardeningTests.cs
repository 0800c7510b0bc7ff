using System.Diagnostics;
using Xbar.Circuits.Engines;
using Xbar.Circuits.Engines.Ngspice;
using Xbar.Circuits.Nodal;
using Xbar.Netlists;

namespace Xbar.Circuits.Tests.Nodal;

/// <summary>The nodal engine honours its timeout in every phase, bounds flattening, and says when its source currents are lost to conditioning.</summary>
public class NodalHardeningTests
{
    /// <summary>A hierarchy of <paramref name="levels"/> doubling subcircuits under V1: 2^levels 1-Ohm resistors in series.</summary>
    private static Netlist Doubling(int levels)
    {
        var subcircuits = new List<SubcircuitDefinition>();
        for (int i = 0; i < levels; i++)
            subcircuits.Add(new SubcircuitDefinition($"s{i}", ["a", "b"],
                [new SubcircuitInstance("X1", ["a", "m"], $"s{i + 1}"), new SubcircuitInstance("X2", ["m", "b"], $"s{i + 1}")]));
        subcircuits.Add(new SubcircuitDefinition($"s{levels}", ["a", "b"], [new Resistor("R1", "a", "b", 1.0)]));
        return new Netlist("doubling", [new VoltageSource("V1", "in", "0", 1.0), new SubcircuitInstance("X0", ["in", "0"], "s0")]) { Subcircuits = subcircuits };
    }

    [Fact]
    public void When_FlatteningOutlastsTimeout_Expect_TimeoutAtTheDeadline()
    {
        var clock = Stopwatch.StartNew();
        var e = Assert.Throws<SimulationTimeoutException>(() =>
            new NodalNetlistEngine().Run(Doubling(20), new SimulationOptions { Timeout = TimeSpan.FromMilliseconds(200) }));
        Assert.Contains("nodal did not finish within 0.2 s", e.Message);
        Assert.True(clock.Elapsed.TotalSeconds < 3, $"returned after {clock.Elapsed.TotalSeconds:F1} s");
    }

    [Fact]
    public void When_HierarchyExceedsElementBudget_Expect_InvalidInputNamingTheCall()
    {
        var e = Assert.ThrowsAny<InvalidInputException>(() => SubcircuitFlattener.Flatten(Doubling(12), maxElements: 1000));
        Assert.Contains("X0: the subcircuit hierarchy expands to more than 1000 elements", e.Message);
    }

    [Fact]
    public void When_HierarchyWithinBudget_Expect_SeriesResistanceOfAllLeaves()
    {
        var op = new NodalNetlistEngine().Run(Doubling(10)).OperatingPoint;
        Assert.Equal(-1.0 / 1024, op.BranchCurrent("V1"), 1e-15); // Ohm: 1 V over 1024 x 1 Ohm
    }

    /// <summary>V1 drives a cell of 10 kOhm through a chain of <paramref name="wires"/> wires of <paramref name="wireOhm"/> each.</summary>
    private static string Chain(double wireOhm, int wires = 8)
    {
        var lines = new List<string> { "chain", "V1 n0 0 DC 0.2" };
        for (int k = 0; k < wires; k++) lines.Add($"RW{k} n{k} n{k + 1} {wireOhm:R}");
        lines.Add($"RCELL n{wires} 0 10k");
        return string.Join("\n", lines) + "\n.op\n.end\n";
    }

    [Fact]
    public void When_WiresAre1e12Ohm_Expect_RefusalNamingTheWireAndTheUncertainty()
    {
        var e = Assert.ThrowsAny<InvalidInputException>(() => new NodalNetlistEngine().RunText(Chain(1e-12)));
        Assert.Matches(@"^<input>:\d+: RW\d: source currents are uncertain by up to", e.Message);
    }

    [Theory]
    [InlineData(1e-7)]
    [InlineData(1e-6)]
    public void When_WiresAreTiny_Expect_WarningWhoseBoundCoversTheActualError(double wireOhm)
    {
        var result = new NodalNetlistEngine().RunText(Chain(wireOhm));
        var warning = Assert.Single(result.Warnings);
        // Ohm's law: the exact current through the chain and the cell.
        double exact = -0.2 / (10e3 + 8 * wireOhm);
        double actual = Math.Abs(result.OperatingPoint.BranchCurrent("V1") - exact);
        var bound = double.Parse(System.Text.RegularExpressions.Regex.Match(warning, @"uncertain by up to (\S+) A").Groups[1].Value,
            System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(actual <= bound, $"error {actual:G3} A above the stated bound {bound:G3} A");
    }

    [Fact]
    public void When_WiresAreOrdinary_Expect_NoWarningAndOhmsLaw()
    {
        var result = new NodalNetlistEngine().RunText(Chain(1.0));
        Assert.Empty(result.Warnings);
        Assert.Equal(-0.2 / (10e3 + 8), result.OperatingPoint.BranchCurrent("V1"), 1e-17);
    }

    [Fact]
    public void When_NgspiceFindsSingularMatrixTheReaderCannotSee_Expect_InvalidInputAtTheBlamedElement()
    {
        // Each VCVS copies the other's output: structurally fine, numerically singular.
        var netlist = NetlistReader.ReadText("t\nV1 c 0 1\nR0 c 0 1k\nE1 a 0 b 0 1\nE2 b 0 a 0 1\nR1 a 0 1k\nR2 b 0 1k\n.op\n", "loop.cir");
        using var engine = new NgspiceEngine();
        var e = Assert.ThrowsAny<InvalidInputException>(() => engine.Run(netlist));
        Assert.Matches(@"^loop\.cir:\d: E\d: ngspice changed the circuit: .*singular matrix", e.Message);
    }
}
