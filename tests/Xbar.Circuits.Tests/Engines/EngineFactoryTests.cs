using Xbar.Circuits.Engines;
using Xbar.Circuits.Engines.Ngspice;

namespace Xbar.Circuits.Tests.Engines;

public sealed class EngineFactoryTests
{
    [Fact]
    public void When_NgspiceIsRequestedInAnyCase_Expect_NgspiceEngine()
    {
        using var engine = EngineFactory.Create("NgSpice");
        Assert.IsType<NgspiceEngine>(engine);
        Assert.Equal("ngspice", engine.Name);
        Assert.Contains("ngspice", EngineFactory.Names);
    }

    [Fact]
    public void When_NameIsUnknown_Expect_InvalidInputListingKnownEngines()
    {
        var e = Assert.Throws<InvalidInputException>(() => EngineFactory.Create("hspice"));
        Assert.Contains("hspice", e.Message);
        Assert.Contains("ngspice", e.Message);
    }

    [Fact]
    public void When_TimeoutIsNotPositive_Expect_ArgumentOutOfRange()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new SimulationOptions { Timeout = TimeSpan.Zero });
    }
}
