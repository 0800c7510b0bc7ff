namespace Xbar.Cli.Tests;

/// <summary>`xbar bench network` in process on a tiny workload (speed itself is a benchmark, never a timed test).</summary>
public class NetworkBenchCommandTests
{
    [Fact]
    public void When_DenseInputsThroughPca_Expect_ExitCode0() =>
        Assert.Equal(0, Program.BuildRoot().Parse(["bench", "network", "--images", "40", "--tile-sizes", "4", "--pca", "8", "--hidden", "4"]).Invoke());

    [Theory]
    [InlineData("--pca", "-1")]
    [InlineData("--pca", "785")]
    [InlineData("--hidden", "0")]
    public void When_OptionOutOfRange_Expect_ExitCode2(string option, string value) =>
        Assert.Equal(2, Program.BuildRoot().Parse(["bench", "network", "--images", "40", option, value]).Invoke(
            new System.CommandLine.InvocationConfiguration { Output = new StringWriter(), Error = new StringWriter() }));
}
