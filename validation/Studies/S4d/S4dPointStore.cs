using System.Globalization;

namespace Xbar.Validation.Studies.S4d;

/// <summary>
/// Finished measurements of the S4D study in OUT/points.csv (key, value), appended and flushed as
/// each is done, so a rerun skips them. Keys carry the model's training key and the crossbar config's
/// hash, so a retrained model's or a changed crossbar's old points are not reused; after a change of
/// the tile code itself, delete the file.
/// </summary>
internal sealed class S4dPointStore
{
    private readonly string _path;
    private readonly Dictionary<string, double> _done = new(StringComparer.Ordinal);

    public S4dPointStore(string outDir)
    {
        _path = Path.Combine(outDir, "points.csv");
        if (!File.Exists(_path)) return;
        foreach (var line in File.ReadAllLines(_path))
        {
            int comma = line.LastIndexOf(',');
            if (comma > 0 && double.TryParse(line[(comma + 1)..], NumberStyles.Float, CultureInfo.InvariantCulture, out var v))
                _done[line[..comma]] = v;
        }
    }

    public int Reused { get; private set; }

    /// <summary>The stored value of <paramref name="key"/>, or <paramref name="measure"/>()'s, stored now.</summary>
    public double GetOrMeasure(string key, Func<double> measure)
    {
        if (key.Contains(',') || key.Contains('\n')) throw new ArgumentException($"point key '{key}' must not contain commas or newlines");
        if (_done.TryGetValue(key, out var v)) { Reused++; return v; }
        v = measure();
        _done[key] = v;
        File.AppendAllText(_path, key + "," + v.ToString("R", CultureInfo.InvariantCulture) + "\n");
        return v;
    }
}
