using System.Globalization;
using System.Text;
using System.Text.Json;
using Xbar.Circuits.ReadCircuits;

namespace Xbar.Validation.ReadCircuits;

/// <summary>
/// The output folder of a cell-read sweep. Each finished point is written at once as its own file
/// <c>points/tmr_&lt;tmr&gt;_states_&lt;K&gt;_bits_&lt;b&gt;.csv</c> (written to a temporary name and renamed, so a
/// kill never leaves half a point), then <c>summary.csv</c> is rebuilt from all point files in
/// sweep order. A rerun skips points whose file exists; <c>run.json</c> pins the seed and Monte Carlo
/// settings so a resume or a merge never mixes different runs.
/// </summary>
public sealed class ReadSweepStore
{
    public const string Header = "tmr,states,bits,latency_ns,energy_fj,code_error_rate,mc_runs";
    public const string SummaryFile = "summary.csv";
    public const string RunFile = "run.json";
    private readonly object _gate = new();

    public ReadSweepStore(string directory) => Directory_ = Path.GetFullPath(directory);

    public string Directory_ { get; }
    public string PointsDirectory => Path.Combine(Directory_, "points");
    public string SummaryPath => Path.Combine(Directory_, SummaryFile);

    /// <summary>
    /// Settings every shard and every resume of one sweep must share. <paramref name="Points"/> lists
    /// the sweep's points ("tmr:states;...", see <see cref="PointList"/>) so a merge can tell a
    /// complete set of shards from a partial one; null in folders written before it existed.
    /// </summary>
    public sealed record RunSettings(long Seed, int McRuns, int Bits, string? Points = null)
    {
        /// <summary>The settings of <paramref name="spec"/>.</summary>
        public static RunSettings Of(ReadSweepSpec spec) => new(spec.Seed, spec.McRuns, spec.Bits, PointList(spec.Points()));

        /// <summary>The (TMR, states) keys this sweep must hold, or null when the folder predates the list.</summary>
        public IReadOnlySet<(double Tmr, int States)>? Expected() => Points?.Split(';', StringSplitOptions.RemoveEmptyEntries)
            .Select(k => k.Split(':'))
            .Select(f => (double.Parse(f[0], CultureInfo.InvariantCulture), int.Parse(f[1], CultureInfo.InvariantCulture)))
            .ToHashSet();
    }

    public static string PointList(IEnumerable<CellReadPoint> points) =>
        string.Join(";", points.Select(p => string.Create(CultureInfo.InvariantCulture, $"{p.Tmr0:R}:{p.States}")));

    /// <summary>Creates the folder, checks it is writable and that it does not hold a different run.</summary>
    public void Prepare(RunSettings settings)
    {
        Sharding.PointStore.EnsureWritable(Directory_, PointsDirectory);
        string runPath = Path.Combine(Directory_, RunFile);
        if (File.Exists(runPath))
        {
            var existing = ReadSettings(runPath);
            if (existing.Points is null) existing = existing with { Points = settings.Points }; // a folder from before the point list
            if (existing != settings)
                throw new InvalidInputException(
                    $"{runPath}: this folder holds a run with seed {existing.Seed}, mc {existing.McRuns}, bits {existing.Bits}; " +
                    $"this command asks for seed {settings.Seed}, mc {settings.McRuns}, bits {settings.Bits}. Use another --out.");
        }
        else
            WriteAtomic(runPath, JsonSerializer.Serialize(settings) + "\n");
    }

    public static RunSettings ReadSettings(string path)
    {
        try
        {
            return JsonSerializer.Deserialize<RunSettings>(File.ReadAllText(path))
                   ?? throw new InvalidInputException($"{path}: empty run settings.");
        }
        catch (JsonException e)
        {
            throw new InvalidInputException($"{path}: not a valid run settings file ({e.Message}).");
        }
    }

    public static string PointFileName(double tmr, int states, int bits) =>
        string.Create(CultureInfo.InvariantCulture, $"tmr_{tmr:R}_states_{states}_bits_{bits}.csv");

