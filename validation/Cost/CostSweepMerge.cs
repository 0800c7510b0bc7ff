namespace Xbar.Validation.Cost;

/// <summary>
/// Joins the folders of a sharded cost sweep: the union of their point files (a point found twice
/// must hold the same samples apart from the simulation time), their summary and plots in the
/// output folder. Every folder must hold the same run (run.json).
/// </summary>
public static class CostSweepMerge
{
    public static int Merge(IReadOnlyList<string> inputs, string output)
    {
        if (inputs.Count == 0) throw new InvalidInputException("merge needs at least one folder.");
        CostSweepStore.RunSettings? settings = null;
        var points = new Dictionary<string, string[]>(StringComparer.Ordinal);
        foreach (var dir in inputs)
        {
            if (!Directory.Exists(dir)) throw new InvalidInputException($"{dir}: no such folder.");
            var store = new CostSweepStore(dir);
            var s = store.Settings();
            if (settings is not null && s != settings)
                throw new InvalidInputException($"{dir}: holds a different cost sweep (run.json differs from {inputs[0]}).");
            settings = s;
            foreach (var (key, rows) in store.PointFiles())
            {
                if (points.TryGetValue(key, out var other) && !other.Select(WithoutTime).SequenceEqual(rows.Select(WithoutTime)))
                    throw new InvalidInputException($"{dir}: point {key} differs from the same point in another folder.");
                points[key] = rows;
            }
        }
        var target = new CostSweepStore(output);
        target.Prepare(settings!);
        foreach (var (key, rows) in points) target.CopyPoint(key, rows);
        var samples = target.LoadSamples();
        target.WriteSummary(samples);
        CostSweepPlots.Write(samples, target.Root);
        return points.Count;
    }

    /// <summary>A sample row without its last column (the wall time of the simulation, which differs between runs).</summary>
    private static string WithoutTime(string row) => row[..row.LastIndexOf(',')];
}
