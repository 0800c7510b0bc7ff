using Xbar.Circuits.Cost;
using Xbar.Validation.Sweeps;

namespace Xbar.Validation.Cost;

/// <summary>
/// The output folder of a cost sweep (<see cref="SweepFolder"/>): one point file per transient
/// holding its <see cref="CostSample"/> rows (every ADC resolution, both ADC kinds), summary.csv
/// with every row in sweep order, and run.json pinning the base config, resolutions and engine.
/// </summary>
public sealed class CostSweepStore
{
    private readonly object _gate = new();
    private readonly SweepFolder _folder;

    public CostSweepStore(string directory) => _folder = new SweepFolder(directory, CostSample.Header, "cost-sweep");

    public string Root => _folder.Root;
    public string SummaryPath => _folder.SummaryPath;

    /// <summary>Settings every shard and resume of one cost sweep must share (the base config as JSON).</summary>
    public sealed record RunSettings(string BaseConfig, string Bits, string Engine);

    public static RunSettings SettingsOf(CostSweepSpec spec) =>
        new(spec.Base.ToJson(), string.Join(",", spec.Bits), spec.Engine);

    public void Prepare(RunSettings settings) => _folder.Prepare(settings, (existing, asked) =>
        existing.Engine != asked.Engine || existing.Bits != asked.Bits
            ? $"this folder holds a {existing.Engine} sweep at bits {existing.Bits}; this command asks for {asked.Engine} at bits {asked.Bits}."
            : "this folder holds a sweep made with another base cost config (see its run.json).");

    /// <summary>The base config of the run in this folder (from run.json).</summary>
    public TileCostConfig BaseConfig()
    {
        if (!File.Exists(_folder.RunPath)) throw new InvalidInputException($"{Root}: no {SweepFolder.RunFile}: not a cost sweep folder");
        return TileCostConfig.Parse(SweepFolder.ReadSettings<RunSettings>(_folder.RunPath).BaseConfig, _folder.RunPath);
    }

    public RunSettings Settings() => SweepFolder.ReadSettings<RunSettings>(_folder.RunPath);

    public bool IsDone(CostSweepPoint p) => _folder.IsDone(p.FileName);

    /// <summary>Writes one finished point and rebuilds the summary.</summary>
    public void Save(CostSweepPoint point, IEnumerable<CostSample> samples)
    {
        lock (_gate)
        {
            _folder.WritePoint(point.FileName, samples.Select(s => s.Format()));
            WriteSummary(LoadSamples());
        }
    }

    /// <summary>Every sample of every point file.</summary>
    public List<CostSample> LoadSamples() =>
        _folder.LoadPointFiles().SelectMany(p => p.Rows.Select((row, k) => CostSample.Parse(row, p.File, k + 2))).ToList();

    /// <summary>Every point file's name (to merge folders).</summary>
    public IReadOnlyList<(string File, string[] Rows)> PointFiles() => _folder.LoadPointFiles();

    /// <summary>summary.csv in a fixed order: cell, encoding, rows, cols, inputs, seed, ADC, bits.</summary>
    public void WriteSummary(IEnumerable<CostSample> samples) => _folder.WriteSummary(samples
        .OrderBy(s => s.Cell, StringComparer.Ordinal).ThenBy(s => s.Encoding, StringComparer.Ordinal)
        .ThenBy(s => s.Rows).ThenBy(s => s.Cols).ThenBy(s => s.Inputs, StringComparer.Ordinal).ThenBy(s => s.Seed)
        .ThenBy(s => s.Adc, StringComparer.Ordinal).ThenBy(s => s.Bits)
        .Select(s => s.Format()));

    /// <summary>Writes a point file as it is (for merges).</summary>
    public void CopyPoint(string fileName, IEnumerable<string> rows)
    {
        lock (_gate) _folder.WritePoint(fileName, rows);
    }
}
