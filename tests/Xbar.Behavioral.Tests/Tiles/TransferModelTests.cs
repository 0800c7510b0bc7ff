using Xbar.Behavioral.Calibration;
using Xbar.Behavioral.Config;
using Xbar.Behavioral.Tiles;
using Xbar.Circuits.Crossbars;
using Xbar.Circuits.Nodal;
using Xbar.Devices.Linear;

namespace Xbar.Behavioral.Tests.Tiles;

/// <summary>The transfer model (exact and calibrated options) against the nodal solve and Ohm's law.</summary>
public class TransferModelTests
{
    private static TileProgramming.Programmed Mtj(int n, double wireR, string weights, int seed)
    {
        var cfg = TilePresets.Mtj4() with { Array = new ArrayConfig(n, n, wireR) };
        var w = StructuredProblems.Weight(weights).Make(n / 2, n, new Random(seed));
        return TileProgramming.Program(cfg, w, seed, pad: true);
    }

    private static double RelativeError(double[] model, double[] truth)
    {
        double scale = truth.Max(Math.Abs), err = 0;
        for (int j = 0; j < truth.Length; j++) err = Math.Max(err, Math.Abs(model[j] - truth[j]));
        return err / scale;
    }

    [Fact]
    public void When_OneOhmicCellBehindOneBitLineSegment_Expect_OhmsLaw()
    {
        // Driver ideal, so the cell sees V minus the drop on the one bit-line segment to the
        // virtual ground: I = V / (1/g + r_b).
        const double g = 2e-4, rb = 3.0;
        var spec = new CrossbarSpec(1, 1, 1.0, rb);
        var model = TransferModel.Build(spec, new LinearCellArray(new[,] { { g } }), 0.2);
        Assert.Equal(1.0 / (1.0 / g + rb), model.Linear[0], 15);
        Assert.Null(model.Cubic);
    }

    [Fact]
    public void When_OhmicCells_Expect_ModelEqualsNodalSolveForAnyInput()
    {
        var cfg = TilePresets.Linear() with { Array = new ArrayConfig(24, 24, 2.0, DriverROhm: 4, SenseROhm: 3) };
        var w = StructuredProblems.Weight("block-far").Make(12, 24, new Random(2));
        var p = TileProgramming.Program(cfg, w, 2, pad: true);
        var model = TransferModel.Build(p.Spec, p.Cells, 0.2);
        var rng = new Random(3);
        for (int s = 0; s < 3; s++)
        {
            var v = Enumerable.Range(0, 24).Select(_ => 0.4 * rng.NextDouble() - 0.2).ToArray();
            var truth = new NodalCrossbarSolver().Solve(p.Spec, p.Cells, v).ColumnCurrents;
            Assert.True(RelativeError(model.Currents(v), truth) < 1e-9);
        }
    }

    [Fact]
    public void When_OneMtjRowDrivenAtReadVoltage_Expect_NodalSolveToSecondOrder()
    {
        // N is fitted to the one-row response at V_ref to first order in the chord conductance change
        // (about 10 % of the AP share), so the residual is second order: measured 2e-5 of the column
        // current on this 32x32 1-Ohm tile; without N (the linear transfer alone) 2.4e-2.
        var p = Mtj(32, 1.0, "uniform", 4);
        var model = TransferModel.Build(p.Spec, p.Cells, 0.2);
        var v = new double[32];
        v[5] = 0.2;
        var truth = new NodalCrossbarSolver().Solve(p.Spec, p.Cells, v).ColumnCurrents;
        var (lin, _, _) = model.Terms(v);
        Assert.True(RelativeError(model.Currents(v), truth) < 2e-4, $"{RelativeError(model.Currents(v), truth)}");
        Assert.True(RelativeError(lin, truth) > 1e-2);
    }

    [Fact]
    public void When_AllMtjRowsAtFullScale_Expect_LoadTermRemovesMostOfTheError()
    {
        // All rows driven: the bit lines rise and every cell's bias (so its conductance) falls below
        // the one-row value; the load term is exact for this input to first order.
        var p = Mtj(32, 2.5, "block-far", 6);
        var model = TransferModel.Build(p.Spec, p.Cells, 0.2);
        var v = Enumerable.Repeat(0.2, 32).ToArray();
        var truth = new NodalCrossbarSolver().Solve(p.Spec, p.Cells, v).ColumnCurrents;
        var (lin, cubic, load) = model.Terms(v);
        var without = lin.Select((t, j) => t + cubic[j]).ToArray();
        double with = RelativeError(model.Currents(v), truth), none = RelativeError(without, truth);
        Assert.True(with < none / 5, $"with the load term {with:E2}, without {none:E2}");
        Assert.All(load, x => Assert.True(x <= 0)); // the other rows lower the bias: less current
    }
}
