using System.Diagnostics;
using Xbar.Circuits.Engines;
using Xbar.Circuits.Engines.Ngspice;

namespace Xbar.Circuits.Tests.Engines;

/// <summary>ngspice failures become typed exceptions, and the engine survives them.</summary>
public sealed class NgspiceFailureTests
{
    private const string Divider = """
        divider
        V1 in 0 1
        R1 in out 1k
        R2 out 0 1k
        .op
        .end
        """;

    /// <summary>
    /// 1e12 time steps (max step 1 ps over 1 s): ngspice would spin for days, and bg_halt
    /// cannot stop it; only killing the worker can.
    /// </summary>
    internal const string EndlessTransient = """
        endless transient
        V1 in 0 PULSE(0 1 0 1n 1n 1u 2u)
        R1 in out 1k
        C1 out 0 1n
        .tran 1p 1 0 1p
        .end
        """;

    [Fact]
    public void When_OperatingPointHasNoSolution_Expect_ConvergenceExceptionListingWhatWasTried()
    {
        // KCL at a: 1 A in = B current + v/1k, with B = 2 A when v > 0 (then v < 0) and 0.5 A otherwise (then v > 0).
        using var engine = new NgspiceEngine(1);
        var e = Assert.Throws<ConvergenceException>(() => engine.RunText("""
            no solution
            I1 0 a 1
            B1 a 0 I = v(a) > 0 ? 2 : 0.5
            R1 a 0 1k
            .op
            .end
            """));

        Assert.Equal("op", e.Analysis);
        Assert.Contains("dynamic gmin stepping", e.Attempts);
        Assert.Contains("source stepping", e.Attempts);
        Assert.Equal("a", e.Node);
        Assert.Contains("gmin stepping", e.Message);

        Assert.Equal(0.5, engine.RunText(Divider).OperatingPoint.NodeVoltage("out"), 12);
    }

    [Fact]
    public void When_NetlistUsesUndefinedModel_Expect_SimulationExceptionWithNgspiceMessage()
    {
        using var engine = new NgspiceEngine(1);
        var e = Assert.Throws<SimulationException>(() => engine.RunText("""
            bad model
            V1 a 0 1
            R1 a b 1k
            D1 b 0 nosuchmodel
            .op
            .end
            """));
        Assert.Contains("nosuchmodel", e.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void When_NgspiceAsksToExit_Expect_EngineCrashedAndNextRunOnFreshWorker()
    {
        using var engine = new NgspiceEngine(1);
        engine.RunText(Divider);
        var pid = Assert.Single(engine.Pool.WorkerProcessIds);

        // 'quit' makes ngspice call its ControlledExit callback: the library is unusable afterwards.
        var e = Assert.Throws<EngineCrashedException>(() => engine.RunText("""
            quit inside
            V1 a 0 1
            R1 a 0 1k
            .control
            quit
            .endc
            .end
            """));
        Assert.Contains("exit", e.Message);

        Assert.Equal(0.5, engine.RunText(Divider).OperatingPoint.NodeVoltage("out"), 12);
        Assert.NotEqual(pid, Assert.Single(engine.Pool.WorkerProcessIds));
    }

    [Fact]
    public void When_WorkerIsKilledMidRun_Expect_EngineCrashedAndNextRunSucceeds()
    {
        using var engine = new NgspiceEngine(1);
        engine.RunText(Divider); // the worker is up
        var pid = Assert.Single(engine.Pool.WorkerProcessIds);

        var run = Task.Run(() => engine.RunText(EndlessTransient, new SimulationOptions { Timeout = TimeSpan.FromMinutes(2) }));
        Thread.Sleep(500); // let it get into the transient
        Assert.False(run.IsCompleted);
        Process.GetProcessById(pid).Kill();

        var e = Assert.Throws<EngineCrashedException>(() => run.GetAwaiter().GetResult());
        Assert.Equal(128 + 9, e.ExitCode);
        Assert.Contains("signal 9", e.Message);

        Assert.Equal(0.5, engine.RunText(Divider).OperatingPoint.NodeVoltage("out"), 12);
        Assert.NotEqual(pid, Assert.Single(engine.Pool.WorkerProcessIds));
    }

    [Fact]
    public void When_TransientRunsPastItsTimeout_Expect_StoppedWithTimeoutException()
    {
        using var engine = new NgspiceEngine(1);
        var timeout = TimeSpan.FromSeconds(2);
        var clock = Stopwatch.StartNew();

        var e = Assert.Throws<SimulationTimeoutException>(() =>
            engine.RunText(EndlessTransient, new SimulationOptions { Timeout = timeout }));

        clock.Stop();
        Assert.Equal(timeout, e.Timeout);
        // Generous margin for a loaded 2-core machine: the point is that it stops at all (it would run for days).
        Assert.True(clock.Elapsed < timeout + TimeSpan.FromSeconds(20), $"took {clock.Elapsed}");
        Assert.Empty(engine.Pool.WorkerProcessIds); // the hung worker is gone

        Assert.Equal(0.5, engine.RunText(Divider).OperatingPoint.NodeVoltage("out"), 12);
    }
}
