using Xbar.Circuits.Crossbars;
using Xbar.Circuits.Nodal;
using Xbar.Devices;

namespace Xbar.Circuits.Tests.Nodal;

/// <summary>
/// The iterative solver (both preconditioners) and the block-elimination transfer matrix against
/// independent direct solves: MathNet's dense LU of the whole nodal system for small arrays, and the
/// block elimination (itself checked against the dense LU here) up to 128x128.
/// </summary>
public class NodalDirectAgreementTests
{
    private static double MaxRel(double[] a, double[] reference) =>
        a.Zip(reference, (x, y) => Math.Abs(x - y)).Max() / reference.Max(Math.Abs);

    private static double[] Row(double[,] a, int r) => Enumerable.Range(0, a.GetLength(1)).Select(j => a[r, j]).ToArray();

    private static double[,] Conductances(ICellArray cells)
    {
        var g = new double[cells.Rows, cells.Cols];
        for (int i = 0; i < cells.Rows; i++) for (int j = 0; j < cells.Cols; j++) g[i, j] = cells.Conductance(i, j, 0);
        return g;
    }

    private static double[] Apply(double[,] t, double[] v)
    {
        var c = new double[t.GetLength(0)];
        for (int j = 0; j < c.Length; j++) for (int i = 0; i < v.Length; i++) c[j] += t[j, i] * v[i];
        return c;
    }

    // The standard problem (1 Ohm segments, 3.36-9.19 kOhm cells) at every size, and with stronger
    // wires (r) so that the coarse space switches on below 256x256 too.
    [Theory]
    [InlineData(8, 1.0)]
    [InlineData(16, 1.0)]
    [InlineData(16, 150.0)]
    [InlineData(32, 1.0)]
    [InlineData(64, 1.0)]
    [InlineData(64, 16.0)]
    [InlineData(128, 1.0)]
    [InlineData(128, 4.0)]
    public void When_StandardProblemUpTo128_Expect_AgreesWithDirectSolveTo1e9(int n, double r)
    {
        var cells = StandardCrossbarProblem.Cells(n, "linear", 100 + n);
        var spec = new CrossbarSpec(n, n, r, r);
        var v = Row(StandardCrossbarProblem.Inputs(1, n, 200 + n), 0);
        double[] direct = n <= 16
            ? DenseNodalReference.ColumnCurrents(spec, Conductances(cells), v)
            : Apply(new NodalCrossbarSolver().TransferMatrix(spec, cells), v);
        foreach (var pre in new[] { NodalPreconditioner.TwoLevel, NodalPreconditioner.BitLines })
        {
            var s = new NodalCrossbarSolver(new NodalSolverOptions { Preconditioner = pre }).Solve(spec, cells, v);
            Assert.True(MaxRel(s.ColumnCurrents, direct) < 1e-9, $"{pre}: {MaxRel(s.ColumnCurrents, direct):E2}");
            Assert.True(s.RelativeResidual < 1e-12, $"{pre}: KCL residual {s.RelativeResidual:E2}");
        }
    }

    // Arrays cut into chunks (per-chunk coarse restrictions, the bit-wire edge between row chunks),
    // sizes that are not multiples of four (the row and column tails of the four-line kernels), a
    // driver resistance, and the scalar loops of machines without AVX2, against the direct solve.
    [Theory]
    [InlineData(190, 183, 3.0, false)]
    [InlineData(190, 183, 3.0, true)]
    [InlineData(37, 53, 5.0, false)]
    [InlineData(37, 53, 5.0, true)]
    public void When_ChunkedOddSizedArraysWithEitherKernels_Expect_AgreesWithDirectSolveTo1e9(int m, int n, double r, bool scalar)
    {
        var spec = new CrossbarSpec(m, n, r, r, 7);
        var cells = OhmicTestCells.Random(m, n, 3 + m);
        var v = Row(StandardCrossbarProblem.Inputs(1, m, 4 + n), 0);
        var direct = Apply(new NodalCrossbarSolver().TransferMatrix(spec, cells), v);
        foreach (var pre in new[] { NodalPreconditioner.TwoLevel, NodalPreconditioner.BitLines })
        {
            var s = new NodalCrossbarSolver(new NodalSolverOptions { Preconditioner = pre, ScalarKernels = scalar }).Solve(spec, cells, v);
            Assert.Equal(pre == NodalPreconditioner.TwoLevel, s.CoarseSize > 0);
            Assert.True(MaxRel(s.ColumnCurrents, direct) < 1e-9, $"{pre}: {MaxRel(s.ColumnCurrents, direct):E2}");
            Assert.True(s.RelativeResidual < 1e-12, $"{pre}: KCL residual {s.RelativeResidual:E2}");
        }
    }

