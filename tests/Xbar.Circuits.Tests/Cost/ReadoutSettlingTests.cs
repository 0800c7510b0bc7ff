using Xbar.Circuits.Cost;

namespace Xbar.Circuits.Tests.Cost;

/// <summary>The single-pole read-out against its closed form.</summary>
public class ReadoutSettlingTests
{
    [Fact]
    public void When_StepIntoSinglePole_Expect_SettlingTauTimesLnOfErrorOverBand()
    {
        // u jumps to 1 at t = 0+ (a sample at 0 of 0, then 1 from 1e-15 s on): y = 1 - e^(-t/tau).
        double tau = 1e-9, band = 1.0 / 512;
        var time = new[] { 0, 1e-15, 2e-9 };
        var u = new[] { 0.0, 1.0, 1.0 };
        double t = ReadoutSettling.FilteredSettleTime(time, u, 1.0, band, tau);
        Assert.Equal(tau * Math.Log(1 / band), t, 1e-12);
    }

    [Fact]
    public void When_RampIntoSinglePole_Expect_ExactParticularSolution()
    {
        // u = t / T: y = (t - tau (1 - e^(-t/tau))) / T.
        double tau = 0.3e-9, T = 1e-9;
        var time = Enumerable.Range(0, 11).Select(k => k * 0.1e-9).ToArray();
        var u = time.Select(t => t / T).ToArray();
        var y = ReadoutSettling.Filter(time, u, tau);
        for (int k = 0; k < time.Length; k++)
            Assert.Equal((time[k] - tau * (1 - Math.Exp(-time[k] / tau))) / T, y[k], 1e-12);
    }

    [Fact]
    public void When_WaveformCrossesBand_Expect_InterpolatedCrossing() =>
        Assert.Equal(1.5, ReadoutSettling.SettleTime([0, 1, 2, 3], [0, 0.5, 0.9, 1.0], 1.0, 0.3), 1e-12);
}
