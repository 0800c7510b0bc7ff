using Xbar.Circuits.Cost;

namespace Xbar.Circuits.Tests.Cost;

/// <summary>The cost config: defaults are valid, JSON round-trips, and every bad field is named.</summary>
public class TileCostConfigTests
{
    [Fact]
    public void When_EmptyJson_Expect_DefaultsOf22nmMtj2Tile()
    {
        var c = TileCostConfig.Parse("{}");
        Assert.Equal(22, c.Tech.FeatureSizeNm);
        Assert.Equal("mtj2", c.Cell.Name);
        Assert.Equal(4, c.Cell.States);
        Assert.Equal(AdcKind.Flash, c.Conv.Kind);
    }

    [Fact]
    public void When_ConfigWrittenAndRead_Expect_SameConfig()
    {
        var c = new TileCostConfig(Array: new ArrayCostConfig(Rows: 32, Cols: 16, Cell: "pcm"), Adc: new AdcCostConfig("sar", 6, 4));
        var back = TileCostConfig.Parse(c.ToJson());
        Assert.Equal(c.ToJson(), back.ToJson());
        Assert.Equal(AdcKind.Sar, back.Conv.Kind);
    }

    [Theory]
    [InlineData("""{"technology": {"wire_c_ff_per_um": -0.2}}""", "technology.wire_c_ff_per_um")]
    [InlineData("""{"technology": {"clock_hz": 0}}""", "technology.clock_hz")]
    [InlineData("""{"adc": {"type": "pipelined"}}""", "adc.type")]
    [InlineData("""{"array": {"cell": "sram"}}""", "array.cell")]
    [InlineData("""{"array": {"rows": 0}}""", "array.rows")]
    [InlineData("""{"input": {"encoding": "bit-serial"}}""", "input.encoding")]
    [InlineData("""{"readout": {"gain_bandwidth_hz": -1}}""", "readout.gain_bandwidth_hz")]
    [InlineData("""{"array": {"cell": "mtj2", "states": 99}}""", "array.states")]
    [InlineData("""{"adc": {"bitz": 8}}""", "adc")]
    public void When_FieldIsBad_Expect_InvalidInputNamingIt(string json, string field)
    {
        var e = Assert.Throws<InvalidInputException>(() => TileCostConfig.Parse(json, "cfg.json"));
        Assert.Contains(field, e.Message);
        Assert.StartsWith("cfg.json", e.Message);
    }

    [Fact]
    public void When_CellPitchFromIntel22ffl_Expect_SegmentFromInterconnectFigures()
    {
        // 216 nm x 13.26 Ohm/um and 0.2 fF/um (NeuroSim's 22 nm wire; see TechnologyNode).
        var spec = new TileCostConfig().Circuit();
        Assert.Equal(0.216 * 13.26, spec.Array.WordLineSegmentResistance, 1e-9);
        Assert.Equal(0.225 * 13.26, spec.Array.BitLineSegmentResistance, 1e-9);
        Assert.Equal(0.216 * 0.2e-15, spec.WordLineSegmentCapacitance, 1e-24);
        Assert.Equal(100.4, new TileCostConfig().Cell.AreaF2, 0.1);
    }
}
