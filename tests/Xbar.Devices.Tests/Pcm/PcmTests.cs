using MathNet.Numerics;
using MathNet.Numerics.Distributions;
using MathNet.Numerics.Statistics;
using Xbar.Devices.Tests.Arrays;
using Xbar.Devices.Arrays;
using Xbar.Devices.Linear;
using Xbar.Devices.NonIdealities;
using Xbar.Devices.Pcm;
using Xbar.Devices.Tests.NonIdealities;

namespace Xbar.Devices.Tests.Pcm;

/// <summary>
/// The PCM statistical model (Joshi et al. 2020; Nandakumar et al. 2019) measured on simulated
/// arrays with independent estimators: a log-log fit of G(t), sample spreads, ratios across time.
/// The published numbers the checks compare with are the fitted statistics of the paper at the
/// chosen states (e.g. mu_nu = 0.0601 and sigma_nu = 0.0229 at g_T = 0.1); a wrong exponent
/// sign, a missing per-device draw, a read noise that ignores time or a draw taken from the
/// wrong stream fails them. N = 3,600 or 10,000 cells: a mean is checked within 4 standard
/// errors and a standard deviation within 6 % (its standard error is sigma / sqrt(2N) &lt; 1.2 %).
/// </summary>
public class PcmTests
{
    /// <summary>Eleven levels 0, 2.5, ..., 25 uS: state k has g_T = k / 10.</summary>
    private static PcmParameters Levels11(double time) => new() { States = 11, Time = time };

    private static readonly double[] Times = [20, 200, 2e3, 2e4, 2e5, 2e6, 3.156e7];

    [Fact]
    public void When_GOfTFittedOnLogLogAxes_Expect_StraightLinesWhoseSlopesHaveThePublishedStatistics()
    {
        const int n = 60;
        var states = Filled(n, n, 1); // g_T = 0.1
        var g = Times.Select(t => (LinearCellArray)CellArrayFactory.Program(new PcmDevice(Levels11(t)), states, DeviceNonIdealities.Ideal, 11)).ToArray();
        var lnT = Times.Select(t => Math.Log(t)).ToArray();
        var nu = new List<double>();
        double worstResidual = 0;
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
            {
                var lnG = g.Select(a => Math.Log(a.ConductanceOf(i, j))).ToArray();
                var (intercept, slope) = Fit.Line(lnT, lnG);
                nu.Add(-slope);
                for (int k = 0; k < lnT.Length; k++) worstResidual = Math.Max(worstResidual, Math.Abs(intercept + slope * lnT[k] - lnG[k]));
            }
        Assert.True(worstResidual < 1e-9, $"G(t) is not a power law: residual {worstResidual:E1} in ln G");
        // Published fit at g_T = 0.1: mu_nu = -0.0155 ln 0.1 + 0.0244 = 0.0601, sigma_nu = -0.0125 ln 0.1 - 0.0059 = 0.0229;
        // the model takes nu = |draw|, a folded normal whose mean and spread follow from those two.
        double mu = 0.0601, sigma = 0.0229, r = mu / sigma;
        double foldedMean = sigma * Math.Sqrt(2 / Math.PI) * Math.Exp(-r * r / 2) + mu * (1 - 2 * Normal.CDF(0, 1, -r));
        double foldedSigma = Math.Sqrt(mu * mu + sigma * sigma - foldedMean * foldedMean);
        var s = SampleStats.Of(nu);
        Assert.InRange(s.Mean, foldedMean - 4 * foldedSigma / n, foldedMean + 4 * foldedSigma / n);
        Assert.InRange(s.Sigma, 0.94 * foldedSigma, 1.06 * foldedSigma);
    }

    [Fact]
    public void When_HighAndLowStatesDriftForADay_Expect_LowStateLosesMoreAsPublished()
    {
        // Joshi et al. 2020: nu is about 0.05 near G_max and grows towards 0.1 for low conductances,
        // so after a day (t / t0 = 4320) the high state keeps 4320^-0.049 = 66.4 % and g_T = 0.1 keeps 4320^-0.0601 = 60.5 %
        // (mean of ln G; 4 standard errors of the mean, sigma_nu ln(4320) / 60, are 0.45 % and 1.3 %).
        const int n = 60;
        double Kept(int state)
        {
            var a = (LinearCellArray)CellArrayFactory.Program(new PcmDevice(Levels11(86_400)), Filled(n, n, state), DeviceNonIdealities.Ideal, 3);
            return Math.Exp(SampleStats.Cells(n, n, (i, j) => Math.Log(a.ConductanceOf(i, j) / (2.5e-6 * state))).Average());
        }
        Assert.InRange(Kept(10), 0.6635 * 0.9955, 0.6635 * 1.0045);
        Assert.InRange(Kept(1), 0.604 * 0.987, 0.604 * 1.013);
    }

