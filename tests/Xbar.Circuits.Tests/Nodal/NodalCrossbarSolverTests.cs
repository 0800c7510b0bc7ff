using Xbar.Circuits.Crossbars;
using Xbar.Circuits.Nodal;

namespace Xbar.Circuits.Tests.Nodal;

public class NodalCrossbarSolverTests
{
    private static double[] RandomInputs(int m, int seed, double max = 0.2)
    {
        var rng = new Random(seed);
        return Enumerable.Range(0, m).Select(_ => max * rng.NextDouble()).ToArray();
    }

    private static double MaxRelDiff(double[] a, double[] b)
    {
        double scale = a.Max(Math.Abs);
        return a.Zip(b, (x, y) => Math.Abs(x - y)).Max() / scale;
    }

    [Fact]
    public void When_WireResistanceIsZero_Expect_ColumnCurrentsEqualGTransposeV()
    {
        const int m = 24, n = 17;
        var cells = OhmicTestCells.Random(m, n, 1);
        var v = RandomInputs(m, 2);
        var s = new NodalCrossbarSolver().Solve(CrossbarSpec.Ideal(m, n), cells, v);
        for (int j = 0; j < n; j++)
        {
            double expected = 0;
            for (int i = 0; i < m; i++) expected += cells.G(i, j) * v[i];
            Assert.Equal(expected, s.ColumnCurrents[j], 1e-15 * Math.Abs(expected) + 1e-300);
        }
    }

    [Theory]
    [InlineData(0.0, 0.0, 0.0)]
    [InlineData(2.0, 2.0, 0.0)]
    [InlineData(2.5, 1.0, 50.0)]
    [InlineData(0.0, 3.0, 10.0)]
    [InlineData(3.0, 0.0, 0.0)]
    public void When_LinearCrossbarIsSolved_Expect_KclResidualBelow1e12(double rWl, double rBl, double rDrv)
    {
        const int m = 40, n = 33;
        var spec = new CrossbarSpec(m, n, rWl, rBl, rDrv);
        var s = new NodalCrossbarSolver().Solve(spec, OhmicTestCells.Random(m, n, 3), RandomInputs(m, 4));
        Assert.True(s.RelativeResidual < 1e-12, $"residual {s.RelativeResidual}");
        Assert.True(s.ColumnCurrents.All(c => c > 0));
    }

    [Fact]
    public void When_LoadTerminationAndAccessResistance_Expect_KclAndSmallerCurrents()
    {
        const int m = 20, n = 12;
        var cells = MtjLikeTestCells.Random(m, n, 5);
        var v = RandomInputs(m, 6);
        var plain = new NodalCrossbarSolver().Solve(new CrossbarSpec(m, n, 2, 2), cells, v);
        var spec = new CrossbarSpec(m, n, 2, 2, 10, CellKind.OneT1R, 1500, ColumnTermination.LoadResistor, 100);
        var s = new NodalCrossbarSolver().Solve(spec, cells, v);
        Assert.True(s.RelativeResidual < 1e-12, $"residual {s.RelativeResidual}");
        for (int j = 0; j < n; j++) Assert.True(s.ColumnCurrents[j] < plain.ColumnCurrents[j]);
    }

    [Fact]
    public void When_CellsAreMtjLike_Expect_NewtonConvergesWithKclResidualBelow1e12()
    {
        const int m = 64, n = 48;
        var s = new NodalCrossbarSolver().Solve(new CrossbarSpec(m, n, 2, 2), MtjLikeTestCells.Random(m, n, 7),
            RandomInputs(m, 8, 0.4));
        Assert.InRange(s.NewtonIterations, 2, 10);
        Assert.True(s.RelativeResidual < 1e-12, $"residual {s.RelativeResidual}");
    }

    [Fact]
    public void When_WireResistanceGrows_Expect_IrDropGrowsAndGrowsWithDistanceFromDriver()
    {
        const int m = 32, n = 32;
        var g = new double[m, n];
        for (int i = 0; i < m; i++) for (int j = 0; j < n; j++) g[i, j] = 1e-4;
        var cells = new OhmicTestCells(g);
        var v = Enumerable.Repeat(0.2, m).ToArray();
        double previousLoss = 0;
        foreach (double r in new[] { 0.5, 2.0, 8.0 })
        {
            var s = new NodalCrossbarSolver().Solve(new CrossbarSpec(m, n, r, r), cells, v);
            double ideal = 0.2 * 1e-4 * m;
            double loss = 1 - s.ColumnCurrents.Sum() / (ideal * n);
            Assert.True(loss > previousLoss, $"loss {loss} at {r} Ohm");
            previousLoss = loss;
            // Along every word line the voltage falls away from the driver.
            for (int j = 1; j < n; j++) Assert.True(s.WordLineVoltage(0, j) < s.WordLineVoltage(0, j - 1));
            // The far column delivers less than the near one.
            Assert.True(s.ColumnCurrents[n - 1] < s.ColumnCurrents[0]);
        }
    }

