namespace Xbar.Validation.Sharding;

/// <summary>
/// Runs the share of a sweep of independent points that belongs to one shard, skipping points the
/// folder already holds (resume) and saving each point the moment it is done (a kill loses at most
/// the points in flight). A study built on it lists its points in a fixed order with a key each,
/// computes one point to a line of text, and turns the lines of all points into its outputs once
/// the folder is complete: the same code path for a single run, a resumed run, and a merge of
/// shards, so the outputs are byte-identical whichever way the points were computed.
/// </summary>
public static class ShardedSweep
{
    /// <summary>Computes this shard's missing points; returns how many it computed.</summary>
    public static int Run<T>(IReadOnlyList<T> points, Func<T, string> key, Func<T, string> compute,
        ShardSpec shard, PointStore store, IProgress<double>? progress = null)
    {
        var pending = shard.Select(points).Where(p => !store.IsDone(key(p))).ToList();
        int done = 0;
        foreach (var point in pending)
        {
            store.Save(key(point), compute(point));
            progress?.Report(++done / (double)pending.Count);
        }
        progress?.Report(1);
        return pending.Count;
    }

    /// <summary>Opens <paramref name="outDir"/> as the point store of a sweep with <paramref name="settings"/> and runs this shard's missing points in it.</summary>
    public static PointStore RunIn<T>(string outDir, string settings, IReadOnlyList<T> points, Func<T, string> key, Func<T, string> compute,
        ShardSpec? shard, IProgress<double>? progress)
    {
        var store = new PointStore(outDir);
        store.Prepare(settings);
        Run(points, key, compute, shard ?? ShardSpec.All, store, progress);
        return store;
    }

    /// <summary>Every point's stored comma-separated round-trip numbers, by point, or null when <paramref name="missing"/> &gt; 0 points are not in the folder yet.</summary>
    public static Dictionary<T, double[]>? CollectNumbers<T>(IReadOnlyList<T> points, Func<T, string> key, PointStore store, out int missing) where T : notnull =>
        Collect(points, key, store, out missing)?.Select((text, i) => (points[i], text))
            .ToDictionary(x => x.Item1, x => x.text.Trim().Split(',').Select(v => double.Parse(v, System.Globalization.CultureInfo.InvariantCulture)).ToArray());

    /// <summary>The stored text of every point in sweep order, or null when <paramref name="missing"/> &gt; 0 points are not in the folder yet.</summary>
    public static IReadOnlyList<string>? Collect<T>(IReadOnlyList<T> points, Func<T, string> key, PointStore store, out int missing)
    {
        var texts = points.Select(p => store.Load(key(p))).ToList();
        missing = texts.Count(t => t is null);
        return missing == 0 ? texts.Select(t => t!).ToList() : null;
    }
}
