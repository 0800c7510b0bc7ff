namespace Xbar.Behavioral.Tests.Tiles;

internal static class TileTestData
{
    public static double[,] Matrix(int rows, int cols, int seed, double lo = -1, double hi = 1)
    {
        var r = new Random(seed);
        var m = new double[rows, cols];
        for (int i = 0; i < rows; i++) for (int j = 0; j < cols; j++) m[i, j] = lo + (hi - lo) * r.NextDouble();
        return m;
    }

    public static double[] Row(double[,] m, int r) => Enumerable.Range(0, m.GetLength(1)).Select(j => m[r, j]).ToArray();

    public static double[] Product(double[,] w, double[] x)
    {
        var y = new double[w.GetLength(0)];
        for (int o = 0; o < y.Length; o++) for (int i = 0; i < x.Length; i++) y[o] += w[o, i] * x[i];
        return y;
    }
}
