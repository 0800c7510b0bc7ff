using Xbar.Devices.Rram;

namespace Xbar.Devices.Tests.Rram;

public class RramTests
{
    [Fact]
    public void When_NoNonlinearity_Expect_OhmicLevelsFrom1To25MicroSiemens()
    {
        var d = new RramDevice();
        Assert.True(d.IsLinear);
        Assert.Equal(1e-6, d.NominalConductance(0), 15);
        Assert.Equal(9e-6, d.NominalConductance(1), 15);
        Assert.Equal(25e-6, d.NominalConductance(3), 15);
        Assert.Equal(0.3 * 17e-6, d.Current(0.3, 2), 15);
    }

    [Fact]
    public void When_SinhNonlinearity_Expect_HandComputedCurrent()
    {
        var d = new RramDevice(new RramParameters { NonlinearityVoltage = 0.25 });
        Assert.False(d.IsLinear);
        // I = G V0 sinh(V/V0); at V = 0.25 V: sinh(1) = 1.1752011936438014.
        Assert.Equal(25e-6 * 0.25 * 1.1752011936438014, d.Current(0.25, 3), 15);
        Assert.Equal(25e-6 * Math.Cosh(1), d.Conductance(0.25, 3), 15);
    }

    [Theory]
    [InlineData(0.01)]
    [InlineData(0.3)]
    [InlineData(1.0)]
    public void When_ConductanceComparedToFiniteDifference_Expect_Agreement(double v)
    {
        var d = new RramDevice(new RramParameters { NonlinearityVoltage = 0.25 });
        const double h = 1e-6;
        double fd = (d.Current(v + h, 1) - d.Current(v - h, 1)) / (2 * h);
        Assert.True(Math.Abs(fd - d.Conductance(v, 1)) <= 1e-7 * d.Conductance(v, 1));
    }

    [Fact]
    public void When_ParametersInvalid_Expect_ErrorsNamingFields()
    {
        Assert.Contains("MinConductance", Assert.Throws<InvalidInputException>(() => new RramParameters { MinConductance = -1e-6 }).Message);
        Assert.Contains("NonlinearityVoltage", Assert.Throws<InvalidInputException>(() => new RramParameters { NonlinearityVoltage = 0 }).Message);
        Assert.Contains("MaxConductance", Assert.Throws<InvalidInputException>(() => new RramDevice(new RramParameters { MinConductance = 3e-5 })).Message);
        Assert.Contains("Levels", Assert.Throws<InvalidInputException>(() => new RramDevice(new RramParameters { States = 3, Levels = [1e-6, 2e-6] })).Message);
    }
}
