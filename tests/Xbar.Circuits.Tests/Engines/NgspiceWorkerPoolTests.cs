using System.Globalization;
using Xbar.Circuits.Engines;
using Xbar.Circuits.Engines.Ngspice;
using Xunit.Abstractions;

namespace Xbar.Circuits.Tests.Engines;

/// <summary>Reuse and parallelism of ngspice worker processes.</summary>
public sealed class NgspiceWorkerPoolTests(ITestOutputHelper output)
{
    /// <summary>A ladder of <paramref name="n"/> sections whose values depend on <paramref name="seed"/> (deterministic).</summary>
    private static string Ladder(int seed, int n = 6)
    {
        var random = new Random(seed);
        var lines = new List<string> { $"ladder {seed}", $"V1 n0 0 DC {(1 + random.NextDouble()).ToString("R", CultureInfo.InvariantCulture)}" };
        for (var k = 1; k <= n; k++)
        {
            lines.Add($"RS{k} n{k - 1} n{k} {(100 + 900 * random.NextDouble()).ToString("R", CultureInfo.InvariantCulture)}");
            lines.Add($"RP{k} n{k} 0 {(1e3 + 9e3 * random.NextDouble()).ToString("R", CultureInfo.InvariantCulture)}");
        }
        if (seed % 5 == 0)
        {
            lines.Add($"C1 n{n} 0 1n");
            lines.Add(".tran 100n 10u");
        }
        else lines.Add(".op");
        lines.Add(".end");
        return string.Join("\n", lines);
    }

    private static long WorkerRssBytes(int pid)
    {
        foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
        throw new InvalidOperationException("no VmRSS");
    }

    [Fact]
    public void When_FiveHundredNetlistsRunThroughOneWorker_Expect_MemoryGrowthUnderFiftyMiB()
    {
        using var engine = new NgspiceEngine(1);
        for (var i = 0; i < 20; i++) engine.RunText(Ladder(i)); // warm-up: JIT, ngspice's first allocations
        var pid = Assert.Single(engine.Pool.WorkerProcessIds);
        var workerBefore = WorkerRssBytes(pid);
        var hostBefore = GC.GetTotalMemory(forceFullCollection: true);

        var clock = System.Diagnostics.Stopwatch.StartNew();
        for (var i = 0; i < 500; i++)
        {
            var result = engine.RunText(Ladder(1000 + i));
            Assert.NotEmpty(result.Analyses);
        }

        output.WriteLine($"500 runs in {clock.Elapsed.TotalSeconds:F1} s");
        Assert.Equal(pid, Assert.Single(engine.Pool.WorkerProcessIds)); // one worker did all 500
        var workerGrowth = WorkerRssBytes(pid) - workerBefore;
        var hostGrowth = GC.GetTotalMemory(forceFullCollection: true) - hostBefore;
        output.WriteLine($"500 runs: worker RSS {workerBefore >> 20} MiB -> +{workerGrowth >> 10} KiB, host heap +{hostGrowth >> 10} KiB");
        Assert.True(workerGrowth + hostGrowth < 50L << 20,
            $"worker RSS grew {workerGrowth >> 10} KiB, host managed heap {hostGrowth >> 10} KiB");
    }

    [Fact]
    public void When_RunOnTwoWorkersInParallel_Expect_SameResultsAsSerial()
    {
        var netlists = Enumerable.Range(0, 12).Select(i => Ladder(42 + i)).ToArray();
        using var serialEngine = new NgspiceEngine(1);
        var serial = netlists.Select(n => serialEngine.RunText(n)).ToArray();

        using var parallelEngine = new NgspiceEngine(2);
        var parallel = new SimulationResult[netlists.Length];
        // Two threads start together, so both need a worker while the first is still starting up.
        using var start = new Barrier(2);
        var threads = Enumerable.Range(0, 2).Select(t => Task.Factory.StartNew(() =>
        {
            start.SignalAndWait();
            for (var i = t; i < netlists.Length; i += 2) parallel[i] = parallelEngine.RunText(netlists[i]);
        }, TaskCreationOptions.LongRunning)).ToArray();
        Task.WaitAll(threads);

        Assert.Equal(2, parallelEngine.Pool.WorkerProcessIds.Count);
        for (var i = 0; i < netlists.Length; i++)
        {
            var a = serial[i].Analyses.Single();
            var b = parallel[i].Analyses.Single();
            Assert.Equal(a.Kind, b.Kind);
            switch (a)
            {
                case OperatingPointResult op:
                    var opB = (OperatingPointResult)b;
                    Assert.Equal(op.Names, opB.Names);
                    foreach (var name in op.Names) Assert.Equal(op.Value(name), opB.Value(name));
                    break;
                case SweepResult sweep:
                    var sweepB = (SweepResult)b;
                    Assert.Equal(sweep.Sweep, sweepB.Sweep);
                    foreach (var name in sweep.VectorNames) Assert.Equal(sweep.Vector(name), sweepB.Vector(name));
                    break;
            }
        }
    }
}
