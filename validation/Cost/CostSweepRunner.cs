using System.Diagnostics;
using Xbar.Circuits.Cost;
using Xbar.Circuits.ReadCircuits;
using Xbar.Validation.Sharding;

namespace Xbar.Validation.Cost;

/// <summary>
/// Runs the points of a <see cref="CostSweepSpec"/> that belong to this shard and are not finished
/// yet, <see cref="Workers"/> at a time (each point is one single-threaded transient, or one
/// ngspice run), saving each the moment it is done, then draws the plots of what the folder holds.
/// </summary>
public sealed class CostSweepRunner
{
    public CostSweepRunner(int workers, ITransientRunner? ngspice = null)
    {
        if (workers < 1) throw new InvalidInputException($"--workers must be >= 1, got {workers}.");
        Workers = workers;
        Ngspice = ngspice;
    }

    public int Workers { get; }

    /// <summary>The ngspice runner for <c>--engine ngspice</c> sweeps (null: nodal).</summary>
    public ITransientRunner? Ngspice { get; }

    /// <summary>The points this shard must still compute (fixed sweep order).</summary>
    public static IReadOnlyList<CostSweepPoint> Pending(CostSweepSpec spec, ShardSpec shard, CostSweepStore store) =>
        spec.Points().Where((p, i) => shard.Owns(i) && !store.IsDone(p)).ToArray();

    /// <summary>Runs the pending points; <paramref name="pointDone"/> is called after each is saved.</summary>
    public void Run(CostSweepSpec spec, ShardSpec shard, CostSweepStore store, Action<CostSweepPoint>? pointDone = null,
        CancellationToken ct = default)
    {
        if (spec.Engine == "ngspice" && Ngspice is null)
            throw new InvalidOperationException("an ngspice sweep needs an ngspice runner");
        store.Prepare(CostSweepStore.SettingsOf(spec));
        var pending = Pending(spec, shard, store);
        var options = new ParallelOptions { MaxDegreeOfParallelism = Workers, CancellationToken = ct };
        try
        {
            Parallel.ForEach(pending, options, point =>
            {
                var clock = Stopwatch.StartNew();
                var t = TileMvmTransient.Simulate(point.Config(spec.Base), point.Inputs, point.Seed,
                    spec.Engine == "ngspice" ? Ngspice : null, ct);
                store.Save(point, CostSample.From(t, spec.Bits, clock.Elapsed.TotalSeconds).ToList());
                pointDone?.Invoke(point);
            });
        }
        catch (AggregateException e) when (e.InnerExceptions.Count > 0)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e.InnerExceptions[0]).Throw();
        }
        var samples = store.LoadSamples();
        if (samples.Count == 0) store.WriteSummary([]);
        CostSweepPlots.Write(samples, store.Root);
    }
}
