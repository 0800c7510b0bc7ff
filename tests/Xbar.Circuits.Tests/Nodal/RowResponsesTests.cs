using Xbar.Circuits.Crossbars;
using Xbar.Circuits.Nodal;

namespace Xbar.Circuits.Tests.Nodal;

/// <summary>
/// The batched row responses (one solve per SIMD lane) against the reference: one
/// plain iterative nodal solve per row, per replaced row and with every row at 1 V.
/// </summary>
public class RowResponsesTests
{
    public static TheoryData<string> Specs => new() { "ideal-7x5", "driver-9x13", "load-6x6", "access-11x4", "one-row-1x7", "one-col-8x1", "native-23x19" };

    private static CrossbarSpec Spec(string name) => name switch
    {
        "ideal-7x5" => new CrossbarSpec(7, 5, 2, 3),
        "driver-9x13" => new CrossbarSpec(9, 13, 2.5, 1.5, driverResistance: 40),
        "load-6x6" => new CrossbarSpec(6, 6, 1, 4, termination: ColumnTermination.LoadResistor, loadResistance: 50),
        "access-11x4" => new CrossbarSpec(11, 4, 3, 2, cellKind: CellKind.OneT1R, accessResistance: 2000),
        "one-row-1x7" => new CrossbarSpec(1, 7, 2, 2, driverResistance: 10),
        "one-col-8x1" => new CrossbarSpec(8, 1, 2, 2),
        // Large enough for the native BLAS and LAPACK calls (the small ones take the managed loops).
        "native-23x19" => new CrossbarSpec(23, 19, 2, 2.5, driverResistance: 20),
        _ => throw new ArgumentException(name),
    };

    /// <summary>Largest |a - b| over the largest |b|.</summary>
    private static double RelDiff(double[] a, double[] b)
    {
        double scale = b.Max(Math.Abs), err = 0;
        for (int q = 0; q < b.Length; q++) err = Math.Max(err, Math.Abs(a[q] - b[q]));
        return err / scale;
    }

    [Theory]
    [MemberData(nameof(Specs))]
    public void When_FastMethods_Expect_SameResponsesAsRowSolves(string name)
    {
        var spec = Spec(name);
        int m = spec.Rows, n = spec.Cols;
        var cells = OhmicTestCells.Random(m, n, 5);
        var solver = new NodalCrossbarSolver();
        var reference = solver.RowResponses(spec, cells, RowResponseMethod.RowSolves);
        // A replacement of every row (about the few per cent a chord conductance moves) and arbitrary weights.
        var rng = new Random(7);
        var replacement = new double[m * n];
        var weights = new double[m * n];
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++)
            {
                replacement[i * n + j] = cells.G(i, j) * (0.9 + 0.2 * rng.NextDouble());
                weights[i * n + j] = rng.NextDouble() - 0.3;
            }
        var refReplaced = reference.ReplaceRows(replacement, weights);
        foreach (var method in new[] { RowResponseMethod.Batched, RowResponseMethod.Auto })
        {
            var fast = solver.RowResponses(spec, cells, method);
            Assert.True(RelDiff(fast.Transfer, reference.Transfer) < 1e-10, $"{method} T {RelDiff(fast.Transfer, reference.Transfer)}");
            Assert.True(RelDiff(fast.OwnRowBias, reference.OwnRowBias) < 1e-10, $"{method} u {RelDiff(fast.OwnRowBias, reference.OwnRowBias)}");
            Assert.True(RelDiff(fast.AllRowsBias, reference.AllRowsBias) < 1e-10, $"{method} all {RelDiff(fast.AllRowsBias, reference.AllRowsBias)}");
            var replaced = fast.ReplaceRows(replacement, weights);
            Assert.True(RelDiff(replaced.Transfer, refReplaced.Transfer) < 1e-10, $"{method} T' {RelDiff(replaced.Transfer, refReplaced.Transfer)}");
            if (m > 1)
                Assert.True(RelDiff(replaced.WeightedBias, refReplaced.WeightedBias) < 1e-9, $"{method} b {RelDiff(replaced.WeightedBias, refReplaced.WeightedBias)}");
        }
    }
}
