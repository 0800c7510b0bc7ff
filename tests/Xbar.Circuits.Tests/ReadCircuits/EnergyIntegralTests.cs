using Xbar.Circuits.ReadCircuits;

namespace Xbar.Circuits.Tests.ReadCircuits;

public class EnergyIntegralTests
{
    [Fact]
    public void When_ConstantPower_Expect_PowerTimesDuration()
    {
        var time = new[] { 0.0, 1e-9, 2e-9, 3e-9 };
        var r = new TransientResult(time, new Dictionary<string, double[]> { ["i(v1)"] = new[] { -1e-3, -1e-3, -1e-3, -1e-3 } });
        var probes = new ReaderProbes(Array.Empty<string>(), 0.5, (res, t) => -0.5 * res["i(v1)"][t]);
        Assert.Equal(0.5e-3 * 2.5e-9, ReadTransientAnalysis.Energy(r, probes, 2.5e-9), 1e-20);
    }

    [Fact]
    public void When_OutputCrossesLogicThreshold_Expect_InterpolatedLatencyAndFinalCode()
    {
        var time = new[] { 0.0, 1e-9, 2e-9, 3e-9, 10e-9 };
        var r = new TransientResult(time, new Dictionary<string, double[]>
        {
            ["v(o0)"] = new[] { 0.0, 0.2, 0.8, 1.0, 1.0 },
            ["v(o1)"] = new[] { 0.0, 0.0, 0.0, 0.0, 0.0 },
        });
        var outcome = ReadTransientAnalysis.Analyze(r, new ReaderProbes(new[] { "v(o0)", "v(o1)" }, 0.5, (_, _) => 0));
        Assert.Equal(1, outcome.FinalCode);
        Assert.Equal(1.5e-9, outcome.Latency, 1e-15);
        Assert.True(outcome.Settled);
    }
}
