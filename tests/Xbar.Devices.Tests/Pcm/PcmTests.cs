using Xbar.Devices.Arrays;
using Xbar.Devices.Linear;
using Xbar.Devices.NonIdealities;
using Xbar.Devices.Pcm;

namespace Xbar.Devices.Tests.Pcm;

public class PcmTests
{
    [Fact]
    public void When_ArrayReadOverFourDecades_Expect_StraightLineInLogLogWithOneSlopePerCell()
    {
        // A power law G(t) = G(t0) (t/t0)^-nu is a straight line in log-log: the log-ratio per decade is
        // the same in every decade, for every cell (whatever its own nu), which a wrong time law would break.
        int[,] states = Filled(20, 20, 2);
        double[][] g = [.. new[] { 200.0, 2e3, 2e4, 2e5 }.Select(t =>
            Flatten((LinearCellArray)CellArrayFactory.Program(new PcmDevice(new PcmParameters { Time = t }), states, DeviceNonIdealities.Ideal, 9)))];
        for (int c = 0; c < 400; c++)
        {
            double d1 = Math.Log10(g[0][c] / g[1][c]), d2 = Math.Log10(g[1][c] / g[2][c]), d3 = Math.Log10(g[2][c] / g[3][c]);
            Assert.Equal(d1, d2, 10);
            Assert.Equal(d2, d3, 10);
            Assert.InRange(d1, 0.0, 0.2); // nu per decade within the published clip range 0.049..0.1, |draw| up to 2 sigma
        }
    }

    [Fact]
    public void When_LowerStatesDrift_Expect_LargerMeanExponentWithinPublishedRange()
    {
        // Joshi et al. 2020 (Methods): the drift exponent grows as the target conductance falls and is
        // clipped to [0.049, 0.1]. Measured from arrays programmed to each state of 16, read 1 h after t0.
        var parameters = new PcmParameters { States = 16, Time = 20 * 180, DriftVariability = false };
        var device = new PcmDevice(parameters);
        var nu = new double[16];
        for (int state = 1; state < 16; state++)
        {
            var array = (LinearCellArray)CellArrayFactory.Program(device, Filled(4, 4, state), DeviceNonIdealities.Ideal, 3);
            nu[state] = -Math.Log(array.ConductanceOf(0, 0) / device.TargetConductance(state)) / Math.Log(180);
            Assert.InRange(nu[state], 0.049 - 1e-12, 0.1 + 1e-12);
            if (state > 1) Assert.True(nu[state] <= nu[state - 1] + 1e-12, $"state {state}: nu {nu[state]} above the lower state's {nu[state - 1]}");
        }
        Assert.True(nu[1] > nu[15] + 0.01, $"the lowest state drifts barely more than the highest ({nu[1]} vs {nu[15]})");
    }

    [Theory]
    // sigma_prog of Nandakumar et al. 2019 / Joshi et al. 2020 (polynomial 0.26348 + 1.9650 g - 1.1731 g^2 uS),
    // tabulated at the 4 uniform levels of 0..25 uS: g = 0, 1/3, 2/3, 1.
    [InlineData(0, 0.263)]
    [InlineData(1, 0.787)]
    [InlineData(2, 1.052)]
    [InlineData(3, 1.055)]
    public void When_ArrayProgrammed_Expect_MeasuredSpreadOfPublishedProgrammingNoise(int state, double sigmaMicro)
    {
        var device = new PcmDevice();
        var noise = DeviceNonIdealities.Ideal with { Programming = new PcmProgrammingError() };
        var array = (LinearCellArray)CellArrayFactory.Program(device, Filled(100, 100, state), noise, 11);
        var values = Flatten(array).Select(v => (v - device.TargetConductance(state)) * 1e6).ToArray();
        double sd = Math.Sqrt(values.Select(v => v * v).Average());
        // 10,000 draws: the sample SD is within 3 % of sigma with overwhelming probability (SE of an SD ~ 0.7 %);
        // the lowest state loses its negative tail to the G >= 0 floor, so it is checked from above only.
        if (state == 0) Assert.InRange(sd, 0.3 * sigmaMicro, 1.03 * sigmaMicro);
        else Assert.InRange(sd, 0.97 * sigmaMicro, 1.03 * sigmaMicro);
    }

    [Fact]
    public void When_ReadNoiseAccumulates_Expect_VarianceLinearInLogTimeAndProportionalToConductance()
    {
        // 1/f noise integrated from the read time: sigma^2 grows linearly in ln(t / (2 t_read)) (Joshi et al. 2020),
        // and at a fixed g_T the noise is a fixed fraction of G.
        double[] times = [20, 200, 2000, 20000];
        var sigma = times.Select(t => new PcmReadNoise { Time = t }.Sigma(10e-6)).ToArray();
        var x = times.Select(t => Math.Log((t + 250e-9) / (2 * 250e-9))).ToArray();
        var y = sigma.Select(s => s * s).ToArray();
        double slope01 = (y[1] - y[0]) / (x[1] - x[0]), slope23 = (y[3] - y[2]) / (x[3] - x[2]);
        Assert.Equal(slope01, slope23, slope01 * 1e-9);
        Assert.Equal(0, y[0] - slope01 * x[0], slope01 * 1e-6); // through the origin
        var scaled = new PcmReadNoise { Time = 3600, MaximumConductance = 50e-6 };
        Assert.Equal(2 * new PcmReadNoise { Time = 3600 }.Sigma(10e-6), scaled.Sigma(20e-6), 1e-18);
    }

    [Fact]
    public void When_ArrayDriftsForAnHour_Expect_MeanConductanceLowerByPublishedExponent()
    {
        var device = new PcmDevice(new PcmParameters { Time = 20 * 180 });
        var states = Filled(60, 60, 3); // g_T = 1 -> mu_nu = 0.049, sigma_nu = 0.008
        var array = (LinearCellArray)CellArrayFactory.Program(device, states, DeviceNonIdealities.Ideal, 5);
        double meanLog = 0;
        for (int i = 0; i < 60; i++)
            for (int j = 0; j < 60; j++)
                meanLog += Math.Log(array.ConductanceOf(i, j) / 25e-6);
        meanLog /= 3600;
        double nuHat = -meanLog / Math.Log(180);
        Assert.InRange(nuHat, 0.049 - 0.001, 0.049 + 0.001); // SE of mean nu = 0.008/60
    }

    [Fact]
    public void When_DriftVariabilityOff_Expect_EveryCellAtNominal()
    {
        var device = new PcmDevice(new PcmParameters { Time = 1e4, DriftVariability = false });
        var array = (LinearCellArray)CellArrayFactory.Program(device, Filled(3, 3, 2), DeviceNonIdealities.Ideal, 1);
        Assert.Equal(device.NominalConductance(2), array.ConductanceOf(2, 1), 15);
        Assert.True(device.NominalConductance(2) < device.TargetConductance(2));
    }

    private static double[] Flatten(LinearCellArray a) =>
        [.. Enumerable.Range(0, a.Rows).SelectMany(i => Enumerable.Range(0, a.Cols).Select(j => a.ConductanceOf(i, j)))];

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
