using Xbar.Circuits.ReadCircuits;
using Xbar.Validation.Sharding;

namespace Xbar.Validation.ReadCircuits;

/// <summary>
/// Runs the points of a <see cref="ReadSweepSpec"/> that belong to this shard and are not finished
/// yet, one after another (each point's Monte Carlo uses all W workers), saving each the moment it
/// is done, then draws the plots of whatever the folder holds.
/// </summary>
public sealed class ReadSweepRunner
{
    public ReadSweepRunner(CellReadMonteCarlo monteCarlo, int workers)
    {
        MonteCarlo = monteCarlo;
        if (workers < 1) throw new InvalidInputException($"--workers must be >= 1, got {workers}.");
        Workers = workers;
    }

    public CellReadMonteCarlo MonteCarlo { get; }
    public int Workers { get; }

    /// <summary>The points this shard must still compute (fixed sweep order).</summary>
    public static IReadOnlyList<CellReadPoint> Pending(ReadSweepSpec spec, ShardSpec shard, ReadSweepStore store) =>
        spec.Points().Where((p, i) => shard.Owns(i) && !store.IsDone(p)).ToArray();

    /// <summary>
    /// Runs the pending points. <paramref name="onPointStart"/> gets each point before it runs and
    /// <paramref name="drawsDone"/> the draws finished within it (for progress bars).
    /// </summary>
    public IReadOnlyList<CellReadResult> Run(ReadSweepSpec spec, ShardSpec shard, ReadSweepStore store,
        Action<CellReadPoint>? onPointStart = null, IProgress<int>? drawsDone = null, CancellationToken ct = default)
    {
        store.Prepare(ReadSweepStore.RunSettings.Of(spec));
        var done = new List<CellReadResult>();
        foreach (var point in Pending(spec, shard, store))
        {
            ct.ThrowIfCancellationRequested();
            onPointStart?.Invoke(point);
            var result = MonteCarlo.Run(point, spec.Seed, Workers, drawsDone, ct);
            store.Save(result);
            done.Add(result);
        }
        if (!store.LoadPoints().Any()) store.WriteSummary([]);
        ReadSweepPlots.Write(store.LoadPoints(), store.Directory_);
        return done;
    }
}