    [Theory]
    [InlineData(12, 9, 0.0, ColumnTermination.VirtualGround, 0.0)]
    [InlineData(12, 9, 7.0, ColumnTermination.LoadResistor, 50.0)]
    [InlineData(7, 15, 3.0, ColumnTermination.VirtualGround, 0.0)]
    public void When_TransferMatrixByBlockElimination_Expect_DenseLuCurrents(int m, int n, double rDriver, ColumnTermination termination, double rLoad)
    {
        var spec = new CrossbarSpec(m, n, 2.0, 3.0, rDriver, termination: termination, loadResistance: rLoad);
        var cells = OhmicTestCells.Random(m, n, 31);
        var t = new NodalCrossbarSolver().TransferMatrix(spec, cells);
        for (int k = 0; k < 3; k++)
        {
            var v = Row(StandardCrossbarProblem.Inputs(1, m, 40 + k), 0);
            var direct = DenseNodalReference.ColumnCurrents(spec, Conductances(cells), v);
            Assert.True(MaxRel(Apply(t, v), direct) < 1e-12, $"{MaxRel(Apply(t, v), direct):E2}");
        }
    }

    [Fact]
    public void When_TransferMatrixWithAccessTransistors_Expect_SeriesConductancesInTheDirectSolve()
    {
        const int m = 10, n = 8;
        const double rAccess = 1500;
        var spec = new CrossbarSpec(m, n, 1, 1, 0, CellKind.OneT1R, rAccess);
        var cells = OhmicTestCells.Random(m, n, 5);
        var g = Conductances(cells);
        for (int i = 0; i < m; i++) for (int j = 0; j < n; j++) g[i, j] = 1 / (1 / g[i, j] + rAccess);
        var v = Row(StandardCrossbarProblem.Inputs(1, m, 6), 0);
        var viaT = Apply(new NodalCrossbarSolver().TransferMatrix(spec, cells), v);
        Assert.True(MaxRel(viaT, DenseNodalReference.ColumnCurrents(spec, g, v)) < 1e-12);
    }

    [Fact]
    public void When_CoarseSpaceIsActive_Expect_FewerIterationsThanBitLinesAloneAndSameCurrents()
    {
        // 128x128 with 4 Ohm segments: N sqrt(G r) = 3.6, where the bit-line solves alone slow down.
        const int n = 128;
        var spec = new CrossbarSpec(n, n, 4, 4);
        var cells = StandardCrossbarProblem.Cells(n, "linear", 7);
        var v = Row(StandardCrossbarProblem.Inputs(1, n, 8), 0);
        var two = new NodalCrossbarSolver().Solve(spec, cells, v);
        var line = new NodalCrossbarSolver(new NodalSolverOptions { Preconditioner = NodalPreconditioner.BitLines }).Solve(spec, cells, v);
        Assert.True(two.CoarseSize > 0);
        Assert.Equal(0, line.CoarseSize);
        Assert.True(two.LinearIterations < line.LinearIterations, $"two-level {two.LinearIterations}, bit lines {line.LinearIterations}");
        Assert.True(MaxRel(two.ColumnCurrents, line.ColumnCurrents) < 1e-11);
    }

    [Fact]
    public void When_CoarseSpaceWithDriverAndLoadResistors_Expect_KclAndDirectAgreement()
    {
        const int m = 60, n = 90;
        var spec = new CrossbarSpec(m, n, 12, 8, 20, termination: ColumnTermination.LoadResistor, loadResistance: 30);
        var cells = OhmicTestCells.Random(m, n, 9);
        var v = Row(StandardCrossbarProblem.Inputs(1, m, 10), 0);
        var s = new NodalCrossbarSolver().Solve(spec, cells, v);
        Assert.True(s.CoarseSize > 0);
        Assert.True(s.RelativeResidual < 1e-12, $"{s.RelativeResidual:E2}");
        Assert.True(MaxRel(s.ColumnCurrents, Apply(new NodalCrossbarSolver().TransferMatrix(spec, cells), v)) < 1e-10);
    }

    [Fact]
    public void When_MtjCellsWithCoarseSpace_Expect_NewtonConvergesToKcl()
    {
        const int n = 96;
        var spec = new CrossbarSpec(n, n, 8, 8);
        var cells = StandardCrossbarProblem.Cells(n, "mtj", 11);
        var v = Row(StandardCrossbarProblem.Inputs(1, n, 12), 0);
        var s = new NodalCrossbarSolver().Solve(spec, cells, v);
        var line = new NodalCrossbarSolver(new NodalSolverOptions { Preconditioner = NodalPreconditioner.BitLines }).Solve(spec, cells, v);
        Assert.True(s.CoarseSize > 0);
        Assert.True(s.RelativeResidual < 1e-12, $"{s.RelativeResidual:E2}");
        Assert.True(MaxRel(s.ColumnCurrents, line.ColumnCurrents) < 1e-10);
    }

