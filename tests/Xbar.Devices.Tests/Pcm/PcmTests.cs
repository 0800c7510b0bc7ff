using Xbar.Devices.Arrays;
using Xbar.Devices.Linear;
using Xbar.Devices.NonIdealities;
using Xbar.Devices.Pcm;

namespace Xbar.Devices.Tests.Pcm;

public class PcmTests
{
    [Fact]
    public void When_DriftLawApplied_Expect_PowerLawInTime()
    {
        // G(t) = G(t0) (t/t0)^-nu: 10x later with nu = 0.05 -> factor 10^-0.05.
        Assert.Equal(20e-6 * Math.Pow(10, -0.05), PcmDrift.Apply(20e-6, 0.05, 200, 20), 15);
        Assert.Equal(20e-6, PcmDrift.Apply(20e-6, 0.05, 20, 20), 15);
    }

    [Fact]
    public void When_DriftExponentStatistics_Expect_PublishedFit()
    {
        // mu_nu = clamp(-0.0155 ln g + 0.0244, 0.049, 0.1): at g = 1 -> 0.049 (floor); at g = 0.1 -> 0.0601.
        Assert.Equal(0.049, PcmDrift.MeanNu(1.0), 12);
        Assert.Equal(-0.0155 * Math.Log(0.1) + 0.0244, PcmDrift.MeanNu(0.1), 12);
        Assert.Equal(0.1, PcmDrift.MeanNu(1e-6), 12);
        // sigma_nu = clamp(-0.0125 ln g - 0.0059, 0.008, 0.045).
        Assert.Equal(0.008, PcmDrift.SigmaNu(1.0), 12);
        Assert.Equal(-0.0125 * Math.Log(0.1) - 0.0059, PcmDrift.SigmaNu(0.1), 12);
    }

    [Fact]
    public void When_ProgrammingNoisePolynomial_Expect_PublishedCoefficients()
    {
        var e = new PcmProgrammingError();
        // sigma(g) = 0.26348 + 1.9650 g - 1.1731 g^2 uS, g = G / 25 uS.
        Assert.Equal(0.26348e-6, e.SigmaAt(0, 25e-6), 15);
        Assert.Equal((0.26348 + 1.9650 * 0.5 - 1.1731 * 0.25) * 1e-6, e.SigmaAt(12.5e-6, 25e-6), 15);
        Assert.Equal((0.26348 + 1.9650 - 1.1731) * 1e-6, e.SigmaAt(25e-6, 25e-6), 15);
    }

    [Fact]
    public void When_ReadNoiseEvaluated_Expect_OneOverFFormula()
    {
        var r = new PcmReadNoise { Time = 3600 };
        double g = 10e-6, gT = 0.4;
        double qs = Math.Min(0.0088 / Math.Pow(gT, 0.65), 0.2);
        double expected = g * qs * Math.Sqrt(Math.Log((3600 + 250e-9) / (2 * 250e-9)));
        Assert.Equal(expected, r.Sigma(g), 15);
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
