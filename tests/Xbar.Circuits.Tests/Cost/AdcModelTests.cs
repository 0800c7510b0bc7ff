using Xbar.Circuits.Cost;

namespace Xbar.Circuits.Tests.Cost;

/// <summary>
/// The ADC models against the figures they cite: the energy per conversion at the reference
/// resolution is the reference's power over its sampling rate, the Walden FoM E / 2^b is the same at
/// every resolution, and the area at the reference resolution is the reference's.
/// </summary>
public class AdcModelTests
{
    [Theory]
    // Van der Plas et al., ISSCC 2006: 4 bits, 2.5 mW, 1.25 GS/s.
    [InlineData(AdcKind.Flash, 4, 2.5e-3, 1.25e9)]
    // ISAAC, Shafiee et al., ISCA 2016, Table I: 8 ADCs of 8 bits, 16 mW together, 1.2 GS/s.
    [InlineData(AdcKind.Sar, 8, 16e-3 / 8, 1.2e9)]
    public void When_AdcAtItsReferenceResolution_Expect_CitedPowerOverRateAndConstantWaldenFom(AdcKind kind, int bits, double power, double rate)
    {
        var adc = AdcModel.For(kind);
        Assert.Equal(power / rate, adc.EnergyPerConversion(bits), 1e-18);
        double fom = power / (rate * Math.Pow(2, bits));
        for (int b = 1; b <= 10; b++)
            Assert.Equal(fom, adc.EnergyPerConversion(b) / Math.Pow(2, b), fom * 1e-12);
    }

    [Fact]
    public void When_SarAtEightBitsInItsOwnNode_Expect_IsaacArea()
    {
        // ISAAC: 0.0096 mm^2 for 8 ADCs at 32 nm.
        var node32 = new TechnologyNode(FeatureSizeNm: 32);
        Assert.Equal(0.0096e-6 / 8, AdcModel.Sar.Area(8, node32), 1e-15);
        // At 22 nm the layout scales with F^2.
        Assert.Equal(0.0096e-6 / 8 * Math.Pow(22.0 / 32, 2), AdcModel.Sar.Area(8, new TechnologyNode()), 1e-15);
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(4, 15)]
    [InlineData(8, 255)]
    public void When_FlashOfBBits_Expect_TwoToTheBMinusOneComparatorsOfArea(int bits, int comparators) =>
        Assert.Equal(comparators * AdcModel.Flash.ReferenceAreaUm2 * 1e-12, AdcModel.Flash.Area(bits, new TechnologyNode()), 1e-18);

    [Fact]
    public void When_FlashConverts_Expect_OneSamplePeriodAtAnyResolution()
    {
        Assert.Equal(0.8e-9, AdcModel.Flash.ConversionTime(2), 1e-15);
        Assert.Equal(0.8e-9, AdcModel.Flash.ConversionTime(8), 1e-15);
        Assert.Equal(1 / 1.2e9, AdcModel.Sar.ConversionTime(8), 1e-15);
    }
}