    [Fact]
    public void When_SameSeedTwice_Expect_BitIdenticalCurrents()
    {
        const int m = 200, n = 180; // large enough for the parallel chunked path
        var a = new NodalCrossbarSolver().Solve(new CrossbarSpec(m, n, 1, 1), MtjLikeTestCells.Random(m, n, 9), RandomInputs(m, 10));
        var b = new NodalCrossbarSolver().Solve(new CrossbarSpec(m, n, 1, 1), MtjLikeTestCells.Random(m, n, 9), RandomInputs(m, 10));
        Assert.Equal(a.ColumnCurrents, b.ColumnCurrents);
        var serial = new NodalCrossbarSolver(new NodalSolverOptions { Parallel = false })
            .Solve(new CrossbarSpec(m, n, 1, 1), MtjLikeTestCells.Random(m, n, 9), RandomInputs(m, 10));
        Assert.Equal(a.ColumnCurrents, serial.ColumnCurrents);
    }

    [Fact]
    public void When_LargeArrayOnSeveralThreads_Expect_BitIdenticalToOneThread()
    {
        // Above the size where chunks run in parallel: the chunking, not the schedule, fixes every sum.
        const int m = 400, n = 360;
        var spec = new CrossbarSpec(m, n, 1, 1);
        var cells = OhmicTestCells.Random(m, n, 21);
        var v = RandomInputs(m, 22);
        var parallel = new NodalCrossbarSolver().Solve(spec, cells, v);
        var serial = new NodalCrossbarSolver(new NodalSolverOptions { Parallel = false }).Solve(spec, cells, v);
        Assert.True(parallel.CoarseSize > 0);
        Assert.Equal(serial.ColumnCurrents, parallel.ColumnCurrents);
    }

    [Fact]
    public void When_TransferMatrixIsApplied_Expect_DirectSolveCurrents()
    {
        const int m = 24, n = 20;
        var spec = new CrossbarSpec(m, n, 2, 3, 5);
        var cells = OhmicTestCells.Random(m, n, 11);
        var solver = new NodalCrossbarSolver();
        var t = solver.TransferMatrix(spec, cells);
        var v = RandomInputs(m, 12);
        var direct = solver.Solve(spec, cells, v).ColumnCurrents;
        var viaT = new double[n];
        for (int j = 0; j < n; j++) for (int i = 0; i < m; i++) viaT[j] += t[j, i] * v[i];
        Assert.True(MaxRelDiff(direct, viaT) < 1e-11, $"{MaxRelDiff(direct, viaT)}");
    }

    [Fact]
    public void When_BatchWithWarmStarts_Expect_SameCurrentsAsColdSolves()
    {
        const int m = 30, n = 30;
        var spec = new CrossbarSpec(m, n, 2, 2);
        var cells = MtjLikeTestCells.Random(m, n, 13);
        var inputs = Enumerable.Range(0, 4).Select(k => (IReadOnlyList<double>)RandomInputs(m, 20 + k)).ToList();
        var solver = new NodalCrossbarSolver();
        var batch = solver.SolveBatch(spec, cells, inputs);
        for (int k = 0; k < inputs.Count; k++)
        {
            var cold = solver.Solve(spec, cells, inputs[k]);
            Assert.True(MaxRelDiff(cold.ColumnCurrents, batch[k].ColumnCurrents) < 1e-10);
        }
    }

    [Fact]
    public void When_WarmStartIsAllZeros_Expect_TheColdSolveBitForBit()
    {
        // A cold solve of linear cells skips the scan of the bit-line voltages for a warm start (they
        // are a fresh array of zeros); a warm start that is all zeros takes the scanning path and must
        // give the same solution to the last bit. 150 rows: three word-line blocks, the last one partial.
        const int m = 150, n = 70;
        var spec = new CrossbarSpec(m, n, 2, 2);
        var cells = OhmicTestCells.Random(m, n, 41);
        var solver = new NodalCrossbarSolver();
        var zero = solver.Solve(spec, cells, new double[m]);
        Assert.All(zero.RawBitLine, x => Assert.Equal(0.0, x));
        var v = RandomInputs(m, 42);
        var cold = solver.Solve(spec, cells, v);
        var warm = solver.Solve(spec, cells, v, zero);
        Assert.Equal(cold.ColumnCurrents, warm.ColumnCurrents);
        Assert.Equal(cold.RawWordLine, warm.RawWordLine);
        Assert.Equal(cold.LinearIterations, warm.LinearIterations);
    }

