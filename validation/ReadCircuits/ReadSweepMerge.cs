using Xbar.Circuits.ReadCircuits;

namespace Xbar.Validation.ReadCircuits;

/// <summary>
/// Joins the folders of a sharded sweep into one: the union of their points (a point found twice
/// must agree exactly), written as point files + summary.csv + plots in the output folder, so the
/// merged summary is byte-identical to what a single run writes.
/// </summary>
public static class ReadSweepMerge
{
    public static IReadOnlyList<CellReadResult> Merge(IReadOnlyList<string> inputs, string output)
    {
        if (inputs.Count == 0) throw new InvalidInputException("merge needs at least one folder.");
        ReadSweepStore.RunSettings? settings = null;
        var points = new Dictionary<(double, int, int), CellReadResult>();
        foreach (var dir in inputs)
        {
            if (!Directory.Exists(dir)) throw new InvalidInputException($"{dir}: no such folder.");
            var store = new ReadSweepStore(dir);
            string runPath = Path.Combine(store.Directory_, ReadSweepStore.RunFile);
            if (File.Exists(runPath))
            {
                var s = ReadSweepStore.ReadSettings(runPath);
                if (settings is not null && s != settings)
                    throw new InvalidInputException($"{runPath}: seed/mc/bits ({s.Seed}, {s.McRuns}, {s.Bits}) differ from the other folders ({settings.Seed}, {settings.McRuns}, {settings.Bits}).");
                settings = s;
            }
            var found = Directory.Exists(store.PointsDirectory) ? store.LoadPoints()
                : File.Exists(store.SummaryPath) ? ReadSweepStore.ReadSummary(store.SummaryPath)
                : throw new InvalidInputException($"{dir}: holds neither points/ nor {ReadSweepStore.SummaryFile}.");
            foreach (var p in found)
            {
                var key = (p.Tmr0, p.States, p.Bits);
                if (points.TryGetValue(key, out var other) && other != p)
                    throw new InvalidInputException($"{dir}: point tmr={p.Tmr0}, states={p.States} differs from the same point in another folder.");
                points[key] = p;
            }
        }
        var outStore = new ReadSweepStore(output);
        if (settings is not null) outStore.Prepare(settings);
        else Directory.CreateDirectory(outStore.PointsDirectory);
        foreach (var p in points.Values)
            ReadSweepStore.WriteAtomic(Path.Combine(outStore.PointsDirectory, ReadSweepStore.PointFileName(p.Tmr0, p.States, p.Bits)),
                ReadSweepStore.Header + "\n" + ReadSweepStore.FormatRow(p) + "\n");
        outStore.WriteSummary(points.Values);
        ReadSweepPlots.Write(points.Values.ToList(), outStore.Directory_);
        return points.Values.OrderBy(p => p.Tmr0).ThenBy(p => p.States).ToArray();
    }
}
