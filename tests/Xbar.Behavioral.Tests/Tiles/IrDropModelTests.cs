using Xbar.Behavioral.Calibration;
using Xbar.Behavioral.Config;
using Xbar.Behavioral.Tiles;

namespace Xbar.Behavioral.Tests.Tiles;

public class IrDropModelTests
{
    private static (double Nrmse, double Max) Compare(TileConfig cfg, IrDropModel model, int seed)
    {
        var c = TileCalibrator.MakeCase(cfg, new NodalTruth(), 4, new Random(seed), seed);
        return TileCalibrator.Error(cfg, [c], IrDropCorrection.Identity, model);
    }

    [Fact]
    public void When_LinearCellsExactOption_Expect_NodalSolveTo1e9()
    {
        var cfg = TilePresets.Linear() with { Array = new ArrayConfig(24, 24, 2.0, DriverROhm: 5, SenseROhm: 3) };
        var (e, max) = Compare(cfg, IrDropModel.Exact, 1);
        Assert.True(max < 1e-9, $"max error {max}");
    }

    [Fact]
    public void When_LinearCellsFastOption_Expect_CloseToNodalAndFarBetterThanNone()
    {
        var cfg = TilePresets.Linear() with { Array = new ArrayConfig(32, 32, 5.0) };
        var (fast, _) = Compare(cfg, IrDropModel.Fast, 2);
        var (none, _) = Compare(cfg, IrDropModel.None, 2);
        Assert.True(fast < 1e-3, $"fast NRMSE {fast}");
        Assert.True(fast < none / 20, $"fast {fast} vs none {none}");
    }

    [Fact]
    public void When_ZeroWireResistance_Expect_LadderGivesIdealTransfer()
    {
        var g = Enumerable.Range(0, 12).Select(k => 1e-4 * (1 + k % 3)).ToArray();
        var r = LadderIrDropModel.Solve(g, 3, 4, new WireParameters(0, 0, 0, 0));
        foreach (double u in r.CellBias) Assert.Equal(1.0, u, 6);
        foreach (double a in r.ReachFraction) Assert.Equal(1.0, a, 6);
    }

    [Fact]
    public void When_FartherFromDriverAndSense_Expect_LowerBiasAndReach()
    {
        var g = Enumerable.Repeat(2e-4, 16 * 16).ToArray();
        var r = LadderIrDropModel.Solve(g, 16, 16, new WireParameters(1, 1, 0, 0));
        // Word line: bias falls with the column index; bit line: reach falls away from row m-1.
        Assert.True(r.CellBias[0 * 16 + 15] < r.CellBias[0 * 16 + 0]);
        Assert.True(r.ReachFraction[0 * 16 + 3] < r.ReachFraction[15 * 16 + 3]);
    }
}