    [Fact]
    public void When_ProgrammedAtEveryLevel_Expect_SpreadPeaksInTheUpperMiddleAsThePublishedFit()
    {
        // sigma_prog(g_T) = 0.26348 + 1.9650 g_T - 1.1731 g_T^2 uS: 0.263 uS at RESET, largest near g_T = 0.84
        // (1.085 uS at g_T = 0.8), back to 1.055 uS at G_max. Measured on 100 x 100 cells per level.
        const int n = 100;
        var device = new PcmDevice(Levels11(20));
        var sigma = new double[11];
        for (int k = 0; k <= 10; k++)
        {
            var a = (LinearCellArray)CellArrayFactory.Program(device, Filled(n, n, k), NonIdealityPresets.Pcm2020(), 40 + k);
            // Cells clamped at 0 S would shrink the RESET state's spread: measure it on the upper half only (mirror).
            sigma[k] = k == 0
                ? Math.Sqrt(SampleStats.Cells(n, n, (i, j) => a.ConductanceOf(i, j)).Where(g => g > 0).Select(g => g * g).Average())
                : SampleStats.Of(SampleStats.Cells(n, n, (i, j) => a.ConductanceOf(i, j))).Sigma;
        }
        Assert.InRange(sigma[0], 0.94 * 0.263e-6, 1.06 * 0.263e-6);
        Assert.InRange(sigma[8], 0.94 * 1.0847e-6, 1.06 * 1.0847e-6);
        Assert.InRange(sigma[10], 0.94 * 1.0554e-6, 1.06 * 1.0554e-6);
        Assert.True(sigma[5] > 3 * sigma[0], $"mid-window spread {sigma[5]:E2} S should dwarf RESET's {sigma[0]:E2} S");
    }

    [Fact]
    public void When_ReadNoiseAccumulatesFromAMinuteToAMonth_Expect_SigmaGrowsAsRootOfLogTime()
    {
        // The 1/f integral: sigma(t) / sigma(t') = sqrt(ln((t + t_r) / 2 t_r) / ln((t' + t_r) / 2 t_r)), t_r = 250 ns:
        // 60 s -> 2.6e6 s gives sqrt(29.28 / 18.60) = 1.2546; at g_T = 1 the relative sigma at 60 s is Q_s sqrt(18.60) = 0.0088 x 4.313 = 3.796 %.
        const int n = 100;
        double Sigma(double t)
        {
            var p = Levels11(t) with { Drift = false, ReadNoise = true };
            var a = (LinearCellArray)CellArrayFactory.Program(new PcmDevice(p), Filled(n, n, 10), DeviceNonIdealities.Ideal, 9);
            return SampleStats.Of(SampleStats.Cells(n, n, (i, j) => a.ConductanceOf(i, j) / 25e-6 - 1)).Sigma;
        }
        double early = Sigma(60), late = Sigma(2.6e6);
        Assert.InRange(early, 0.94 * 0.03796, 1.06 * 0.03796);
        Assert.InRange(late / early, 1.2546 * 0.94, 1.2546 * 1.06);
    }

