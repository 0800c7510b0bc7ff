using Xbar.Circuits.Crossbars;
using Xbar.Circuits.Nodal;
using Xbar.Circuits.Nodal.Transient;

namespace Xbar.Circuits.Tests.Nodal.Transient;

/// <summary>
/// Energy of a purely resistive crossbar MVM against the DC solution: without capacitance every
/// instant is the DC operating point, so over a read window T the sources deliver T sum_i V_i I_i
/// with I_i the source currents of the DC solve (NodalCrossbarSolver, itself checked against ngspice).
/// </summary>
public class TransientEnergyTests
{
    private static (TransientCrossbarSpec Spec, Xbar.Devices.ICellArray Cells, double[] Volts) Case(string device, int m, int n, int seed)
    {
        var spec = TransientCrossbarSpec.Resistive(new CrossbarSpec(m, n, 2.5, 3.0, 40));
        var cells = CrossbarFactory.Program(device, 4, CrossbarFactory.RandomStates(m, n, 4, seed));
        var rng = new Random(seed + 1);
        return (spec, cells, Enumerable.Range(0, m).Select(_ => 0.05 + 0.2 * rng.NextDouble()).ToArray());
    }

    [Theory]
    [InlineData("linear", 16, 12, 1)]
    [InlineData("mtj", 16, 16, 2)]
    [InlineData("rram", 24, 8, 3)]
    public void When_ResistiveCrossbarHeldForReadWindow_Expect_EnergyEqualsSumOfViIiTimesWindowWithin1Percent(string device, int m, int n, int seed)
    {
        var (spec, cells, volts) = Case(device, m, n, seed);
        const double rise = 1e-12, window = 1e-9;
        var result = new CrossbarTransientSolver().Run(spec, cells, WordLineDrive.Amplitude(volts, rise),
            new TransientOptions(window / 200, window));
        var dc = new NodalCrossbarSolver().Solve(spec.Array, cells, volts);
        double power = 0;
        for (int i = 0; i < m; i++) power += volts[i] * (volts[i] - dc.WordLineVoltage(i, 0)) / spec.Array.DriverResistance;
        double expected = power * window;
        Assert.True(Math.Abs(result.Energy.Source / expected - 1) < 0.01, $"transient {result.Energy.Source:g6} J, DC {expected:g6} J");
        // Without capacitance, drivers + wires + cells account for the sources' energy exactly.
        Assert.True(Math.Abs(result.Energy.BalanceError) < 1e-9 * result.Energy.Source, $"balance error {result.Energy.BalanceError:g3} J");
        Assert.Equal(0, result.Energy.Stored);
    }

    [Fact]
    public void When_LinesHaveCapacitance_Expect_SourcesEqualDissipationPlusStoredEnergy()
    {
        var (r, cells, volts) = Case("mtj", 12, 12, 4);
        var spec = new TransientCrossbarSpec(r.Array, 2e-15, 3e-15);
        var result = new CrossbarTransientSolver().Run(spec, cells, WordLineDrive.Amplitude(volts, 20e-12),
            new TransientOptions(0.5e-12, 200e-12));
        Assert.True(result.Energy.Stored > 0);
        Assert.True(Math.Abs(result.Energy.BalanceError) < 1e-4 * result.Energy.Source, $"balance error {result.Energy.BalanceError:g3} of {result.Energy.Source:g3} J");
    }

    [Theory]
    [InlineData("linear")]
    [InlineData("mtj")]
    public void When_TransientHasSettled_Expect_ColumnCurrentsOfTheDcSolve(string device)
    {
        var (r, cells, volts) = Case(device, 20, 16, 5);
        var spec = new TransientCrossbarSpec(r.Array, 0.5e-15, 0.5e-15);
        var result = new CrossbarTransientSolver().Run(spec, cells, WordLineDrive.Amplitude(volts, 10e-12),
            new TransientOptions(1e-12, 300e-12));
        var dc = new NodalCrossbarSolver().Solve(spec.Array, cells, volts).ColumnCurrents;
        double scale = dc.Max(Math.Abs);
        for (int j = 0; j < dc.Length; j++)
            Assert.True(Math.Abs(result.FinalColumnCurrents[j] - dc[j]) < 1e-9 * scale, $"column {j}: {result.FinalColumnCurrents[j]} vs DC {dc[j]}");
    }
}
