using Xbar.Circuits.Engines;
using Xbar.Circuits.Engines.Ngspice;

namespace Xbar.Circuits.Tests.Engines;

/// <summary>
/// Classification of ngspice 39 output into results and typed errors, from message sequences as
/// ngspice prints them (the print callback prefixes each line with stdout/stderr).
/// </summary>
public sealed class NgspiceReplyInterpreterTests
{
    private static WorkerReply Reply(params string[] output) => new(output, [], ExitRequested: false);

    [Fact]
    public void When_TransientTimestepTooSmall_Expect_ConvergenceExceptionNamingNodeAndStepReduction()
    {
        var reply = Reply(
            "stdout Circuit: tran fail",
            "stdout Initial Transient Solution",
            "stderr doAnalyses: TRAN:  Timestep too small; time = 1.03e-08, timestep = 1.25e-22: trouble with node \"a\"",
            "stderr run simulation(s) aborted");

        var e = Assert.Throws<ConvergenceException>(() => NgspiceReplyInterpreter.Interpret(reply));

        Assert.Equal("tran", e.Analysis);
        Assert.Equal("a", e.Node);
        Assert.Equal(["time-step reduction down to the minimum step"], e.Attempts);
        Assert.StartsWith("The transient analysis did not converge: Timestep too small", e.Message);
    }

    [Fact]
    public void When_SingularMatrix_Expect_SimulationExceptionAboutTopologyNotConvergence()
    {
        var reply = Reply(
            "stderr Warning: singular matrix:  check node a",
            "stderr doAnalyses: OP:  iteration limit reached",
            "stderr run simulation(s) aborted");

        var e = Assert.Throws<SimulationException>(() => NgspiceReplyInterpreter.Interpret(reply));

        Assert.IsNotType<ConvergenceException>(e);
        Assert.Contains("singular", e.Message);
    }

    [Fact]
    public void When_NgspiceRequestedExit_Expect_EngineCrashedException()
    {
        var reply = new WorkerReply(["stderr Fatal error"], [], ExitRequested: true);
        Assert.Throws<EngineCrashedException>(() => NgspiceReplyInterpreter.Interpret(reply));
    }

    [Fact]
    public void When_PlotHasEmptyVectors_Expect_SimulationException()
    {
        var reply = new WorkerReply([], [new RawPlot("tran1", "time", [new RawVector("time", []), new RawVector("out", [])])], false);
        Assert.Throws<SimulationException>(() => NgspiceReplyInterpreter.Interpret(reply));
    }

    [Fact]
    public void When_VectorsUseNgspiceNames_Expect_CanonicalVoltageAndCurrentNames()
    {
        var reply = new WorkerReply(["stderr Warning: something harmless"],
            [new RawPlot("op1", null, [new RawVector("v1#branch", [-1e-3]), new RawVector("Out", [2.0])])], false);

        var result = NgspiceReplyInterpreter.Interpret(reply);

        var op = result.OperatingPoint;
        Assert.Equal(["v(out)", "i(v1)"], op.Names); // voltages first
        Assert.Equal(2.0, op.NodeVoltage("OUT"));
        Assert.Equal(-1e-3, op.BranchCurrent("V1"));
        Assert.Single(result.Warnings);
    }
}
