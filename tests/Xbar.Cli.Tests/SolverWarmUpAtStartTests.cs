using Xbar.Cli;

namespace Xbar.Cli.Tests;

/// <summary>
/// Which command lines start the solver's warm-up at start-up: the short solver commands, not the
/// others, and not the cold first-call benchmark; and `--first-call --cold` parses and runs.
/// </summary>
public class SolverWarmUpAtStartTests
{
    [Theory]
    [InlineData(true, "crossbar", "--rows", "64", "--cols", "64")]
    [InlineData(true, "bench", "solver", "--first-call")]
    [InlineData(false, "bench", "solver", "--first-call", "--cold")]
    [InlineData(false, "bench", "onnx")]
    [InlineData(false, "train")]
    [InlineData(false, "--version")]
    [InlineData(false)]
    public void When_CommandLineGiven_Expect_WarmUpOnlyForShortSolverCommands(bool expected, params string[] args)
    {
        Assert.Equal(expected, SolverWarmUpAtStart.Wanted(args));
    }

    [Fact]
    public void When_ColdFirstCallBenchRuns_Expect_ExitCode0()
    {
        Assert.Equal(0, Program.BuildRoot().Parse(["bench", "solver", "--first-call", "--cold", "--sizes", "32", "--repeats", "2"]).Invoke());
    }
}
