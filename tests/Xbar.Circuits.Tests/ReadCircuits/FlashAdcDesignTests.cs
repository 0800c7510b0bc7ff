using Xbar.Circuits.ReadCircuits;

namespace Xbar.Circuits.Tests.ReadCircuits;

public class FlashAdcDesignTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(9)]
    [InlineData(-1)]
    public void When_BitsOutside1To8_Expect_InvalidInput(int bits)
    {
        var e = Assert.Throws<InvalidInputException>(() => FlashAdcDesign.ValidateBits(bits));
        Assert.Contains("bits", e.Message);
    }

    [Fact]
    public void When_ThresholdsNotIncreasing_Expect_InvalidInputNamingThem()
    {
        var e = Assert.Throws<InvalidInputException>(() => new FlashAdcDesign(2, new[] { 0.1, 0.3, 0.2 }));
        Assert.Contains("strictly increasing", e.Message);
        Assert.Throws<InvalidInputException>(() => new FlashAdcDesign(2, new[] { 0.1, 0.1, 0.2 }));
        Assert.Throws<InvalidInputException>(() => new FlashAdcDesign(2, new[] { 0.1, 0.2 }));
    }

    [Fact]
    public void When_NominalLadder_Expect_TapsAtThresholds()
    {
        var adc = new FlashAdcDesign(2, new[] { 0.05, 0.08, 0.15 });
        var taps = adc.TapVoltages(null);
        for (int k = 0; k < 3; k++) Assert.Equal(adc.Thresholds[k], taps[k], 12);
        Assert.Equal(adc.LadderResistance, adc.NominalSegments().Sum(), 6);
    }

    [Fact]
    public void When_FewerStatesThanCodes_Expect_MidpointsThenExtrapolatedReferences()
    {
        var t = FlashAdcDesign.MidpointThresholds(2, new[] { 0.1, 0.2, 0.4 });
        Assert.Equal(new[] { 0.15, 0.3, 0.5 }, t.Select(x => Math.Round(x, 12)));
        Assert.Throws<InvalidInputException>(() => FlashAdcDesign.MidpointThresholds(1, new[] { 0.1, 0.2, 0.3 }));
    }

    [Fact]
    public void When_LevelSpreadsDiffer_Expect_ReferenceEquallyManySigmasFromEach()
    {
        var levels = new[] { 0.1, 0.2, 0.3 };
        var equal = FlashAdcDesign.EqualRiskThresholds(2, levels, new[] { 0.01, 0.01, 0.01 });
        var mid = FlashAdcDesign.MidpointThresholds(2, levels);
        for (int k = 0; k < 3; k++) Assert.Equal(mid[k], equal[k], 12);
        var t = FlashAdcDesign.EqualRiskThresholds(2, levels, new[] { 0.001, 0.003, 0.001 });
        Assert.Equal((t[0] - 0.1) / 0.001, (0.2 - t[0]) / 0.003, 9);
        Assert.Equal((t[1] - 0.2) / 0.003, (0.3 - t[1]) / 0.001, 9);
    }
}
