using Xbar.Devices.Mtj;
using Xbar.Devices.Rram;

namespace Xbar.Devices.Tests.Mtj;

public class MtjCellArrayTests
{
    private static double[,] Fill(double v) => new[,] { { v, v }, { v, v } };

    /// <summary>Cells with R_P = 1/G_P in 3..4 kOhm, TMR0 in 0..1.74 and one of four parallel fractions each.</summary>
    private static ICellArray RandomCells(int rows, int cols, Random rng)
    {
        var gp = new double[rows, cols];
        var tmr = new double[rows, cols];
        var x = new double[rows, cols];
        for (int i = 0; i < rows; i++)
            for (int j = 0; j < cols; j++)
            {
                gp[i, j] = 1 / (3000 + 1000 * rng.NextDouble());
                tmr[i, j] = 1.74 * rng.NextDouble();
                x[i, j] = rng.Next(4) / 3.0;
            }
        return new MtjCellArray(gp, tmr, x, 0.5);
    }

    [Fact]
    public void When_CellParametersGiven_Expect_CurrentsOfMtjLaw()
    {
        var x = new[,] { { 0.0, 0.25 }, { 0.5, 1.0 } };
        var a = new MtjCellArray(Fill(1 / 3360.0), Fill(1.74), x, 0.5);
        Assert.False(a.IsLinear);
        Assert.Equal(MtjLaw.Current(0.3, 1 / 3360.0, 1.74, 0.5, 0.25), a.Current(0, 1, 0.3));
        Assert.Equal(MtjLaw.Conductance(0.3, 1 / 3360.0, 1.74, 0.5, 0.5), a.Conductance(1, 0, 0.3));
        Assert.Equal(0.3 / 3360.0, a.Current(1, 1, 0.3), 15);
    }

    [Fact]
    public void When_RowEvaluated_Expect_PerCellCurrentsAndConductancesToRoundOff()
    {
        var rng = new Random(5);
        var a = RandomCells(3, 70, rng);
        var v = Enumerable.Range(0, 64).Select(_ => 0.4 * rng.NextDouble() - 0.2).ToArray();
        var current = new double[64];
        var conductance = new double[64];
        a.EvaluateRow(2, 5, v, current, conductance);
        for (int t = 0; t < v.Length; t++)
        {
            Assert.Equal(a.Current(2, 5 + t, v[t]), current[t], 1e-17);
            Assert.Equal(a.Conductance(2, 5 + t, v[t]), conductance[t], 1e-17);
        }
        Assert.ThrowsAny<Exception>(() => a.EvaluateRow(2, 10, v, current, conductance)); // past the last column
    }

    [Fact]
    public void When_EvaluatedColumnMajor_Expect_TheRowEvaluationBitForBit()
    {
        // The nodal solver's layout (k = j * rows + i), a range starting and ending inside columns,
        // biases of both signs: the same operations as MtjLaw.CurrentAndConductance, so equal exactly.
        var rng = new Random(9);
        int rows = 7, cols = 5, size = rows * cols;
        var a = RandomCells(rows, cols, rng);
        var w = Enumerable.Range(0, size).Select(_ => 0.4 * rng.NextDouble() - 0.2).ToArray();
        var b = Enumerable.Range(0, size).Select(_ => 0.1 * rng.NextDouble()).ToArray();
        var current = new double[size];
        var conductance = new double[size];
        int k0 = 3, k1 = size - 2;
        Assert.NotNull(a.ColumnMajor);
        a.ColumnMajor!.Evaluate(k0, k1, w, b, current, conductance);
        Span<double> one = stackalloc double[1], i1 = stackalloc double[1], g1 = stackalloc double[1];
        for (int k = 0; k < size; k++)
        {
            int i = k % rows, j = k / rows;
            if (k < k0 || k >= k1)
            {
                Assert.Equal(0.0, current[k]); // outside the range: untouched
                continue;
            }
            one[0] = w[k] - b[k];
            a.EvaluateRow(i, j, one, i1, g1);
            Assert.Equal(i1[0], current[k]);
            Assert.Equal(g1[0], conductance[k]);
        }
        Assert.Same(a.ColumnMajor, a.ColumnMajor); // built once and kept
    }

    [Fact]
    public void When_RowOfRramEvaluated_Expect_ThePerCellValues()
    {
        // The interface's default: one Current and one Conductance call per cell.
        ICellArray a = new RramCellArray(Fill(1e-4), 0.25);
        double[] v = [0.1, -0.2], current = new double[2], conductance = new double[2];
        a.EvaluateRow(1, 0, v, current, conductance);
        for (int t = 0; t < 2; t++)
        {
            Assert.Equal(a.Current(1, t, v[t]), current[t]);
            Assert.Equal(a.Conductance(1, t, v[t]), conductance[t]);
        }
    }

    [Fact]
    public void When_ZeroTmrEverywhere_Expect_Linear()
    {
        Assert.True(new MtjCellArray(Fill(1e-4), Fill(0), Fill(0.5), 0.5).IsLinear);
    }

    [Fact]
    public void When_CellValueInvalid_Expect_ErrorNamingCell()
    {
        var badX = Fill(0.5);
        badX[1, 0] = 1.5;
        Assert.Contains("cell (1, 0)", Assert.Throws<InvalidInputException>(() => new MtjCellArray(Fill(1e-4), Fill(1), badX, 0.5)).Message);
        var badG = Fill(1e-4);
        badG[0, 1] = double.NaN;
        Assert.Contains("cell (0, 1)", Assert.Throws<InvalidInputException>(() => new MtjCellArray(badG, Fill(1), Fill(0.5), 0.5)).Message);
    }

    [Fact]
    public void When_ShapesDiffer_Expect_ErrorNamingMatrix()
    {
        var e = Assert.Throws<InvalidInputException>(() => new MtjCellArray(Fill(1e-4), new double[2, 3], Fill(0.5), 0.5));
        Assert.Contains("TMR0 matrix is 2 x 3, expected 2 x 2", e.Message);
    }

    [Fact]
    public void When_RramArrayGivenNegativeConductance_Expect_ErrorNamingCell()
    {
        var g = Fill(1e-6);
        g[1, 1] = -1e-6;
        Assert.Contains("cell (1, 1)", Assert.Throws<InvalidInputException>(() => new RramCellArray(g, 0.25)).Message);
    }
}
