namespace Xbar.Cli.Tests;

public class CrossbarBenchCommandTests
{
    [Fact]
    public void When_BenchSolverRunsSmallestSize_Expect_ExitCode0()
    {
        Assert.Equal(0, Program.BuildRoot().Parse(["bench", "solver", "--max-n", "16", "--ngspice-limit", "60"]).Invoke());
    }

    [Fact]
    public void When_BenchSolverMaxNTooSmall_Expect_ExitCode2()
    {
        Assert.Equal(2, Program.BuildRoot().Parse(["bench", "solver", "--max-n", "4"]).Invoke());
    }
}
