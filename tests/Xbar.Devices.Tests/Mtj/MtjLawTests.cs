using Xbar.Devices.Mtj;

namespace Xbar.Devices.Tests.Mtj;

public class MtjLawTests
{
    private static readonly MtjDevice Device = new(); // R_P = 3360 Ohm, TMR0 = 1.74, V_h = 0.5 V, 4 states

    [Fact]
    public void When_FullyAntiparallelAtZeroBias_Expect_ResistanceRpTimesOnePlusTmr()
    {
        // R_AP(0) = R_P (1 + TMR0) = 3360 * 2.74 = 9206.4 Ohm.
        Assert.Equal(1 / 9206.4, Device.NominalConductance(0), 15);
        Assert.Equal(1 / 3360.0, Device.NominalConductance(3), 15);
    }

    [Fact]
    public void When_BiasEqualsHalfBiasVoltage_Expect_TmrHalved()
    {
        // At V = V_h, TMR = TMR0 / 2 = 0.87, so the AP cell has R = 3360 * 1.87 = 6283.2 Ohm.
        double i = Device.Current(0.5, 0);
        Assert.Equal(0.5 / 6283.2, i, 15);
    }

    [Fact]
    public void When_IntermediateState_Expect_ParallelMixOfPAndAp()
    {
        // State 1 of 4: x = 1/3. At 0.2 V: u = 0.16, TMR = 1.74 / 1.16 = 1.5, G_AP = G_P / 2.5.
        double gp = 1 / 3360.0;
        double expected = 0.2 * (gp / 3 + (2.0 / 3) * gp / 2.5);
        Assert.Equal(expected, Device.Current(0.2, 1), 15);
    }

    [Fact]
    public void When_StatesUniform_Expect_EqualConductanceSteps()
    {
        var device = new MtjDevice(new MtjParameters { States = 8 });
        double step = device.NominalConductance(1) - device.NominalConductance(0);
        for (int k = 1; k < 8; k++)
            Assert.Equal(step, device.NominalConductance(k) - device.NominalConductance(k - 1), 15);
        Assert.Equal(1 / 3360.0, device.NominalConductance(7), 15);
    }

    [Theory]
    [InlineData(0.01)]
    [InlineData(0.1)]
    [InlineData(0.37)]
    [InlineData(0.5)]
    [InlineData(1.0)]
    [InlineData(-0.6)]
    public void When_ConductanceComparedToFiniteDifference_Expect_Agreement(double v)
    {
        const double h = 1e-6;
        for (int k = 0; k < Device.States; k++)
        {
            double fd = (Device.Current(v + h, k) - Device.Current(v - h, k)) / (2 * h);
            double analytic = Device.Conductance(v, k);
            Assert.True(Math.Abs(fd - analytic) <= 1e-7 * Math.Abs(analytic), $"state {k}, v {v}: fd {fd} vs {analytic}");
        }
    }

    [Fact]
    public void When_BiasReversed_Expect_OddCurrent()
    {
        for (int k = 0; k < Device.States; k++)
            Assert.Equal(-Device.Current(0.3, k), Device.Current(-0.3, k));
    }

    [Fact]
    public void When_ZeroBias_Expect_DifferentialEqualsNominalConductance()
    {
        for (int k = 0; k < Device.States; k++)
            Assert.Equal(Device.NominalConductance(k), Device.Conductance(0, k), 15);
    }

    [Fact]
    public void When_LevelsGivenAsConductances_Expect_SameNominalConductances()
    {
        double gp = 1 / 3360.0, gap = gp / 2.74;
        double[] targets = [gap, gap + 0.1 * (gp - gap), gap + 0.7 * (gp - gap), gp];
        var device = new MtjDevice(new MtjParameters().WithLevelConductances(targets));
        for (int k = 0; k < 4; k++)
            Assert.Equal(targets[k], device.NominalConductance(k), 15);
        Assert.Equal(0.1, device.ParallelFraction(1), 12);
    }

    [Fact]
    public void When_SpiceInstanceWritten_Expect_SubcircuitWithRoundTripParameters()
    {
        var line = Assert.Single(Device.SpiceInstance("c1", "a", "b", 1));
        Assert.StartsWith("Xc1 a b xbar_mtj params: gp=", line);
        Assert.Contains("x=0.3333333333333333", line);
        Assert.Contains(Device.SpiceDefinitions(), l => l.StartsWith("B1 p n I=", StringComparison.Ordinal));
    }

    [Fact]
    public void When_CurrentAndConductanceTakenTogether_Expect_TheSeparateFormsToRoundOff()
    {
        // One division instead of six: the same law rearranged, so equal to a few units in the last place.
        double gp = 1 / 3360.0, vh = 0.5;
        foreach (double tmr0 in new[] { 0.0, 0.8, 1.74, 3.0 })
            foreach (double x in new[] { 0.0, 1 / 3.0, 1.0 })
                for (double v = -1.0; v <= 1.0; v += 0.0625)
                {
                    var (i, g) = MtjLaw.CurrentAndConductance(v, gp, tmr0, 1 / vh, x);
                    Assert.True(Math.Abs(i - MtjLaw.Current(v, gp, tmr0, vh, x)) <= 1e-14 * gp * Math.Abs(v), $"current at {v} V");
                    Assert.True(Math.Abs(g - MtjLaw.Conductance(v, gp, tmr0, vh, x)) <= 1e-14 * gp, $"conductance at {v} V");
                }
    }
}
