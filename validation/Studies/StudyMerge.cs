using System.Text.Json;
using Xbar.Behavioral.Data;
using Xbar.Validation.Sharding;
using Xbar.Validation.TileValidation;

namespace Xbar.Validation.Studies;

/// <summary>
/// Joins the folders of a sharded study (`xbar study ... --shard I/N`) into one and writes the
/// study's outputs from all their points, byte-identical to a single run's. The folders must hold
/// the same settings (run.json); a point found twice must be identical; a merge that still lacks
/// points is refused with their count (the study's outputs need every point).
/// </summary>
public static class StudyMerge
{
    /// <summary>The study a folder holds points of ("nstates", "scaling", "pca", "validate-tile"), or null when it is no sharded study folder.</summary>
    public static string? StudyIn(string directory)
    {
        var settings = new PointStore(directory).Settings();
        if (settings is null) return null;
        try
        {
            using var json = JsonDocument.Parse(settings);
            return json.RootElement.TryGetProperty("study", out var study) ? study.GetString() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>Merges <paramref name="inputs"/> into <paramref name="output"/>; returns the study's summary and files.</summary>
    public static (string Summary, IReadOnlyList<string> Files) Merge(IReadOnlyList<string> inputs, string output)
    {
        if (inputs.Count == 0) throw new InvalidInputException("merge needs at least one folder.");
        string? settings = null;
        var points = new Dictionary<string, (string Text, string From)>(StringComparer.Ordinal);
        foreach (var dir in inputs)
        {
            var store = new PointStore(dir);
            var s = store.Settings() ?? throw new InvalidInputException($"{dir}: holds no {PointStore.RunFile}; not a study folder.");
            if (settings is not null && s != settings)
                throw new InvalidInputException($"{store.RunPath}: the settings differ from the other folders' (another study or other options).");
            settings = s;
            foreach (var (key, text) in store.All())
            {
                if (points.TryGetValue(key, out var other) && other.Text != text)
                    throw new InvalidInputException($"{store.PointPath(key)}: differs from the same point in {other.From}.");
                points[key] = (text, dir);
            }
        }
        var target = new PointStore(output);
        target.Prepare(settings!);
        foreach (var (key, (text, _)) in points)
            if (target.Load(key) != text) target.Save(key, text);

        using var json = JsonDocument.Parse(settings!);
        var options = json.RootElement.GetProperty("options");
        string name = json.RootElement.GetProperty("study").GetString() ?? "";
        (string Summary, IReadOnlyList<string> Files, bool Complete) result = name switch
        {
            NStatesStudy.Name => Unpack(NStatesStudy.Finish(Options<NStatesOptions>(options), output, target)),
            ScalingStudy.Name => Unpack(ScalingStudy.Finish(Options<ScalingOptions>(options), output, target)),
            PcaStudy.Name => Unpack(Pca(Options<PcaStudyOptions>(options), output, target)),
            TileValidationSweep.Name => Unpack(TileValidationSweep.Finish(json.RootElement, output, target)),
            _ => throw new InvalidInputException($"{target.RunPath}: unknown study '{name}'."),
        };
        if (!result.Complete) throw new InvalidInputException($"merge: {result.Summary}");
        return (result.Summary, result.Files);
    }

    private static PcaStudy.Result Pca(PcaStudyOptions o, string output, PointStore store) =>
        PcaStudy.Finish(o, DatasetLoader.Load(o.DataDirectory), output, store);

    private static (string, IReadOnlyList<string>, bool) Unpack(NStatesStudy.Result r) => (r.Summary, r.Files, r.Complete);
    private static (string, IReadOnlyList<string>, bool) Unpack(ScalingStudy.Result r) => (r.Summary, r.Files, r.Complete);
    private static (string, IReadOnlyList<string>, bool) Unpack(PcaStudy.Result r) => (r.Summary, r.Files, r.Complete);
    private static (string, IReadOnlyList<string>, bool) Unpack(TileValidationSweep.Result r) => (r.Summary, r.Files, r.Complete);

    private static T Options<T>(JsonElement element) =>
        element.Deserialize<T>() ?? throw new InvalidInputException("run.json: the study's options are missing.");
}
