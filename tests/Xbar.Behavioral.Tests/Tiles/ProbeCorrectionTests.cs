using Xbar.Behavioral.Config;
using Xbar.Behavioral.Tiles;
using Xbar.Circuits.Nodal;

namespace Xbar.Behavioral.Tests.Tiles;

/// <summary>
/// The probed option's correction (<see cref="ProbeCorrection"/>) against the nodal solver: exact on
/// every input that is constant over each probe group, and the exact transfer matrix when every row
/// is its own group (superposition in a linear network).
/// </summary>
public class ProbeCorrectionTests
{
    private static TileProgramming.Programmed Programmed(int rows, int cols, double wireR, int seed)
    {
        var cfg = TilePresets.Linear() with { Array = new ArrayConfig(rows, cols, wireR, DriverROhm: 3, SenseROhm: 2) };
        var rng = new Random(seed);
        var w = new double[cols / 2, rows];
        for (int o = 0; o < cols / 2; o++) for (int i = 0; i < rows; i++) w[o, i] = 2 * rng.NextDouble() - 1;
        return TileProgramming.Program(cfg, w, seed, pad: true);
    }

    private static double[] Probed(TileProgramming.Programmed p, int groups)
    {
        var (t, _) = BehavioralCore.PhysicalTransfer(p.Cells, p.Wires, IrDropModel.Fast, 0.2);
        ProbeCorrection.Apply(t, p.Spec, p.Cells, groups);
        return t;
    }

    private static double[] Currents(double[] t, int rows, double[] v) =>
        Enumerable.Range(0, t.Length / rows).Select(l => Enumerable.Range(0, rows).Sum(k => t[l * rows + k] * v[k])).ToArray();

    [Theory]
    [InlineData(24, 16, 4)]
    [InlineData(23, 10, 5)] // groups of unequal size
    public void When_InputConstantOverEachGroup_Expect_NodalSolveTo1e9(int rows, int cols, int groups)
    {
        var p = Programmed(rows, cols, 2.0, rows);
        var t = Probed(p, groups);
        var rng = new Random(3);
        var level = Enumerable.Range(0, groups).Select(_ => 0.2 * (2 * rng.NextDouble() - 1)).ToArray();
        var v = Enumerable.Range(0, rows).Select(k => level[ProbeCorrection.GroupOf(k, rows, groups)]).ToArray();
        var exact = new NodalCrossbarSolver().Solve(p.Spec, p.Cells, v).ColumnCurrents;
        var model = Currents(t, rows, v);
        double scale = exact.Max(Math.Abs);
        for (int l = 0; l < cols; l++) Assert.True(Math.Abs(model[l] - exact[l]) < 1e-9 * scale, $"column {l}: {model[l]} vs {exact[l]}");
    }

    [Fact]
    public void When_EveryRowItsOwnGroup_Expect_ExactTransferMatrix()
    {
        const int rows = 12, cols = 14;
        var p = Programmed(rows, cols, 5.0, 7);
        var t = Probed(p, rows);
        var exact = new NodalCrossbarSolver().TransferMatrix(p.Spec, p.Cells);
        double scale = t.Max(Math.Abs);
        for (int l = 0; l < cols; l++)
            for (int k = 0; k < rows; k++)
                Assert.True(Math.Abs(t[l * rows + k] - exact[l, k]) < 1e-9 * scale, $"T[{l},{k}]: {t[l * rows + k]} vs {exact[l, k]}");
    }
}
