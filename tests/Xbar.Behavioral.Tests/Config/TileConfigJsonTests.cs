using Xbar.Behavioral.Config;
using Xbar.Behavioral.Periphery;

namespace Xbar.Behavioral.Tests.Config;

public class TileConfigJsonTests
{
    [Theory]
    [InlineData("ideal")]
    [InlineData("mtj4")]
    [InlineData("rram")]
    [InlineData("linear")]
    public void When_PresetSerialized_Expect_RoundTripEqual(string name)
    {
        var cfg = TilePresets.Get(name);
        var back = TileConfigJson.Parse(TileConfigJson.Serialize(cfg));
        Assert.Equal(TileConfigJson.Serialize(cfg), TileConfigJson.Serialize(back));
        Assert.Equal(cfg.PhysicsHash, back.PhysicsHash);
    }

    [Fact]
    public void When_FlashThresholdsInConfig_Expect_RoundTrip()
    {
        var cfg = TilePresets.Mtj4() with
        {
            Output = new OutputConfig(TiaGainOhm: 1000, Flash: new FlashAdcThresholds([-0.1, 0.0, 0.1], [0.001, -0.002, 0.0])),
        };
        var back = TileConfigJson.Parse(TileConfigJson.Serialize(cfg));
        Assert.Equal([-0.1, 0.0, 0.1], back.Output.Flash!.Thresholds);
        Assert.Equal([0.001, -0.002, 0.0], back.Output.Flash!.Offsets!);
    }

    private static string Mutate(string from, string to)
    {
        string json = TileConfigJson.Serialize(TilePresets.Mtj4());
        Assert.Contains(from, json);
        return json.Replace(from, to);
    }

    [Fact]
    public void When_UnknownField_Expect_ErrorNamingField()
    {
        var e = Assert.Throws<InvalidInputException>(() => TileConfigJson.Parse(Mutate("\"rows\": 64", "\"rows\": 64, \"rowz\": 3"), "tile.json"));
        Assert.Contains("array.rowz", e.Message);
        Assert.StartsWith("tile.json:", e.Message);
    }

    [Fact]
    public void When_ZeroAdcBits_Expect_ErrorNamingField()
    {
        var e = Assert.Throws<InvalidInputException>(() => TileConfigJson.Parse(Mutate("\"adc_bits\": 8", "\"adc_bits\": 0")));
        Assert.Contains("output.adc_bits", e.Message);
    }

    [Fact]
    public void When_NegativeRange_Expect_ErrorNamingField()
    {
        var e = Assert.Throws<InvalidInputException>(() => TileConfigJson.Parse(Mutate("\"read_voltage_v\": 0.2", "\"read_voltage_v\": -0.2")));
        Assert.Contains("input.read_voltage_v", e.Message);
        var e2 = Assert.Throws<InvalidInputException>(() => TileConfigJson.Parse(Mutate("\"wire_r_ohm\": 1", "\"wire_r_ohm\": -1")));
        Assert.Contains("array.wire_r_ohm", e2.Message);
    }

    [Fact]
    public void When_MoreStatesThanDeviceSupports_Expect_ErrorNamingField()
    {
        var e = Assert.Throws<InvalidInputException>(() => TileConfigJson.Parse(Mutate("\"states\": 4", "\"states\": 17")));
        Assert.Contains("device.states", e.Message);
    }

    [Fact]
    public void When_UnknownEnumValue_Expect_ErrorNamingField()
    {
        var e = Assert.Throws<InvalidInputException>(() => TileConfigJson.Parse(Mutate("\"encoding\": \"amplitude\"", "\"encoding\": \"loudness\"")));
        Assert.Contains("input.encoding", e.Message);
    }

    [Fact]
    public void When_UnknownPreset_Expect_ClearError()
    {
        var e = Assert.Throws<InvalidInputException>(() => TilePresets.Get("nope"));
        Assert.Contains("mtj4", e.Message);
    }
}
