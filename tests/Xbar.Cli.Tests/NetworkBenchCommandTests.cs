namespace Xbar.Cli.Tests;

/// <summary>`xbar bench network` on a tiny workload: what it prints must count what it ran (speed itself is a benchmark, never a timed test).</summary>
public class NetworkBenchCommandTests
{
    [Fact]
    public void When_DenseInputsThroughPca_Expect_ImagesAndTilesAsCountedByHand()
    {
        var dir = Directory.CreateTempSubdirectory("xbar-bench-").FullName;
        try
        {
            var (exit, output, err) = XbarProcess.Run(dir, TimeSpan.FromMinutes(5),
                "bench", "network", "--images", "40", "--tile-sizes", "4", "8", "--pca", "8", "--hidden", "4");
            Assert.True(exit == 0, err);
            Assert.Contains("Workload: 40 images", output);
            Assert.Matches(@"network\s+8-4-10", output);
            // Tiles by hand: layer 1 is 4 x 8 (outputs x inputs), layer 2 is 10 x 4.
            // 4x4 tiles: ceil(8/4) ceil(4/4) + ceil(4/4) ceil(10/4) = 2 + 3 = 5; 8x8 tiles: 1 x 1 + 1 x 2 = 3.
            Assert.Equal("5", TableCell(output, "tiles 4x4", 1));
            Assert.Equal("3", TableCell(output, "tiles 8x8", 1));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    /// <summary>Cell <paramref name="column"/> (0 = mode) of the table row starting with <paramref name="mode"/>.</summary>
    private static string TableCell(string output, string mode, int column)
    {
        var row = output.Split('\n').First(l => l.Contains($"│ {mode}", StringComparison.Ordinal));
        return row.Split('│', StringSplitOptions.TrimEntries)[column + 1];
    }

    [Theory]
    [InlineData("--pca", "-1")]
    [InlineData("--pca", "785")]
    [InlineData("--hidden", "0")]
    public void When_OptionOutOfRange_Expect_ExitCode2(string option, string value) =>
        Assert.Equal(2, Program.BuildRoot().Parse(["bench", "network", "--images", "40", option, value]).Invoke(
            new System.CommandLine.InvocationConfiguration { Output = new StringWriter(), Error = new StringWriter() }));
}
