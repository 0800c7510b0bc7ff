using System.Text.Json;
using Xbar.Circuits.Cost;
using Xbar.Validation.Sharding;

namespace Xbar.Validation.Cost;

/// <summary>
/// The output folder of a cost sweep, a <see cref="PointStore"/> (run.json pins the settings; one point file
/// per transient under points/, written whole or not at all, so a killed or sharded sweep resumes and merges):
/// each point file holds the <see cref="CostSample.Header"/> and the transient's sample rows (every ADC
/// resolution, both ADC kinds); summary.csv holds every row in sweep order.
/// </summary>
public sealed class CostSweepStore
{
    public const string SummaryFile = "summary.csv";

    private readonly object _gate = new();
    private readonly PointStore _store;

    public CostSweepStore(string directory) => _store = new PointStore(directory);

    public string Root => _store.Directory_;
    public string SummaryPath => Path.Combine(Root, SummaryFile);

    /// <summary>Settings every shard and resume of one cost sweep must share (the base config as JSON).</summary>
    public sealed record RunSettings(string BaseConfig, string Bits, string Engine);

    public static RunSettings SettingsOf(CostSweepSpec spec) =>
        new(spec.Base.ToJson(), string.Join(",", spec.Bits), spec.Engine);

    /// <summary>Creates the folder (refused when not writable) and pins <paramref name="settings"/>, or refuses a folder holding another sweep.</summary>
    public void Prepare(RunSettings settings)
    {
        PointStore.EnsureWritable(Root, _store.PointsDirectory);
        if (_store.Settings() is not null && Settings() is var existing && existing != settings)
            throw new InvalidInputException($"{_store.RunPath}: " + (existing.Engine != settings.Engine || existing.Bits != settings.Bits
                ? $"this folder holds a {existing.Engine} sweep at bits {existing.Bits}; this command asks for {settings.Engine} at bits {settings.Bits}."
                : "this folder holds a sweep made with another base cost config (see its run.json).") + " Use another --out.");
        _store.Prepare(JsonSerializer.Serialize(settings));
    }

    /// <summary>The base config of the run in this folder (from run.json).</summary>
    public TileCostConfig BaseConfig() => TileCostConfig.Parse(Settings().BaseConfig, _store.RunPath);

    /// <summary>The run's settings (run.json); a folder without one is not a cost sweep.</summary>
    public RunSettings Settings()
    {
        string json = _store.Settings() ?? throw new InvalidInputException($"{Root}: no {PointStore.RunFile}: not a cost sweep folder");
        try
        {
            return JsonSerializer.Deserialize<RunSettings>(json) ?? throw new InvalidInputException($"{_store.RunPath}: empty run settings.");
        }
        catch (JsonException e)
        {
            throw new InvalidInputException($"{_store.RunPath}: not a valid cost sweep run file ({e.Message}).");
        }
    }

    public bool IsDone(CostSweepPoint p) => _store.IsDone(p.Key);

    /// <summary>Writes one finished point and rebuilds the summary.</summary>
    public void Save(CostSweepPoint point, IEnumerable<CostSample> samples)
    {
        lock (_gate)
        {
            WritePoint(point.Key, samples.Select(s => s.Format()));
            WriteSummary(LoadSamples());
        }
    }

    /// <summary>Every sample of every point file.</summary>
    public List<CostSample> LoadSamples() =>
        PointFiles().SelectMany(p => p.Rows.Select((row, k) => CostSample.Parse(row, _store.PointPath(p.Key), k + 2))).ToList();

    /// <summary>Every point: its key and its sample rows, checked against the header.</summary>
    public IReadOnlyList<(string Key, string[] Rows)> PointFiles() => _store.All().Select(p =>
    {
        var lines = p.Value.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        if (lines.Length < 2 || lines[0] != CostSample.Header)
            throw new InvalidInputException($"{_store.PointPath(p.Key)}:1: not a cost-sweep point file (expected the header '{CostSample.Header}' and its rows).");
        return (p.Key, lines[1..]);
    }).ToList();

    /// <summary>summary.csv in a fixed order: cell, encoding, rows, cols, inputs, seed, ADC, bits.</summary>
    public void WriteSummary(IEnumerable<CostSample> samples) => PointStore.WriteAtomic(SummaryPath, CostSample.Header + "\n" + string.Concat(samples
        .OrderBy(s => s.Cell, StringComparer.Ordinal).ThenBy(s => s.Encoding, StringComparer.Ordinal)
        .ThenBy(s => s.Rows).ThenBy(s => s.Cols).ThenBy(s => s.Inputs, StringComparer.Ordinal).ThenBy(s => s.Seed)
        .ThenBy(s => s.Adc, StringComparer.Ordinal).ThenBy(s => s.Bits)
        .Select(s => s.Format() + "\n")));

    /// <summary>Writes a point as it is (for merges).</summary>
    public void CopyPoint(string key, IEnumerable<string> rows)
    {
        lock (_gate) WritePoint(key, rows);
    }

    private void WritePoint(string key, IEnumerable<string> rows) =>
        _store.Save(key, CostSample.Header + "\n" + string.Concat(rows.Select(r => r + "\n")));
}