    [Fact]
    public void When_DifferentialColumns_Expect_PairDifferences()
    {
        var spec = new CrossbarSpec(6, 4, 1, 1, differentialColumns: true);
        var s = new NodalCrossbarSolver().Solve(spec, OhmicTestCells.Random(6, 4, 1), RandomInputs(6, 1));
        Assert.NotNull(s.DifferentialCurrents);
        Assert.Equal(s.ColumnCurrents[0] - s.ColumnCurrents[1], s.DifferentialCurrents![0]);
        Assert.Equal(s.ColumnCurrents[2] - s.ColumnCurrents[3], s.DifferentialCurrents[1]);
    }

    [Fact]
    public void When_InputsOrCellsDoNotMatch_Expect_ClearInvalidInput()
    {
        var spec = new CrossbarSpec(4, 3, 1, 1);
        var solver = new NodalCrossbarSolver();
        var e1 = Assert.Throws<InvalidInputException>(() => solver.Solve(spec, OhmicTestCells.Random(4, 4, 1), new double[4]));
        Assert.Contains("4x4", e1.Message);
        var e2 = Assert.Throws<InvalidInputException>(() => solver.Solve(spec, OhmicTestCells.Random(4, 3, 1), new double[3]));
        Assert.Contains("3 word-line voltages", e2.Message);
        var e3 = Assert.Throws<InvalidInputException>(() => solver.Solve(spec, OhmicTestCells.Random(4, 3, 1), new[] { 0, double.NaN, 0, 0 }));
        Assert.Contains("word-line voltage 1", e3.Message);
    }

    [Fact]
    public void When_SolvedWithWires_Expect_KclAtEveryNodeFromTheReturnedVoltages()
    {
        // Recomputed here from the returned node voltages and the cells, independent of the solver's own residual.
        const int m = 30, n = 26;
        const double rw = 2.0, rb = 3.0, rd = 15.0;
        var cells = MtjLikeTestCells.Random(m, n, 21);
        var v = RandomInputs(m, 22, 0.3);
        var s = new NodalCrossbarSolver().Solve(new CrossbarSpec(m, n, rw, rb, rd), cells, v);
        double worst = 0, scale = 0;
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++)
            {
                double w = s.WordLineVoltage(i, j), b = s.BitLineVoltage(i, j);
                double cell = cells.Current(i, j, w - b);
                double left = j == 0 ? (v[i] - w) / rd : (s.WordLineVoltage(i, j - 1) - w) / rw;
                double right = j < n - 1 ? (s.WordLineVoltage(i, j + 1) - w) / rw : 0;
                double up = i > 0 ? (s.BitLineVoltage(i - 1, j) - b) / rb : 0;
                double down = (i < m - 1 ? s.BitLineVoltage(i + 1, j) : 0.0) - b;
                down /= rb;
                worst = Math.Max(worst, Math.Max(Math.Abs(left + right - cell), Math.Abs(up + down + cell)));
                scale = Math.Max(scale, Math.Abs(left) + Math.Abs(right) + Math.Abs(cell));
            }
        Assert.True(worst / scale < 1e-12, $"KCL residual {worst / scale}");
        // The column current is what flows through the last bit-line segment into the virtual ground.
        for (int j = 0; j < n; j++)
            Assert.Equal(s.BitLineVoltage(m - 1, j) / rb, s.ColumnCurrents[j], 1e-11 * s.ColumnCurrents[j]);
    }

    // Ohmic arrays are read from row spans in 64 x 64 tiles (LinearCellArray), other cells one call
    // per cell: both must give the same conductances, so the same solution to the last bit, also
    // for shapes that are not multiples of the tile.
    [Theory]
    [InlineData(70, 130)]
    [InlineData(130, 67)]
    public void When_OhmicArrayReadFromRows_Expect_SameSolutionAsPerCellReads(int m, int n)
    {
        var generic = OhmicTestCells.Random(m, n, 5);
        var g = new double[m, n];
        for (int i = 0; i < m; i++) for (int j = 0; j < n; j++) g[i, j] = generic.G(i, j);
        var spec = new CrossbarSpec(m, n, 1.0, 1.0);
        var v = RandomInputs(m, 6);
        var solver = new NodalCrossbarSolver();
        var fromRows = solver.Solve(spec, new Xbar.Devices.Linear.LinearCellArray(g), v);
        var perCell = solver.Solve(spec, generic, v);
        Assert.Equal(perCell.ColumnCurrents, fromRows.ColumnCurrents);
    }
}
