using Xbar.Behavioral.Networks;

namespace Xbar.Validation.Studies;

/// <summary>
/// Random matrix-vector products for the MVM studies: weights uniform in [-1, 1] (or in [0, 1]
/// when <c>nonNegative</c>), inputs uniform in [0, 1] (non-negative read voltages), run through one reference MTJ tile and compared with
/// the exact product. The RMSE is in the units of W x.
/// </summary>
public static class MvmSampler
{
    /// <summary>RMSE over <paramref name="products"/> random MVMs of an m x n tile (m inputs, n outputs), and the RMS of the exact outputs.</summary>
    public static (double Rmse, double OutputRms) Measure(ReferenceMtjTileOptions options, int m, int n, int products, int seed, bool nonNegative = false)
    {
        var rng = new Random(seed);
        var w = new double[n, m];
        for (int o = 0; o < n; o++) for (int i = 0; i < m; i++) w[o, i] = nonNegative ? rng.NextDouble() : 2 * rng.NextDouble() - 1;
        var tile = new ReferenceMtjTileProgrammer(options, seed ^ 0x3C3C).Program(w, new TileContext(0, 0, 0, 1.0, seed));
        var exact = new DenseMatrix(w);
        var x = new double[m];
        var y = new double[n];
        var yRef = new double[n];
        double err = 0, norm = 0;
        for (int p = 0; p < products; p++)
        {
            for (int i = 0; i < m; i++) x[i] = rng.NextDouble();
            tile.Multiply(x, y);
            exact.Multiply(x, yRef);
            for (int o = 0; o < n; o++)
            {
                err += (y[o] - yRef[o]) * (y[o] - yRef[o]);
                norm += yRef[o] * yRef[o];
            }
        }
        return (Math.Sqrt(err / (products * n)), Math.Sqrt(norm / (products * n)));
    }
}
