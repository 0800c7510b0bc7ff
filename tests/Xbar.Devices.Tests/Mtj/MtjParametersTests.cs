using Xbar.Devices.Mtj;

namespace Xbar.Devices.Tests.Mtj;

public class MtjParametersTests
{
    [Theory]
    [InlineData(-1.0)]
    [InlineData(0.0)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void When_ResistanceParallelNotPositiveFinite_Expect_ErrorNamingField(double r)
    {
        var e = Assert.Throws<InvalidInputException>(() => new MtjParameters { ResistanceParallel = r });
        Assert.Contains(nameof(MtjParameters.ResistanceParallel), e.Message);
    }

    [Fact]
    public void When_TmrNegative_Expect_ErrorNamingField()
    {
        var e = Assert.Throws<InvalidInputException>(() => new MtjParameters { Tmr0 = -0.1 });
        Assert.Contains(nameof(MtjParameters.Tmr0), e.Message);
    }

    [Fact]
    public void When_HalfBiasVoltageZero_Expect_ErrorNamingField()
    {
        var e = Assert.Throws<InvalidInputException>(() => new MtjParameters() with { HalfBiasVoltage = 0 });
        Assert.Contains(nameof(MtjParameters.HalfBiasVoltage), e.Message);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(17)]
    public void When_StatesOutside2To16_Expect_ErrorNamingField(int states)
    {
        var e = Assert.Throws<InvalidInputException>(() => new MtjParameters { States = states });
        Assert.Contains(nameof(MtjParameters.States), e.Message);
    }

    [Fact]
    public void When_FractionsOutOfRangeOrNotIncreasing_Expect_ErrorNamingEntry()
    {
        var e1 = Assert.Throws<InvalidInputException>(() => new MtjParameters { ParallelFractions = [0, 1.2] });
        Assert.Contains("ParallelFractions[1]", e1.Message);
        var e2 = Assert.Throws<InvalidInputException>(() => new MtjParameters { ParallelFractions = [0, 0.5, 0.5] });
        Assert.Contains("strictly increasing", e2.Message);
    }

    [Fact]
    public void When_FractionCountDiffersFromStates_Expect_Error()
    {
        var p = new MtjParameters { States = 4, ParallelFractions = [0, 0.5, 1] };
        var e = Assert.Throws<InvalidInputException>(() => new MtjDevice(p));
        Assert.Contains("States", e.Message);
    }

    [Fact]
    public void When_LevelConductanceOutsideWindow_Expect_Error()
    {
        var e = Assert.Throws<InvalidInputException>(() => new MtjParameters().WithLevelConductances([1e-5, 1e-3]));
        Assert.Contains("outside [G_AP, G_P]", e.Message);
    }
}
