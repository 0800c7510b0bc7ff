namespace Xbar.Devices.Tests.NonIdealities;

/// <summary>Mean and sample standard deviation (MathNet), for the statistics tests.</summary>
internal static class SampleStats
{
    public static (double Mean, double Sigma) Of(IEnumerable<double> values)
    {
        var (mean, variance) = MathNet.Numerics.Statistics.Statistics.MeanVariance(values);
        return (mean, Math.Sqrt(variance));
    }

    public static IEnumerable<double> Cells(int rows, int cols, Func<int, int, double> f)
    {
        for (int i = 0; i < rows; i++)
            for (int j = 0; j < cols; j++)
                yield return f(i, j);
    }
}
