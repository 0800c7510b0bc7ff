using Xbar.Circuits.Nodal;

namespace Xbar.Circuits.Tests.Nodal;

/// <summary>
/// The coarse space's vectorised factorisation (Cholesky of the pivot blocks, their inverses, the
/// mass product, in AVX lanes) keeps the scalar code's operations in the same order per element,
/// so the stored pivot inverses must be the same bits as the scalar path's, for every K modulo the
/// vector width and for ideal and resistive drivers.
/// </summary>
public class CoarseSpaceKernelTests
{
    [Theory]
    [InlineData(64, 0.01, double.PositiveInfinity)]  // K = 12
    [InlineData(72, 0.01, 50.0)]                    // K = 14
    [InlineData(80, 0.01, double.PositiveInfinity)] // K = 15
    [InlineData(100, 0.01, 50.0)]                   // K = 17
    [InlineData(256, 1.0, double.PositiveInfinity)] // K = 7 (the standard problem's wires)
    public void When_FactoredInLanes_Expect_TheScalarPathsBits(int n, double gW, double gD)
    {
        const int m = 37;
        var rng = new Random(16 + n);
        var g = new double[m * n];
        for (int c = 0; c < g.Length; c++) g[c] = 1 / (3360.0 + 5830.0 * rng.NextDouble()); // R_P .. R_AP of the MTJ defaults
        double mean = g.Average();
        var lanes = WordLineCoarseSpace.Create(m, n, mean, gW, gD, 1.0, 1.0)!;
        var scalar = WordLineCoarseSpace.Create(m, n, mean, gW, gD, 1.0, 1.0)!;
        Assert.NotNull(lanes);
        scalar.ScalarKernels = true;
        lanes.Factor(g);
        scalar.Factor(g);
        for (int i = 0; i < m; i++)
        {
            var a = lanes.PivotInverse(i);
            var b = scalar.PivotInverse(i);
            for (int e = 0; e < a.Length; e++)
                Assert.Equal(BitConverter.DoubleToInt64Bits(b[e]), BitConverter.DoubleToInt64Bits(a[e]));
        }
    }
}
