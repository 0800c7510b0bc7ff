using System.Globalization;
using System.Text.Json;
using Xbar.Behavioral.Calibration;
using Xbar.Behavioral.Config;
using Xbar.Validation.Sharding;
using Xbar.Validation.Studies;

namespace Xbar.Validation.TileValidation;

/// <summary>
/// <c>xbar validate tile</c> as a sweep of independent points (<see cref="ShardedSweep"/>): a point is
/// one (array size, wire resistance), every family, seed and IR-drop option inside it (the on-the-fly
/// calibration is per point, so that is the smallest unit that does not repeat work). Each point is
/// stored as its CSV lines with round-trip numbers; the CSV, Markdown and PNG are always built from
/// the stored points, so a single run, a resumed run and a merge of shards give the same bytes from
/// the same points. Only the timing columns (us_per_mvm, us_per_mvm_batch, program_ms) are
/// measurements and differ between two runs that compute the same point.
/// </summary>
public static class TileValidationSweep
{
    /// <summary>The "study" name in run.json, by which <c>xbar merge</c> recognizes the folder.</summary>
    public const string Name = "validate-tile";

    public const string CsvFile = "validate-tile.csv", MarkdownFile = "validate-tile.md", PngFile = "validate-tile.png";

    /// <param name="Rows">Every row of the sweep (empty when incomplete).</param>
    /// <param name="Complete">False when this shard left points to others: Summary says how many, Files is empty.</param>
    public sealed record Result(IReadOnlyList<TileValidationRow> Rows, string Summary, IReadOnlyList<string> Files, bool Complete = true);

    /// <summary>One grid point: n x n at wire resistance R (Ohm per segment).</summary>
    public sealed record Point(int Size, double WireR);

    public static List<Point> Points(TileValidationOptions o) =>
        [.. from n in o.Sizes from r in o.WireResistances select new Point(n, r)];

    public static string Key(Point p) => string.Create(CultureInfo.InvariantCulture, $"n{p.Size}_r{p.WireR:R}");

    /// <summary>
    /// The settings pinned in the folder: the options, and the config and calibration by hash (a
    /// shard or resume with other physics is refused); the report's config name and device kind are
    /// kept so a merge can write the Markdown without the config file.
    /// </summary>
    public static string Settings(TileConfig config, TileValidationOptions o, TileCalibration? calibration) =>
        JsonSerializer.Serialize(new
        {
            study = Name,
            options = o,
            configName = config.Name ?? "config",
            device = config.Device.Kind.ToString().ToLowerInvariant(),
            physics = config.PhysicsHash,
            calibration = calibration?.ConfigHash ?? "none",
        });

    /// <summary>Runs this shard's missing points (all by default) into <paramref name="outDir"/>, then writes the outputs when the folder holds every point.</summary>
    public static Result Run(TileConfig config, TileValidationOptions o, TileCalibration? calibration, string outDir,
        ShardSpec? shard = null, Action<string>? log = null)
    {
        var store = new PointStore(outDir);
        store.Prepare(Settings(config, o, calibration));
        var points = Points(o);
        var part = shard ?? ShardSpec.All;
        int owned = points.Where((_, i) => part.Owns(i)).Count();
        var context = TileValidator.Context(o, calibration, log);
        int computed = ShardedSweep.Run(points, Key, p => Compute(config, o, calibration, context, p, log), part, store);
        log?.Invoke($"shard {part}: {owned} point(s), {owned - computed} kept from {store.PointsDirectory}, {computed} computed");
        return Finish(config.Name ?? "config", config.Device.Kind.ToString().ToLowerInvariant(), o, outDir, store);
    }

    /// <summary>Writes the CSV, Markdown and PNG from the stored points, or says how many are missing.</summary>
    public static Result Finish(string configName, string device, TileValidationOptions o, string outDir, PointStore store)
    {
        var points = Points(o);
        if (ShardedSweep.Collect(points, Key, store, out int missing) is not { } texts)
            return new Result([], StudyFiles.IncompleteSummary(Name, missing, points.Count), [], Complete: false);
        var rows = texts.SelectMany(t => t.Split('\n', StringSplitOptions.RemoveEmptyEntries)).Select(TileValidationCsv.Parse).ToList();
        string csv = Path.Combine(outDir, CsvFile), md = Path.Combine(outDir, MarkdownFile), png = Path.Combine(outDir, PngFile);
        TileValidationCsv.Write(rows, csv);
        TileValidationReport.Write(rows, configName, device, o, md);
        TileValidationPlot.Write(rows, png);
        return new Result(rows, $"{Name}: {points.Count} point(s), {rows.Count} rows", [csv, md, png]);
    }

    /// <summary>Finishes a merged folder from its run.json (<see cref="StudyMerge"/>).</summary>
    public static Result Finish(JsonElement settings, string outDir, PointStore store) =>
        Finish(settings.GetProperty("configName").GetString() ?? "config", settings.GetProperty("device").GetString() ?? "",
            settings.GetProperty("options").Deserialize<TileValidationOptions>()
                ?? throw new InvalidInputException($"{store.RunPath}: the options are missing."), outDir, store);

    private static string Compute(TileConfig config, TileValidationOptions o, TileCalibration? calibration,
        TileValidator.PointContext context, Point p, Action<string>? log) =>
        string.Concat(TileValidator.RunPoint(TileValidator.PointConfig(config, p.Size, p.WireR), o, context.Weights, context.Truth, calibration, log)
            .Select(r => TileValidationCsv.Line(r, "R") + "\n"));
}
