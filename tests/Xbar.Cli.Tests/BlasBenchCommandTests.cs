using Xbar.Validation.Benchmarks;

namespace Xbar.Cli.Tests;

/// <summary>`xbar bench blas` on small matrices (speed itself is a benchmark, never a timed test).</summary>
public class BlasBenchCommandTests
{
    [Fact]
    public void When_SmallProductsRun_Expect_Exit0() => Assert.Equal(0, CliRun.Invoke("bench", "blas", "--size", "64", "--repeats", "1").Exit);

    [Fact]
    public void When_BothEnginesMultiply_Expect_TheSameProductToRounding()
    {
        // 128^3 products of values in +-0.5: float sums of 128 terms agree to ~1e-6 relative, double to ~1e-15.
        var rows = new BlasBenchmark { Size = 128, BlasRepeats = 1, ManagedRepeats = 1 }.Run();
        Assert.All(rows.Where(r => r.Precision == "single"), r => Assert.True(r.MaxRelativeDifference < 1e-5, $"{r.MaxRelativeDifference}"));
        Assert.All(rows.Where(r => r.Precision == "double"), r => Assert.True(r.MaxRelativeDifference < 1e-12, $"{r.MaxRelativeDifference}"));
        Assert.Equal(4, rows.Count);
    }

    [Fact]
    public void When_SizeOutOfRange_Expect_Exit2() => Assert.Equal(2, CliRun.Invoke("bench", "blas", "--size", "8").Exit);
}
