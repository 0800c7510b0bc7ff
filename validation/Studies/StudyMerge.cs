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
    /// <summary>The study a folder holds points of ("nstates", "scaling", "pca", "validate-tile", "hwa", "s4d", "resnet18"), or null when it is no sharded study folder.</summary>
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
        var options = json.RootElement.TryGetProperty("options", out var o) ? o : default;
        string name = json.RootElement.GetProperty("study").GetString() ?? "";
        (string Summary, IReadOnlyList<string> Files, bool Complete) result = name switch
        {
            NStatesStudy.Name => Unpack(NStatesStudy.Finish(Options<NStatesOptions>(options), output, target)),
            ScalingStudy.Name => Unpack(ScalingStudy.Finish(Options<ScalingOptions>(options), output, target)),
            PcaStudy.Name => Unpack(Pca(Options<PcaStudyOptions>(options), output, target)),
            TileValidationSweep.Name => Unpack(TileValidationSweep.Finish(json.RootElement, output, target)),
            Hwa.HwaStudy.Name => Unpack(Hwa.HwaStudy.Merge(inputs, output)),
            S4d.S4dStudy.Name => Unpack(S4d.S4dStudy.Merge(inputs, output)),
            ResNet18Study.Name => Unpack(ResNet18Study.Merge(inputs, output)),
            _ => throw new InvalidInputException($"{target.RunPath}: unknown study '{name}'."),
        };
        if (!result.Complete) throw new InvalidInputException($"merge: {result.Summary}");
        // The options the shards ran with (hwa, s4d, resnet18), so the merged folder can be merged or resumed again.
        string optionsFile = Path.Combine(inputs[0], OptionsFile), merged = Path.Combine(output, OptionsFile);
        if (File.Exists(optionsFile) && Path.GetFullPath(optionsFile) != Path.GetFullPath(merged)) File.Copy(optionsFile, merged, overwrite: true);
        return (result.Summary, result.Files);
    }

    /// <summary>
    /// The options file of a study whose folder pins only its kind in run.json (hwa, s4d, resnet18: their points are keyed
    /// by everything they depend on, so a rerun with other options in the same folder reuses what stays the same). Each run
    /// writes its options here; a merge needs every folder's to be the same.
    /// </summary>
    public const string OptionsFile = "options.json";

    /// <summary>Writes <paramref name="options"/> (JSON) as <paramref name="directory"/>'s <see cref="OptionsFile"/>.</summary>
    public static void WriteOptions<T>(string directory, T options) =>
        PointStore.WriteAtomic(Path.Combine(directory, OptionsFile), JsonSerializer.Serialize(options) + "\n");

    /// <summary>The options every folder of <paramref name="inputs"/> ran with, or invalid input naming a folder without them or with others.</summary>
    public static T ReadOptions<T>(IReadOnlyList<string> inputs)
    {
        string? text = null;
        foreach (var dir in inputs)
        {
            string path = Path.Combine(dir, OptionsFile);
            if (!File.Exists(path)) throw new InvalidInputException($"{path}: missing; the folder holds no run of this study to merge.");
            string t = File.ReadAllText(path);
            if (text is not null && t != text)
                throw new InvalidInputException($"{path}: the shards ran with other options than {Path.Combine(inputs[0], OptionsFile)}; merge only shards of one run.");
            text = t;
        }
        try
        {
            return JsonSerializer.Deserialize<T>(text!) ?? throw new InvalidInputException($"{inputs[0]}/{OptionsFile}: empty.");
        }
        catch (JsonException e)
        {
            throw new InvalidInputException($"{Path.Combine(inputs[0], OptionsFile)}:{(e.LineNumber ?? 0) + 1}: not the options of this study ({e.Message})");
        }
    }

    /// <summary>
    /// Copies the shared set-up a study needs to write its report (trained models, calibrations, float features) from the
    /// <paramref name="folders"/> of each input into <paramref name="output"/>, file by file where the output lacks it (the
    /// first input that has a file wins: shards build it the same way from the same seeds).
    /// </summary>
    public static void CopySetUp(IReadOnlyList<string> inputs, string output, params string[] entries) => CopySetUp(inputs, output, false, entries);

    /// <param name="identical">True when the files are points (a feature chunk): one found in two folders must hold the same bytes, else the merge is refused.</param>
    public static void CopySetUp(IReadOnlyList<string> inputs, string output, bool identical, params string[] entries)
    {
        string target = Path.GetFullPath(output);
        foreach (var dir in inputs.Select(Path.GetFullPath).Where(d => d != target))
            foreach (var entry in entries)
            {
                // A folder (copied whole), or a pattern of files at the top of the folder ("calibration-*.json").
                bool pattern = entry.Contains('*');
                string from = pattern ? dir : Path.Combine(dir, entry);
                if (!Directory.Exists(from)) continue;
                var files = pattern ? Directory.GetFiles(from, entry) : Directory.GetFiles(from, "*", SearchOption.AllDirectories);
                foreach (var file in files.Where(f => !f.Contains(".tmp", StringComparison.Ordinal)))
                {
                    string to = Path.Combine(target, Path.GetRelativePath(dir, file));
                    if (File.Exists(to))
                    {
                        if (identical && !File.ReadAllBytes(to).AsSpan().SequenceEqual(File.ReadAllBytes(file)))
                            throw new InvalidInputException($"{file}: differs from the same file in {to}; the shards computed it differently (other options or machine).");
                        continue;
                    }
                    Directory.CreateDirectory(Path.GetDirectoryName(to)!);
                    File.Copy(file, to + ".tmp-merge", overwrite: true);
                    File.Move(to + ".tmp-merge", to);
                }
            }
    }

    private static PcaStudy.Result Pca(PcaStudyOptions o, string output, PointStore store) =>
        PcaStudy.Finish(o, DatasetLoader.Load(o.DataDirectory), output, store);

    private static (string, IReadOnlyList<string>, bool) Unpack(NStatesStudy.Result r) => (r.Summary, r.Files, r.Complete);
    private static (string, IReadOnlyList<string>, bool) Unpack(ScalingStudy.Result r) => (r.Summary, r.Files, r.Complete);
    private static (string, IReadOnlyList<string>, bool) Unpack(PcaStudy.Result r) => (r.Summary, r.Files, r.Complete);
    private static (string, IReadOnlyList<string>, bool) Unpack(TileValidationSweep.Result r) => (r.Summary, r.Files, r.Complete);
    private static (string, IReadOnlyList<string>, bool) Unpack(Hwa.HwaStudy.Result r) => (r.Summary, r.Files, r.Complete);
    private static (string, IReadOnlyList<string>, bool) Unpack(S4d.S4dStudy.Result r) => (r.Summary, r.Files, r.Complete);
    private static (string, IReadOnlyList<string>, bool) Unpack(ResNet18StudyResult r) =>
        (r.Complete ? ResNet18Report.Summary(r) : ResNet18Study.IncompleteSummary(r), r.Files, r.Complete);

    private static T Options<T>(JsonElement element) =>
        element.Deserialize<T>() ?? throw new InvalidInputException("run.json: the study's options are missing.");
}
