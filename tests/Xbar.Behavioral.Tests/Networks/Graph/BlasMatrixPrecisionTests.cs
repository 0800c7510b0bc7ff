using Xbar.Behavioral.Networks.Graph.Operations;

namespace Xbar.Behavioral.Tests.Networks.Graph;

/// <summary>
/// The float executor's single-precision products (<see cref="Xbar.Behavioral.Networks.Graph.FloatBackend.Single"/>)
/// against the double products, within the float rounding bound: W and x rounded to float (2^-24 each)
/// and a k-term float sum (k 2^-24, Higham 2002, eq. 3.5), so |y32 - y64| <= (k + 3) 2^-24 sum_i |w_i x_i|.
/// </summary>
public sealed class BlasMatrixPrecisionTests
{
    private const double U = 1.0 / (1 << 24);

    private static (double[] W, double[] X) Random(int outputs, int inputs, int samples, int seed)
    {
        var rng = new Random(seed);
        var w = Enumerable.Range(0, outputs * inputs).Select(_ => 2 * rng.NextDouble() - 1).ToArray();
        var x = Enumerable.Range(0, samples * inputs).Select(_ => 2 * rng.NextDouble() - 1).ToArray();
        return (w, x);
    }

    [Theory]
    [InlineData(20, 300, 5, 1)]
    [InlineData(64, 4608, 3, 2)]
    [InlineData(64, 4608, 50, 4)] // 230,400 inputs: rounded to float in parallel chunks
    public void When_ProductsRunInSinglePrecision_Expect_TheDoubleProductsWithinTheFloatBound(int outputs, int inputs, int samples, int seed)
    {
        var (w, x) = Random(outputs, inputs, samples, seed);
        var exact = new BlasMatrix(w, 0, outputs, inputs);
        var single = new BlasMatrix(w, 0, outputs, inputs, singlePrecision: true);
        Assert.True(single.SinglePrecision);
        var y64 = new double[samples * outputs];
        var y32 = new double[samples * outputs];
        exact.MultiplyBatch(x, y64, samples);
        single.MultiplyBatch(x, y32, samples);
        int differ = 0;
        for (int s = 0; s < samples; s++)
            for (int o = 0; o < outputs; o++)
            {
                double magnitude = 0;
                for (int i = 0; i < inputs; i++) magnitude += Math.Abs(w[o * inputs + i] * x[s * inputs + i]);
                double d = Math.Abs(y32[s * outputs + o] - y64[s * outputs + o]);
                Assert.True(d <= (inputs + 3) * U * magnitude, $"sample {s} output {o}: {d:E3} beyond {(inputs + 3) * U * magnitude:E3}");
                if (d > 0) differ++;
            }
        Assert.True(differ > 0, "the single-precision products equal the double ones: they did not run in float");
    }

    [Fact]
    public void When_TheColumnFormRunsInSinglePrecision_Expect_TheTransposedBatchProduct()
    {
        // C = W B (the convolution's column form) holds the same sums as the batch form y = W x per column.
        const int outputs = 64, inputs = 75, columns = 3000; // 225,000 inputs and 192,000 outputs: both conversions in parallel chunks
        var (w, x) = Random(outputs, inputs, columns, 3);
        var single = new BlasMatrix(w, 0, outputs, inputs, singlePrecision: true);
        var b = new double[inputs * columns]; // B = X^T
        for (int c = 0; c < columns; c++)
            for (int i = 0; i < inputs; i++) b[i * columns + c] = x[c * inputs + i];
        var fromColumns = new double[outputs * columns];
        single.MultiplyColumns(b, columns, fromColumns);
        var exact = new double[outputs * columns];
        new BlasMatrix(w, 0, outputs, inputs).MultiplyColumns(b, columns, exact);
        for (int o = 0; o < outputs; o++)
            for (int c = 0; c < columns; c++)
            {
                double magnitude = 0;
                for (int i = 0; i < inputs; i++) magnitude += Math.Abs(w[o * inputs + i] * x[c * inputs + i]);
                Assert.True(Math.Abs(fromColumns[o * columns + c] - exact[o * columns + c]) <= (inputs + 3) * U * magnitude);
            }
    }
}
