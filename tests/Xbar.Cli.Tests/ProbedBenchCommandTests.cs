namespace Xbar.Cli.Tests;

/// <summary>`xbar bench probed` on small tiles (speed itself is a benchmark, never a timed test).</summary>
public class ProbedBenchCommandTests
{
    [Fact]
    public void When_SmallTilesRun_Expect_Exit0() => Assert.Equal(0, CliRun.Invoke("bench", "probed", "--size", "8", "16", "--repeats", "1").Exit);

    [Theory]
    [InlineData("--size", "2")]
    [InlineData("--repeats", "0")]
    [InlineData("--wire-r", "0")]
    public void When_ArgumentOutOfRange_Expect_Exit2(string option, string value) => Assert.Equal(2, CliRun.Invoke("bench", "probed", option, value).Exit);
}
