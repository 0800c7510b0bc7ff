using System.Globalization;
using Xbar.Circuits.ReadCircuits;
using Xbar.Validation.Sweeps;

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
    public const string SummaryFile = SweepFolder.SummaryFile;
    public const string RunFile = SweepFolder.RunFile;
    private readonly object _gate = new();
    private readonly SweepFolder _folder;

    public ReadSweepStore(string directory) => _folder = new SweepFolder(directory, Header, "read-sweep");

    public string Directory_ => _folder.Root;
    public string PointsDirectory => _folder.PointsDirectory;
    public string SummaryPath => _folder.SummaryPath;

    /// <summary>Settings every shard and every resume of one sweep must share.</summary>
    public sealed record RunSettings(long Seed, int McRuns, int Bits);

    /// <summary>Creates the folder, checks it is writable and that it does not hold a different run.</summary>
    public void Prepare(RunSettings settings) => _folder.Prepare(settings, (existing, asked) =>
        $"this folder holds a run with seed {existing.Seed}, mc {existing.McRuns}, bits {existing.Bits}; " +
        $"this command asks for seed {asked.Seed}, mc {asked.McRuns}, bits {asked.Bits}.");

    public static RunSettings ReadSettings(string path) => SweepFolder.ReadSettings<RunSettings>(path);

    public static string PointFileName(double tmr, int states, int bits) =>
        string.Create(CultureInfo.InvariantCulture, $"tmr_{tmr:R}_states_{states}_bits_{bits}.csv");

    public bool IsDone(CellReadPoint p) => _folder.IsDone(PointFileName(p.Tmr0, p.States, p.Bits));

    /// <summary>Writes one finished point and rebuilds the summary.</summary>
    public void Save(CellReadResult r)
    {
        lock (_gate)
        {
            _folder.WritePoint(PointFileName(r.Tmr0, r.States, r.Bits), [FormatRow(r)]);
            WriteSummary(LoadPoints());
        }
    }

    /// <summary>Every point file of the folder.</summary>
    public List<CellReadResult> LoadPoints()
    {
        var list = new List<CellReadResult>();
        foreach (var (file, rows) in _folder.LoadPointFiles())
        {
            if (rows.Length != 1)
                throw new InvalidInputException($"{file}:1: not a read-sweep point file (expected the header '{Header}' and one row).");
            list.Add(ParseRow(rows[0], file, 2));
        }
        return list;
    }

    /// <summary>Writes <c>summary.csv</c>: one line per point, sorted by TMR then states.</summary>
    public void WriteSummary(IEnumerable<CellReadResult> points) =>
        _folder.WriteSummary(points.OrderBy(p => p.Tmr0).ThenBy(p => p.States).ThenBy(p => p.Bits).Select(FormatRow));

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

    public static void WriteAtomic(string path, string text) => SweepFolder.WriteAtomic(path, text);
}
