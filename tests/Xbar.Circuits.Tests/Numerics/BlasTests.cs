using MathNet.Numerics.LinearAlgebra;
using Xbar.Circuits.Numerics;

namespace Xbar.Circuits.Tests.Numerics;

public class BlasTests
{
    [Fact]
    public void When_OpenBlasInstalled_Expect_Available() =>
        Assert.True(Blas.Available, "libopenblas.so.0 did not load: apt-get install libopenblas0 (make deps does it)");

    // Sizes on both sides of the managed/native threshold; every transpose combination against
    // MathNet's managed product (an independent implementation).
    [Theory]
    [InlineData(3, 4, 5, false, false)]
    [InlineData(3, 4, 5, true, true)]
    [InlineData(70, 90, 110, false, false)]
    [InlineData(70, 90, 110, true, false)]
    [InlineData(70, 90, 110, false, true)]
    [InlineData(70, 90, 110, true, true)]
    public void When_Gemm_Expect_MathNetProduct(int m, int n, int k, bool transA, bool transB)
    {
        var rng = new Random(m * 31 + n * 7 + k);
        var a = Matrix<double>.Build.Dense(transA ? k : m, transA ? m : k, (_, _) => rng.NextDouble() - 0.5);
        var b = Matrix<double>.Build.Dense(transB ? n : k, transB ? k : n, (_, _) => rng.NextDouble() - 0.5);
        var c0 = Matrix<double>.Build.Dense(m, n, (_, _) => rng.NextDouble() - 0.5);
        var expected = 1.5 * (transA ? a.Transpose() : a) * (transB ? b.Transpose() : b) + 0.25 * c0;
        var c = RowMajor(c0);
        Blas.Gemm(transA, transB, m, n, k, 1.5, RowMajor(a), RowMajor(b), 0.25, c);
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++) Assert.Equal(expected[i, j], c[i * n + j], 1e-12);

        var cf = RowMajor(c0).Select(v => (float)v).ToArray();
        Blas.Gemm(transA, transB, m, n, k, 1.5f, RowMajor(a).Select(v => (float)v).ToArray(),
            RowMajor(b).Select(v => (float)v).ToArray(), 0.25f, cf);
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++) Assert.Equal(expected[i, j], cf[i * n + j], 1e-4);
    }

    [Fact]
    public void When_SameInputsTwice_Expect_BitIdentical()
    {
        var rng = new Random(5);
        var a = Enumerable.Range(0, 300 * 200).Select(_ => rng.NextDouble()).ToArray();
        var b = Enumerable.Range(0, 200 * 250).Select(_ => rng.NextDouble()).ToArray();
        var c1 = new double[300 * 250];
        var c2 = new double[300 * 250];
        Blas.Gemm(false, false, 300, 250, 200, 1.0, a, b, 0.0, c1);
        Blas.Gemm(false, false, 300, 250, 200, 1.0, a, b, 0.0, c2);
        Assert.Equal(c1, c2);
    }

    [Fact]
    public void When_BufferTooSmall_Expect_ArgumentException() =>
        Assert.Throws<ArgumentException>(() => Blas.Gemm(false, false, 4, 4, 4, 1.0, new double[15], new double[16], 0.0, new double[16]));

    private static double[] RowMajor(Matrix<double> m)
    {
        var r = new double[m.RowCount * m.ColumnCount];
        for (int i = 0; i < m.RowCount; i++)
            for (int j = 0; j < m.ColumnCount; j++) r[i * m.ColumnCount + j] = m[i, j];
        return r;
    }
}
