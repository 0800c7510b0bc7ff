using Xbar.Circuits.Cost;
using Xbar.Circuits.ReadCircuits;

namespace Xbar.Circuits.Tests.Cost;

/// <summary>One tile MVM's cost from the nodal transient against the same MVM run in ngspice.</summary>
public class CostEnginesAgreementTests
{
    private static void Agree(string cell, int size, string encoding, double tolerance)
    {
        var config = new TileCostConfig(Array: new ArrayCostConfig(size, size, cell), Input: new InputCostConfig(encoding, 4)).Validate();
        var nodal = TileMvmTransient.Simulate(config, InputStatistics.Dense, 1);
        var spice = TileMvmTransient.Simulate(config, InputStatistics.Dense, 1, new NgspiceProcessRunner(timeout: TimeSpan.FromMinutes(10)));
        foreach (int bits in new[] { 4, 8 })
        {
            var a = nodal.Cost(bits, AdcKind.Sar);
            var b = spice.Cost(bits, AdcKind.Sar);
            foreach (var ((part, x), (_, y)) in a.Energy.Parts.Zip(b.Energy.Parts))
                Assert.True(Math.Abs(x - y) <= tolerance * a.Energy.Total, $"{part} at {bits} bits: nodal {x:g6} J, ngspice {y:g6} J");
            double read = a.Latency.Array + a.Latency.Readout, readSpice = b.Latency.Array + b.Latency.Readout;
            Assert.True(Math.Abs(read - readSpice) <= tolerance * read, $"read time at {bits} bits: nodal {read:g6} s, ngspice {readSpice:g6} s");
        }
    }

    [Theory]
    [InlineData("mtj2", "amplitude")]
    [InlineData("pcm", "pulse-width")]
    public void When_SmallTileInBothEngines_Expect_SameEnergyByPartAndReadTimeWithin1e3(string cell, string encoding) =>
        Agree(cell, 8, encoding, 1e-3);

    [Theory]
    [Trait("Category", "Slow")]
    [InlineData("mtj2")]
    [InlineData("rram")]
    public void When_32x32TileInBothEngines_Expect_SameEnergyByPartAndReadTimeWithin1e3(string cell) =>
        Agree(cell, 32, "amplitude", 1e-3);
}
