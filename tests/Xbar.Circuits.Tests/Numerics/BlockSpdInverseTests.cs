using MathNet.Numerics.LinearAlgebra;
using Xbar.Circuits.Numerics;

namespace Xbar.Circuits.Tests.Numerics;

public class BlockSpdInverseTests
{
    // A leaf, one split with unequal halves (65 = 32 + 33) and two levels of odd splits (257),
    // against MathNet's inverse (an independent implementation); relative to the largest entry.
    [Theory]
    [InlineData(40)]
    [InlineData(65)]
    [InlineData(257)]
    public void When_SpdMatrixInvertedByBlocks_Expect_MathNetInverse(int n)
    {
        var rng = new Random(n);
        var b = Matrix<double>.Build.Dense(n, n, (_, _) => rng.NextDouble() - 0.5);
        var a = b * b.Transpose() + Matrix<double>.Build.DenseIdentity(n) * 0.1;
        var flat = new double[n * n];
        for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) flat[i * n + j] = a[i, j];
        Assert.True(BlockSpdInverse.Invert(flat, n));
        var expected = a.Inverse();
        double scale = expected.Enumerate().Max(Math.Abs);
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
                Assert.True(Math.Abs(expected[i, j] - flat[i * n + j]) < 1e-10 * scale, $"({i},{j}) {flat[i * n + j]} vs {expected[i, j]}");
    }

    [Fact]
    public void When_TrailingBlockIsNotPositiveDefinite_Expect_False()
    {
        const int n = 200;
        var flat = new double[n * n];
        for (int i = 0; i < n; i++) flat[i * n + i] = i == n - 3 ? -1 : 1;
        Assert.False(BlockSpdInverse.Invert(flat, n));
    }
}