    [Fact]
    public void When_SameArrayReprogrammed_Expect_ProgrammingAndReadNoiseRedrawn_SpreadAndDriftExponentsKept()
    {
        const int n = 40;
        var states = ProgrammingReproducibilityTests.RandomStates(n, n, 11, 5);
        var atT0 = new PcmDevice(Levels11(20));
        var ni = NonIdealityPresets.Pcm2020() with { Spread = new DeviceSpread { SigmaLnResistance = 0.05 } };
        LinearCellArray P(PcmDevice d, DeviceNonIdealities x, int cycle) => (LinearCellArray)CellArrayFactory.Program(d, states, x, 77, cycle);

        // Device-to-device only (lognormal spread, drift exponents): re-programming gives the same array.
        var d2d = DeviceNonIdealities.Ideal with { Spread = ni.Spread };
        var laterNoNoise = new PcmDevice(Levels11(86_400));
        Assert.Equal(Matrix(P(laterNoNoise, d2d, 0)), Matrix(P(laterNoNoise, d2d, 1)));

        // Cycle-to-cycle parts redraw: programming errors of two cycles are uncorrelated (|r| < 4 / sqrt(N)), one cycle twice is identical.
        var c2c = NonIdealityPresets.Pcm2020();
        var e0 = Errors(P(atT0, c2c, 0), atT0, states);
        var e1 = Errors(P(atT0, c2c, 1), atT0, states);
        Assert.Equal(e0, Errors(P(atT0, c2c, 0), atT0, states));
        Assert.InRange(Correlation.Pearson(e0, e1), -4.0 / n, 4.0 / n);

        // The drift factor G(t) / G(t0) of every device is the same after each programming: nu belongs to the device.
        var noRead = new PcmDevice(Levels11(86_400));
        for (int cycle = 0; cycle < 2; cycle++)
        {
            var a = P(noRead, ni, cycle);
            var b = P(atT0, ni, cycle);
            var c = P(noRead, ni, cycle + 5);
            var d = P(atT0, ni, cycle + 5);
            for (int i = 0; i < n; i += 7)
                for (int j = 0; j < n; j += 7)
                    if (b.ConductanceOf(i, j) > 0 && d.ConductanceOf(i, j) > 0)
                        Assert.Equal(a.ConductanceOf(i, j) / b.ConductanceOf(i, j), c.ConductanceOf(i, j) / d.ConductanceOf(i, j), 12);
        }

        // The 1/f read noise accumulated until t is redrawn too: with exact programming, the deviations
        // from the noiseless array of two cycles are uncorrelated.
        var withRead = new PcmDevice(Levels11(86_400) with { ReadNoise = true });
        var clean = Matrix(P(laterNoNoise, d2d, 0));
        var r0 = Matrix(P(withRead, d2d, 0)).Zip(clean, (x, y) => x - y).ToArray();
        var r1 = Matrix(P(withRead, d2d, 1)).Zip(clean, (x, y) => x - y).ToArray();
        Assert.Contains(r0, v => v != 0);
        Assert.InRange(Correlation.Pearson(r0, r1), -4.0 / n, 4.0 / n);
    }

    [Fact]
    public void When_FirstCycle_Expect_SameArrayAsBeforeCyclesExisted()
    {
        // Cycle 0 draws from the same streams the single-seed model used, so earlier seeded results stand.
        var states = ProgrammingReproducibilityTests.RandomStates(8, 8, 4, 2);
        var ni = NonIdealityPresets.RramGaussian(1e-6);
        var device = new LinearDevice(new LinearParameters { States = 4 });
        var viaFactory = (LinearCellArray)CellArrayFactory.Program(device, states, ni, 3);
        var legacy = ConductanceProgramming.Draw([1e-6, 9e-6, 17e-6, 25e-6], 25e-6, states, ni, 3);
        for (int i = 0; i < 8; i++)
            for (int j = 0; j < 8; j++)
                Assert.Equal(legacy[i, j], viaFactory.ConductanceOf(i, j));
        var rng = RandomStreams.For(3, RandomStreams.Programming);
        Assert.Equal(rng.NextDouble(), RandomStreams.ForCycle(3, RandomStreams.Programming, 0).NextDouble());
    }

    private static double[] Errors(LinearCellArray a, PcmDevice device, int[,] states) =>
        SampleStats.Cells(states.GetLength(0), states.GetLength(1), (i, j) => a.ConductanceOf(i, j) - device.TargetConductance(states[i, j])).ToArray();

    private static double[] Matrix(LinearCellArray a) => SampleStats.Cells(a.Rows, a.Cols, a.ConductanceOf).ToArray();

    internal static int[,] Filled(int m, int n, int state)
    {
        var s = new int[m, n];
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++)
                s[i, j] = state;
        return s;
    }
}

public class PcmParameterTests
{
    [Fact]
    public void When_PcmParametersInvalid_Expect_ErrorsNamingFields()
    {
        Assert.Contains("Time", Assert.Throws<InvalidInputException>(() => new PcmParameters { Time = -1 }).Message);
        Assert.Contains("ReferenceTime", Assert.Throws<InvalidInputException>(() => new PcmParameters { ReferenceTime = 0 }).Message);
        Assert.Contains("MaxConductance", Assert.Throws<InvalidInputException>(() => new PcmParameters { MaxConductance = double.NaN }).Message);
        Assert.Contains("States", Assert.Throws<InvalidInputException>(() => new PcmParameters { States = 1 }).Message);
        Assert.Contains("Scale", Assert.Throws<InvalidInputException>(() => new PcmProgrammingError { Scale = -1 }).Message);
    }
}