    /// <summary>Whether the point's file holds a complete result (an empty or cut file, e.g. from a full disk, does not count).</summary>
    public bool IsDone(CellReadPoint p)
    {
        var path = Path.Combine(PointsDirectory, PointFileName(p.Tmr0, p.States, p.Bits));
        if (!File.Exists(path)) return false;
        var lines = File.ReadAllLines(path).Where(l => l.Length > 0).ToArray();
        if (lines.Length != 2 || lines[0] != Header) return false;
        try { ParseRow(lines[1], path, 2); return true; }
        catch (InvalidInputException) { return false; }
    }

    /// <summary>Writes one finished point and rebuilds the summary.</summary>
    public void Save(CellReadResult r)
    {
        lock (_gate)
        {
            WriteAtomic(Path.Combine(PointsDirectory, PointFileName(r.Tmr0, r.States, r.Bits)), Header + "\n" + FormatRow(r) + "\n");
            WriteSummary(LoadPoints());
        }
    }

    /// <summary>Every point file of the folder.</summary>
    public List<CellReadResult> LoadPoints()
    {
        var list = new List<CellReadResult>();
        if (!Directory.Exists(PointsDirectory)) return list;
        foreach (var file in Directory.GetFiles(PointsDirectory, "*.csv"))
        {
            var lines = File.ReadAllLines(file).Where(l => l.Length > 0).ToArray();
            if (lines.Length != 2 || lines[0] != Header)
                throw new InvalidInputException($"{file}:1: not a read-sweep point file (expected the header '{Header}' and one row).");
            list.Add(ParseRow(lines[1], file, 2));
        }
        return list;
    }

    /// <summary>Writes <c>summary.csv</c>: one line per point, sorted by TMR then states.</summary>
    public void WriteSummary(IEnumerable<CellReadResult> points)
    {
        var sb = new StringBuilder(Header).Append('\n');
        foreach (var r in points.OrderBy(p => p.Tmr0).ThenBy(p => p.States).ThenBy(p => p.Bits))
            sb.Append(FormatRow(r)).Append('\n');
        WriteAtomic(SummaryPath, sb.ToString());
    }

    public static string FormatRow(CellReadResult r) => string.Create(CultureInfo.InvariantCulture,
        $"{r.Tmr0:R},{r.States},{r.Bits},{r.LatencyNs:G10},{r.EnergyFj:G10},{r.CodeErrorRate:R},{r.McRuns}");

    public static CellReadResult ParseRow(string line, string file, int lineNo)
    {
        var f = line.Split(',');
        if (f.Length != 7) throw InvalidInputException.At(file, lineNo, $"expected 7 columns ({Header}), got {f.Length}");
        double D(int i) => double.TryParse(f[i], NumberStyles.Float, CultureInfo.InvariantCulture, out double v)
            ? v : throw InvalidInputException.At(file, lineNo, $"column {i + 1} is not a number: '{f[i]}'");
        int I(int i) => int.TryParse(f[i], NumberStyles.Integer, CultureInfo.InvariantCulture, out int v)
            ? v : throw InvalidInputException.At(file, lineNo, $"column {i + 1} is not an integer: '{f[i]}'");
        return new CellReadResult(D(0), I(1), I(2), D(3), D(4), D(5), I(6));
    }

    /// <summary>Reads a summary.csv (for merging folders that only kept the summary).</summary>
    public static List<CellReadResult> ReadSummary(string path)
    {
        var lines = File.ReadAllLines(path);
        if (lines.Length == 0 || lines[0] != Header)
            throw InvalidInputException.At(path, 1, $"expected the header '{Header}'");
        var list = new List<CellReadResult>();
        for (int i = 1; i < lines.Length; i++)
            if (lines[i].Length > 0) list.Add(ParseRow(lines[i], path, i + 1));
        return list;
    }

    public static void WriteAtomic(string path, string text) => Sharding.PointStore.WriteAtomic(path, text);
}
