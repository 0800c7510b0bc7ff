using System.Text.Json;

namespace Xbar.Validation.Sweeps;

/// <summary>
/// The output folder of a resumable, shardable sweep. Each finished point is written at once as
/// its own CSV file under <c>points/</c> (the header and the point's rows; written to a temporary
/// name and renamed, so a kill never leaves half a point); <c>summary.csv</c> is rebuilt from all
/// point files; <c>run.json</c> pins the settings every shard and every resume must share, so a
/// resume or a merge never mixes different runs. A rerun skips points whose file exists. Used by
/// the read-circuit sweep (one row per point) and the cost sweep (one row per ADC resolution).
/// </summary>
public sealed class SweepFolder
{
    public const string SummaryFile = "summary.csv";
    public const string RunFile = "run.json";

    private readonly string _what;

    /// <param name="directory">The folder.</param>
    /// <param name="header">The CSV header of every point file and of the summary.</param>
    /// <param name="what">What kind of sweep, for error messages (e.g. <c>read-sweep</c>).</param>
    public SweepFolder(string directory, string header, string what)
    {
        Root = Path.GetFullPath(directory);
        Header = header;
        _what = what;
    }

    public string Root { get; }
    public string Header { get; }
    public string PointsDirectory => Path.Combine(Root, "points");
    public string SummaryPath => Path.Combine(Root, SummaryFile);
    public string RunPath => Path.Combine(Root, RunFile);

    /// <summary>
    /// Creates the folder, checks it is writable, and that it holds no run with other settings
    /// (<paramref name="mismatch"/> words the error from the existing and the requested settings).
    /// </summary>
    public void Prepare<T>(T settings, Func<T, T, string> mismatch) where T : notnull
    {
        try
        {
            Directory.CreateDirectory(PointsDirectory);
            string probe = Path.Combine(Root, ".write-probe-" + Guid.NewGuid().ToString("N"));
            File.WriteAllText(probe, "");
            File.Delete(probe);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
        {
            throw new InvalidInputException($"--out {Root}: the output folder is not writable ({e.Message}).");
        }
        if (File.Exists(RunPath))
        {
            var existing = ReadSettings<T>(RunPath);
            if (!existing.Equals(settings)) throw new InvalidInputException($"{RunPath}: {mismatch(existing, settings)} Use another --out.");
        }
        else
            WriteAtomic(RunPath, JsonSerializer.Serialize(settings) + "\n");
    }

    /// <summary>The settings of a run file.</summary>
    public static T ReadSettings<T>(string path)
    {
        try
        {
            return JsonSerializer.Deserialize<T>(File.ReadAllText(path))
                   ?? throw new InvalidInputException($"{path}: empty run settings.");
        }
        catch (JsonException e)
        {
            throw new InvalidInputException($"{path}: not a valid run settings file ({e.Message}).");
        }
    }

    /// <summary>True when the point file <paramref name="pointFile"/> exists.</summary>
    public bool IsDone(string pointFile) => File.Exists(Path.Combine(PointsDirectory, pointFile));

    /// <summary>Writes one finished point's rows (without the header).</summary>
    public void WritePoint(string pointFile, IEnumerable<string> rows) =>
        WriteAtomic(Path.Combine(PointsDirectory, pointFile), Header + "\n" + string.Concat(rows.Select(r => r + "\n")));

    /// <summary>Every point file: its path and its data rows, checked against the header.</summary>
    public IReadOnlyList<(string File, string[] Rows)> LoadPointFiles()
    {
        var list = new List<(string, string[])>();
        if (!Directory.Exists(PointsDirectory)) return list;
        foreach (var file in Directory.GetFiles(PointsDirectory, "*.csv").Order(StringComparer.Ordinal))
        {
            var lines = File.ReadAllLines(file).Where(l => l.Length > 0).ToArray();
            if (lines.Length < 2 || lines[0] != Header)
                throw new InvalidInputException($"{file}:1: not a {_what} point file (expected the header '{Header}' and its rows).");
            list.Add((file, lines[1..]));
        }
        return list;
    }

    /// <summary>Writes <c>summary.csv</c>: the header and the rows in the given order.</summary>
    public void WriteSummary(IEnumerable<string> rows) =>
        WriteAtomic(SummaryPath, Header + "\n" + string.Concat(rows.Select(r => r + "\n")));

    public static void WriteAtomic(string path, string text)
    {
        string tmp = path + ".tmp-" + Guid.NewGuid().ToString("N");
        File.WriteAllText(tmp, text);
        File.Move(tmp, path, overwrite: true);
    }
}
