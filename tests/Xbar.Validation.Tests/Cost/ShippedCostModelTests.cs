using Xbar.Circuits.Cost;
using Xbar.Validation.Cost;

namespace Xbar.Validation.Tests.Cost;

/// <summary>
/// The shipped fitted cost model against fresh transients (another seed) at sizes the sweep did not
/// run: total energy and latency within 10 %, the array's share (drivers, cells, wires; a few percent
/// of the total with an 8-bit SAR) within 15 %, the bounds of the fit's residual (fit_residual.csv).
/// </summary>
public sealed class ShippedCostModelTests
{
    [Theory]
    [InlineData("mtj2", 96, 96, "amplitude")]
    [InlineData("pcm", 48, 80, "amplitude")]
    [InlineData("rram", 96, 48, "pulse-width")]
    public void When_ShippedModelAskedBetweenSweptSizes_Expect_TransientsCostWithinTheFitsResidual(string cell, int rows, int cols, string encoding)
    {
        var model = ShippedCostModel.Load();
        var tile = model.Base with
        {
            Array = model.Base.Arr with { Rows = rows, Cols = cols, Cell = cell },
            Input = model.Base.In with { Encoding = encoding },
            Adc = model.Base.Conv with { Type = "sar", Bits = 8 },
        };
        var predicted = model.Mvm(tile, InputStatistics.Dense);
        var measured = TileMvmTransient.Simulate(tile, InputStatistics.Dense, 7).Cost();
        Assert.True(Math.Abs(predicted.Energy.Total / measured.Energy.Total - 1) < 0.10,
            $"energy: model {predicted.Energy.Total:g4} J, transient {measured.Energy.Total:g4} J");
        double Array(MvmCost c) => c.Energy.Drivers + c.Energy.Cells + c.Energy.Wires;
        Assert.True(Math.Abs(Array(predicted) / Array(measured) - 1) < 0.15,
            $"array share: model {Array(predicted):g4} J, transient {Array(measured):g4} J");
        Assert.True(Math.Abs(predicted.Latency.Total / measured.Latency.Total - 1) < 0.10,
            $"latency: model {predicted.Latency.Total:g4} s, transient {measured.Latency.Total:g4} s");
    }
}
