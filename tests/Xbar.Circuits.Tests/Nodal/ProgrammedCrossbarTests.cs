using Xbar.Circuits.Crossbars;
using Xbar.Circuits.Nodal;

namespace Xbar.Circuits.Tests.Nodal;

public class ProgrammedCrossbarTests
{
    private static double[] Row(double[,] a, int r) => Enumerable.Range(0, a.GetLength(1)).Select(j => a[r, j]).ToArray();

    private static double MaxRel(double[] a, double[] reference) =>
        a.Zip(reference, (x, y) => Math.Abs(x - y)).Max() / reference.Max(Math.Abs);

    [Fact]
    public void When_LinearBatchIsLarge_Expect_TransferProductEqualsPerVectorSolves()
    {
        const int m = 40, n = 33;
        var spec = new CrossbarSpec(m, n, 1, 2, 3);
        var cells = OhmicTestCells.Random(m, n, 3);
        var inputs = StandardCrossbarProblem.Inputs(60, m, 4);
        var solver = new NodalCrossbarSolver();
        var array = solver.Program(spec, cells);
        Assert.True(inputs.GetLength(0) >= array.TransferThreshold);
        var batch = array.ColumnCurrents(inputs);
        Assert.True(array.UsesTransferMatrix);
        for (int v = 0; v < inputs.GetLength(0); v += 7)
        {
            var single = solver.Solve(spec, cells, Row(inputs, v)).ColumnCurrents;
            Assert.True(MaxRel(Row(batch, v), single) < 1e-11, $"vector {v}: {MaxRel(Row(batch, v), single):E2}");
        }
    }

    [Fact]
    public void When_SingleReadsPassTheThreshold_Expect_SameCurrentsAsSolves()
    {
        const int m = 20, n = 20;
        var spec = new CrossbarSpec(m, n, 2, 2);
        var cells = OhmicTestCells.Random(m, n, 5);
        var inputs = StandardCrossbarProblem.Inputs(8, m, 6);
        var array = new NodalCrossbarSolver().Program(spec, cells);
        for (int v = 0; v < 8; v++)
        {
            var read = array.ColumnCurrents(Row(inputs, v));
            Assert.True(MaxRel(read, array.Solve(Row(inputs, v)).ColumnCurrents) < 1e-11);
        }
        Assert.True(array.UsesTransferMatrix);
    }

    [Fact]
    public void When_MtjBatch_Expect_SameCurrentsAsColdSolves()
    {
        const int n = 24;
        var spec = StandardCrossbarProblem.Spec(n);
        var cells = StandardCrossbarProblem.Cells(n, "mtj", 7);
        var inputs = StandardCrossbarProblem.Inputs(9, n, 8);
        var solver = new NodalCrossbarSolver();
        var batch = solver.ColumnCurrents(spec, cells, inputs);
        for (int v = 0; v < 9; v++)
            Assert.True(MaxRel(Row(batch, v), solver.Solve(spec, cells, Row(inputs, v)).ColumnCurrents) < 1e-10);
    }

    [Fact]
    public void When_BatchHasWrongWidth_Expect_InvalidInput()
    {
        var array = new NodalCrossbarSolver().Program(new CrossbarSpec(4, 3, 1, 1), OhmicTestCells.Random(4, 3, 1));
        var e = Assert.Throws<InvalidInputException>(() => array.ColumnCurrents(new double[2, 5]));
        Assert.Contains("4 rows", e.Message);
    }
}