    [Theory]
    [InlineData(1.0, false)]  // bit-line preconditioner alone at this size
    [InlineData(8.0, false)]  // coarse space on
    [InlineData(8.0, true)]   // the scalar loops
    public void When_MtjCellsColumnMajorOrRowByRow_Expect_BitIdenticalSolutions(double r, bool scalar)
    {
        const int n = 64;
        var spec = new CrossbarSpec(n, n, r, r);
        var cells = StandardCrossbarProblem.Cells(n, "mtj", 21);
        Assert.NotNull(cells.ColumnMajor);
        var v = Row(StandardCrossbarProblem.Inputs(1, n, 22), 0);
        var solver = new NodalCrossbarSolver(new NodalSolverOptions { LinearTolerance = 1e-9, ScalarKernels = scalar });
        var columnMajor = solver.Solve(spec, cells, v);
        var rowByRow = solver.Solve(spec, new RowByRowCells(cells), v);
        Assert.Equal(rowByRow.ColumnCurrents, columnMajor.ColumnCurrents);
        Assert.Equal(rowByRow.NewtonIterations, columnMajor.NewtonIterations);
    }

    [Theory]
    [InlineData(128, 1.0)]
    [InlineData(96, 8.0)]
    public void When_MtjCellsAtTheBenchmarkTolerance_Expect_TightSolveTo1e9(int n, double r)
    {
        // CG to 1e-9 as the benchmark runs it: Newton stops once its next step is predicted below
        // the linear solves' resolution; the currents must still agree with a solve at the default
        // tolerances (CG 1e-13, KCL residual below 1e-12) to 1e-9 of the largest.
        var spec = new CrossbarSpec(n, n, r, r);
        var cells = StandardCrossbarProblem.Cells(n, "mtj", 31);
        var inputs = StandardCrossbarProblem.Inputs(3, n, 32);
        for (int s = 0; s < 3; s++)
        {
            var v = Row(inputs, s);
            var loose = new NodalCrossbarSolver(new NodalSolverOptions { LinearTolerance = 1e-9 }).Solve(spec, cells, v);
            var tight = new NodalCrossbarSolver().Solve(spec, cells, v);
            Assert.True(tight.RelativeResidual < 1e-12, $"{tight.RelativeResidual:E2}");
            double error = MaxRel(loose.ColumnCurrents, tight.ColumnCurrents);
            Assert.True(error < 1e-9, $"vector {s}: {error:E2}");
        }
    }

    [Fact]
    public void When_MtjStampRunsOnSeveralThreads_Expect_TheSerialSolutionBitForBit()
    {
        // 384 x 384 is above the size from which the stamp's chunks run in parallel (results must
        // not depend on it: the chunking is fixed).
        const int n = 384;
        var spec = StandardCrossbarProblem.Spec(n);
        var cells = StandardCrossbarProblem.Cells(n, "mtj", 41);
        var v = Row(StandardCrossbarProblem.Inputs(1, n, 42), 0);
        var options = new NodalSolverOptions { LinearTolerance = 1e-9 };
        var serial = new NodalCrossbarSolver(options with { Parallel = false }).Solve(spec, cells, v);
        for (int run = 0; run < 3; run++)
        {
            var parallel = new NodalCrossbarSolver(options).Solve(spec, cells, v);
            Assert.Equal(serial.ColumnCurrents, parallel.ColumnCurrents);
        }
    }

    [Fact]
    public void When_MtjBatchWarmStartsFromThePreviousInput_Expect_FewerCgIterationsThanColdSolvesAndTheirCurrents()
    {
        // A warm start carries the previous input's voltages; the nodes held by the ideal drivers
        // must take the new ones, or Newton's first check sees a converged residual and its first
        // linear solve goes to the full tolerance (then the batch took more CG iterations than cold solves).
        const int n = 96;
        var spec = StandardCrossbarProblem.Spec(n);
        var cells = StandardCrossbarProblem.Cells(n, "mtj", 51);
        var table = StandardCrossbarProblem.Inputs(6, n, 52);
        var inputs = Enumerable.Range(0, 6).Select(k => (IReadOnlyList<double>)Row(table, k)).ToList();
        var solver = new NodalCrossbarSolver();
        var batch = solver.SolveBatch(spec, cells, inputs);
        var cold = inputs.Select(v => solver.Solve(spec, cells, v)).ToList();
        for (int k = 0; k < inputs.Count; k++)
            Assert.True(MaxRel(batch[k].ColumnCurrents, cold[k].ColumnCurrents) < 1e-10, $"vector {k}");
        int warmIterations = batch.Sum(s => s.LinearIterations), coldIterations = cold.Sum(s => s.LinearIterations);
        Assert.True(warmIterations < coldIterations, $"warm {warmIterations}, cold {coldIterations}");
    }
}
