using Xbar.Circuits.Numerics;

namespace Xbar.Circuits.Tests.Numerics;

public class PackedProductTests
{
    // Shapes with full 4 x 16 blocks, edge rows and edge columns, and a k of one.
    [Theory]
    [InlineData(1, 1, 1)]
    [InlineData(4, 16, 64)]
    [InlineData(7, 17, 5)]
    [InlineData(33, 160, 64)]
    [InlineData(130, 40, 256)]
    public void When_Multiply_Expect_DoubleProductWithinFloatRounding(int count, int n, int k)
    {
        var rng = new Random(count * 131 + n * 7 + k);
        var a = Enumerable.Range(0, count * k).Select(_ => (float)(rng.NextDouble() - 0.5)).ToArray();
        var w = Enumerable.Range(0, n * k).Select(_ => (float)(rng.NextDouble() - 0.5)).ToArray();
        int ldc = n + 3;
        var c0 = Enumerable.Range(0, count * ldc).Select(_ => (float)(rng.NextDouble() - 0.5)).ToArray();
        var packed = new PackedProduct(w, n, k);
        var c = (float[])c0.Clone();
        var acc = (float[])c0.Clone();
        packed.Multiply(a, count, c, ldc);
        packed.Multiply(a, count, acc, ldc, accumulate: true);
        for (int r = 0; r < count; r++)
        {
            for (int j = 0; j < n; j++)
            {
                double exact = 0, magnitude = 0;
                for (int p = 0; p < k; p++)
                {
                    exact += (double)a[r * k + p] * w[j * k + p];
                    magnitude += Math.Abs((double)a[r * k + p] * w[j * k + p]);
                }
                // Higham (2002) eq. 3.5: |error| <= k u sum |a_p w_p| / (1 - k u), u = 2^-24 (one more rounding for the sum with C).
                double bound = (k + 1) * Math.Pow(2, -24) * (magnitude + Math.Abs(c0[r * ldc + j])) * 1.01;
                Assert.InRange(c[r * ldc + j] - exact, -bound, bound);
                Assert.InRange(acc[r * ldc + j] - (exact + c0[r * ldc + j]), -bound, bound);
            }
            // The padding past column n of each row of C is untouched.
            for (int j = n; j < ldc; j++) Assert.Equal(c0[r * ldc + j], c[r * ldc + j]);
        }
    }

    [Fact]
    public void When_RowsReadInDifferentBatches_Expect_SameBits()
    {
        // Each element is one dot product in a fixed order, so a row's result does not depend on the batch it is in.
        var rng = new Random(5);
        int n = 37, k = 64, count = 23;
        var a = Enumerable.Range(0, count * k).Select(_ => (float)rng.NextDouble()).ToArray();
        var w = Enumerable.Range(0, n * k).Select(_ => (float)(rng.NextDouble() - 0.5)).ToArray();
        var packed = new PackedProduct(w, n, k);
        var all = new float[count * n];
        packed.Multiply(a, count, all);
        for (int r = 0; r < count; r++)
        {
            var one = new float[n];
            packed.Multiply(a.AsSpan(r * k, k), 1, one);
            Assert.Equal(all.AsSpan(r * n, n).ToArray(), one);
        }
    }
}
