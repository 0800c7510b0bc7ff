using MathNet.Numerics.LinearAlgebra;
using Xbar.Circuits.Numerics;

namespace Xbar.Circuits.Tests.Numerics;

public class LapackTests
{
    // Both sides of the native threshold (16): the managed Cholesky and LAPACK's dpotrf/dpotri,
    // against MathNet's inverse (an independent implementation).
    [Theory]
    [InlineData(5)]
    [InlineData(60)]
    public void When_SpdMatrixInverted_Expect_MathNetInverse(int n)
    {
        var rng = new Random(n);
        var b = Matrix<double>.Build.Dense(n, n, (_, _) => rng.NextDouble() - 0.5);
        var a = b * b.Transpose() + Matrix<double>.Build.DenseIdentity(n) * n;
        var flat = new double[n * n];
        for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) flat[i * n + j] = a[i, j];
        Assert.True(Lapack.InvertSpd(flat, n));
        var expected = a.Inverse();
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
                Assert.Equal(expected[i, j], flat[i * n + j], 1e-12);
    }

    [Theory]
    [InlineData(5)]
    [InlineData(30)]
    public void When_MatrixIsNotPositiveDefinite_Expect_False(int n)
    {
        var flat = new double[n * n];
        for (int i = 0; i < n; i++) flat[i * n + i] = i == n / 2 ? -1 : 1;
        Assert.False(Lapack.InvertSpd(flat, n));
    }
}
