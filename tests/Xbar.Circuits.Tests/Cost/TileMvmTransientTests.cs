using Xbar.Circuits.Cost;
using Xbar.Circuits.Crossbars;
using Xbar.Circuits.Nodal;

namespace Xbar.Circuits.Tests.Cost;

/// <summary>One tile MVM's cost from its transient, against what the circuit must give.</summary>
public class TileMvmTransientTests
{
    private static TileCostConfig Config(string cell, int rows, int cols, string encoding = "amplitude", int dacBits = 8) =>
        new TileCostConfig(Array: new ArrayCostConfig(rows, cols, cell), Input: new InputCostConfig(encoding, dacBits)).Validate();

    [Fact]
    public void When_PulseWidthOnLinearCells_Expect_ColumnChargeIsTransferMatrixTimesVoltTimesWidth()
    {
        // Linear cells make the crossbar linear: column charge = V sum_i T_ji w_i with T the exact
        // transfer matrix of the DC solver, whatever the capacitors did in between (they end empty).
        var c = Config("pcm", 12, 10, "pulse-width", dacBits: 4);
        var t = TileMvmTransient.Simulate(c, InputStatistics.Dense, 3);
        var spec = c.Circuit();
        var cells = CrossbarFactory.Program("pcm", 4, CrossbarFactory.RandomStates(12, 10, 4, 3));
        var transfer = new NodalCrossbarSolver().TransferMatrix(spec.Array, cells);
        var x = InputStatistics.Dense.Draw(12, 3);
        var widths = x.Select(xi => Math.Round(xi * 16) * c.Tech.ClockPeriod).ToArray();
        for (int j = 0; j < 10; j++)
        {
            double q = 0;
            for (int i = 0; i < 12; i++) q += transfer[j, i] * c.Arr.ReadVoltageV * widths[i];
            Assert.True(Math.Abs(t.Settled[j] - q) < 1e-4 * Math.Abs(q), $"column {j}: {t.Settled[j]:g6} C vs {q:g6} C");
        }
    }

    [Theory]
    [InlineData("mtj1")]
    [InlineData("rram")]
    public void When_AmplitudeMvm_Expect_TransientEndsAtTheDcSolve(string cell)
    {
        var t = TileMvmTransient.Simulate(Config(cell, 24, 16), InputStatistics.Dense, 2);
        Assert.True(t.EndMismatch < 1e-6, $"end mismatch {t.EndMismatch:g3} of full scale");
    }

    [Fact]
    public void When_MoreAdcBits_Expect_LongerReadAndAdcEnergyDoublingPerBit()
    {
        var t = TileMvmTransient.Simulate(Config("mtj2", 16, 16), InputStatistics.FullScale, 1);
        var c4 = t.Cost(4, AdcKind.Sar);
        var c8 = t.Cost(8, AdcKind.Sar);
        Assert.True(c8.Latency.Array + c8.Latency.Readout > c4.Latency.Array + c4.Latency.Readout);
        Assert.Equal(16 * c4.Energy.Adc, c8.Energy.Adc, 1e-18);
        // Nothing is read before the inputs are applied.
        Assert.True(c4.Latency.Array >= new TileCostConfig().Arr.RiseTimeS);
    }

    [Fact]
    public void When_ReadOutSettlesAfterTheInputs_Expect_TiaEnergyIsStaticPowerTimesReadTime()
    {
        var c = Config("pcm", 16, 8);
        var cost = TileMvmTransient.Simulate(c, InputStatistics.Dense, 1).Cost(8, AdcKind.Flash);
        double read = cost.Latency.Array + cost.Latency.Readout;
        Assert.Equal(8 * 50e-6 * 1.0 * read, cost.Energy.Tia, 1e-20);
    }

    [Fact]
    public void When_TileHasMoreRowsOfMtj_Expect_MoreCellEnergy()
    {
        double Cells(int rows) => TileMvmTransient.Simulate(Config("mtj2", rows, 8), InputStatistics.FullScale, 1).Cost().Energy.Cells;
        Assert.True(Cells(32) > Cells(8));
    }
}
