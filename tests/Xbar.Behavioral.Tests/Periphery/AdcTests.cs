using Xbar.Behavioral.Config;
using Xbar.Behavioral.Periphery;

namespace Xbar.Behavioral.Tests.Periphery;

public class AdcTests
{
    [Fact]
    public void When_FlashThresholdsWithOffsets_Expect_CodeCountsFiredComparators()
    {
        var adc = new FlashAdc(new FlashAdcThresholds([-0.2, 0.0, 0.2], [0.0, 0.05, -0.05]));
        Assert.Equal(0, adc.Code(-0.3));
        Assert.Equal(1, adc.Code(-0.1));
        Assert.Equal(1, adc.Code(0.04));  // comparator 1 fires above 0.05, not at 0.04
        Assert.Equal(2, adc.Code(0.06));
        Assert.Equal(3, adc.Code(0.16));  // comparator 2 fires above 0.15
        Assert.Equal(3, adc.Code(9.0));
    }

    [Fact]
    public void When_FlashWithoutLevels_Expect_MidpointReconstruction()
    {
        var adc = new FlashAdc(new FlashAdcThresholds([-0.2, 0.0, 0.2]));
        Assert.Equal(-0.3, adc.Convert(-1.0), 12);
        Assert.Equal(-0.1, adc.Convert(-0.05), 12);
        Assert.Equal(0.1, adc.Convert(0.05), 12);
        Assert.Equal(0.3, adc.Convert(1.0), 12);
    }

    [Fact]
    public void When_UniformAdc_Expect_MidTreadCodesAndClipping()
    {
        var adc = new UniformAdc(3, 1.0); // step 0.25, codes -4..3
        Assert.Equal(0, adc.Code(0.1));
        Assert.Equal(1, adc.Code(0.2));
        Assert.Equal(3, adc.Code(5));
        Assert.Equal(-4, adc.Code(-5));
        Assert.Equal(-0.5, adc.Convert(-0.55), 12);
    }

    [Fact]
    public void When_UniformThresholdListBuilt_Expect_SameCodesAsFlash()
    {
        var spec = FlashAdcThresholds.Uniform(3, 1.0);
        var flash = new FlashAdc(spec);
        Assert.Equal(7, spec.Thresholds.Length);
        Assert.Equal(0, flash.Code(-0.9));
        Assert.Equal(7, flash.Code(0.9));
        Assert.Equal(0.125, flash.Convert(0.1), 12);
    }

    [Fact]
    public void When_ThresholdsNotIncreasing_Expect_ErrorNamingField()
    {
        var e = Assert.Throws<InvalidInputException>(() => new OutputConfig(Flash: new FlashAdcThresholds([0.1, 0.0])).Validate());
        Assert.Contains("output.flash.thresholds", e.Message);
    }

    [Fact]
    public void When_DacBits_Expect_RoundedToSteps()
    {
        var dac = new Dac(new InputConfig(DacBits: 2, ReadVoltageV: 0.3, InputMax: 1.0)); // 3 steps of 0.1 V
        Assert.Equal(0.1, dac.Voltage(0.4), 12);
        Assert.Equal(-0.3, dac.Voltage(-7), 12);
        Assert.Equal(2, dac.Code(0.6));
    }
}
