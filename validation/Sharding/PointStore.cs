using System.Text;

namespace Xbar.Validation.Sharding;

/// <summary>
/// The output folder of a sweep of independent points, for sweeps that run in shards, resume after
/// a kill and merge: <c>run.json</c> pins the settings (a shard or a resume with other settings is
/// refused), and each finished point is one small text file in <c>points/</c>, written to a
/// temporary name and renamed, so a point is either complete or absent. A point file that is empty
/// or cut short (no final newline) counts as not done and is computed again.
/// </summary>
public sealed class PointStore
{
    public const string RunFile = "run.json";
    public const string PointsFolder = "points";

    public PointStore(string directory) => Directory_ = Path.GetFullPath(directory);

    public string Directory_ { get; }
    public string PointsDirectory => Path.Combine(Directory_, PointsFolder);
    public string RunPath => Path.Combine(Directory_, RunFile);

    /// <summary>Creates the folder, checks it is writable, and pins <paramref name="settings"/> (JSON) or checks them against the folder's.</summary>
    public void Prepare(string settings)
    {
        EnsureWritable(Directory_, PointsDirectory);
        var existing = Settings();
        if (existing is null) WriteAtomic(RunPath, settings + "\n");
        else if (existing != settings)
            throw new InvalidInputException(
                $"{RunPath}: this folder holds a run with other settings ({Short(existing)}); this command asks for {Short(settings)}. Use another --out.");
    }

    /// <summary>The pinned settings (JSON, without the final newline), or null when the folder has none.</summary>
    public string? Settings() => File.Exists(RunPath) ? File.ReadAllText(RunPath).TrimEnd('\n') : null;

    /// <summary>The text of point <paramref name="key"/>, or null when it is not (completely) written.</summary>
    public string? Load(string key)
    {
        var path = PointPath(key);
        if (!File.Exists(path)) return null;
        var text = File.ReadAllText(path);
        return text.Length > 1 && text.EndsWith('\n') ? text : null;
    }

    public bool IsDone(string key) => Load(key) is not null;

    /// <summary>Stores a finished point (<paramref name="text"/> ends with a newline).</summary>
    public void Save(string key, string text)
    {
        if (!text.EndsWith('\n')) text += "\n";
        WriteAtomic(PointPath(key), text);
    }

    /// <summary>Every complete point file of the folder, by key.</summary>
    public IReadOnlyDictionary<string, string> All()
    {
        var all = new SortedDictionary<string, string>(StringComparer.Ordinal);
        if (!Directory.Exists(PointsDirectory)) return all;
        foreach (var file in Directory.GetFiles(PointsDirectory, "*.txt"))
        {
            var key = Path.GetFileNameWithoutExtension(file);
            if (Load(key) is { } text) all[key] = text;
        }
        return all;
    }

    public string PointPath(string key)
    {
        if (key.Length == 0 || key.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.' or '+')))
            throw new ArgumentException($"point key '{key}' must be letters, digits and _ - . + only", nameof(key));
        return Path.Combine(PointsDirectory, key + ".txt");
    }

    /// <summary>Creates <paramref name="points"/> (inside <paramref name="directory"/>) and proves the folder writable, or throws invalid input naming it (--out).</summary>
    public static void EnsureWritable(string directory, string points)
    {
        try
        {
            Directory.CreateDirectory(points);
            string probe = Path.Combine(directory, ".write-probe-" + Guid.NewGuid().ToString("N"));
            File.WriteAllText(probe, "");
            File.Delete(probe);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
        {
            throw new InvalidInputException($"--out {directory}: the output folder is not writable ({e.Message}).");
        }
    }

    /// <summary>Writes <paramref name="path"/> through a temporary file and a rename, so readers never see half a file.</summary>
    public static void WriteAtomic(string path, string text)
    {
        string tmp = path + ".tmp-" + Guid.NewGuid().ToString("N");
        File.WriteAllText(tmp, text, new UTF8Encoding(false));
        File.Move(tmp, path, overwrite: true);
    }

    private static string Short(string text) => text.Length <= 160 ? text : text[..160] + " ...";
}
