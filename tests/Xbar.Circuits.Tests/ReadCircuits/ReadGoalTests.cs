using Xbar.Circuits.ReadCircuits;

namespace Xbar.Circuits.Tests.ReadCircuits;

/// <summary>The read circuits' goals (our targets for latency, energy and code error rate), measured in ngspice (opt-in: 1,000 Monte Carlo transients).</summary>
public class ReadGoalTests
{
    [Fact]
    [Trait("Category", "Slow")]
    public void When_TwoBitFlashReadsFourStateMtjAtDefaultVariability_Expect_CodeErrorRateBelow1e3()
    {
        var r = new CellReadMonteCarlo(new NgspiceProcessRunner()).Run(new CellReadPoint(1.74, 4, 2, 1000), seed: 1, workers: 2);
        Assert.True(r.CodeErrorRate < 1e-3, $"code error rate {r.CodeErrorRate}");
    }
}
