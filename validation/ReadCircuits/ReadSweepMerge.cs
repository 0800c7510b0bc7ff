using System.Globalization;
using Xbar.Circuits.ReadCircuits;

namespace Xbar.Validation.ReadCircuits;

/// <summary>
/// Joins the folders of a sharded sweep into one: the union of their points (a point found twice
/// must agree exactly), written as point files + summary.csv + plots in the output folder, so the
/// merged summary is byte-identical to what a single run writes. A merge that lacks points of the
/// sweep (a shard not finished, a folder not given) is refused with the missing points named,
/// unless <c>allowPartial</c>, when it goes ahead and reports them in <see cref="Outcome.Missing"/>.
/// </summary>
public static class ReadSweepMerge
{
    /// <summary>The merged points, and the sweep points that none of the folders holds (empty when complete or unknown).</summary>
    public sealed record Outcome(IReadOnlyList<CellReadResult> Points, IReadOnlyList<(double Tmr, int States)> Missing, bool CompletenessKnown);

    public static IReadOnlyList<CellReadResult> Merge(IReadOnlyList<string> inputs, string output) => Merge(inputs, output, allowPartial: false).Points;

    public static Outcome Merge(IReadOnlyList<string> inputs, string output, bool allowPartial)
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
                if (settings is not null && (s with { Points = null }) != (settings with { Points = null }))
                    throw new InvalidInputException($"{runPath}: seed/mc/bits ({s.Seed}, {s.McRuns}, {s.Bits}) differ from the other folders ({settings.Seed}, {settings.McRuns}, {settings.Bits}).");
                if (settings?.Points is { } known && s.Points is { } other && known != other)
                    throw new InvalidInputException($"{runPath}: this folder is a shard of another sweep (other TMR values or states) than the other folders.");
                settings = settings?.Points is null ? s : settings;
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
        var expected = settings?.Expected();
        var missing = expected is null ? [] : expected.Where(k => !points.Keys.Any(p => p.Item1 == k.Tmr && p.Item2 == k.States))
            .OrderBy(k => k.Tmr).ThenBy(k => k.States).ToList();
        if (missing.Count > 0 && !allowPartial)
            throw new InvalidInputException(
                $"merge: the folders hold {expected!.Count - missing.Count} of the sweep's {expected.Count} points; missing " +
                string.Join(", ", missing.Take(6).Select(k => string.Create(CultureInfo.InvariantCulture, $"tmr={k.Tmr:R} states={k.States}"))) +
                (missing.Count > 6 ? ", ..." : "") + ". A shard has not finished or its folder was not given; pass --partial to merge what is there.");
        var outStore = new ReadSweepStore(output);
        if (settings is not null) outStore.Prepare(settings);
        else Directory.CreateDirectory(outStore.PointsDirectory);
        foreach (var p in points.Values)
            ReadSweepStore.WriteAtomic(Path.Combine(outStore.PointsDirectory, ReadSweepStore.PointFileName(p.Tmr0, p.States, p.Bits)),
                ReadSweepStore.Header + "\n" + ReadSweepStore.FormatRow(p) + "\n");
        outStore.WriteSummary(points.Values);
        ReadSweepPlots.Write(points.Values.ToList(), outStore.Directory_);
        return new Outcome(points.Values.OrderBy(p => p.Tmr0).ThenBy(p => p.States).ToArray(), missing, expected is not null);
    }
}
