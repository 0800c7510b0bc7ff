using System.Globalization;
using Xbar.Circuits.Cost;

namespace Xbar.Validation.Cost;

/// <summary>One transient of a cost sweep: a cell type, encoding, array size, input statistics and seed.</summary>
public sealed record CostSweepPoint(string Cell, string Encoding, int Rows, int Cols, InputStatistics Inputs, int Seed)
{
    /// <summary>The point's key in the sweep folder (its file is points/KEY.txt).</summary>
    public string Key => $"{Cell}_{Encoding}_{Rows}x{Cols}_{Inputs.Name.Replace(':', '-')}_seed{Seed}";

    /// <summary>The base config with this point's cell, encoding and size.</summary>
    public TileCostConfig Config(TileCostConfig @base) => @base with
    {
        Array = @base.Arr with { Rows = Rows, Cols = Cols, Cell = Cell },
        Input = @base.In with { Encoding = Encoding },
    };
}

/// <summary>
/// A cost sweep: cell types x encodings x array sizes x input statistics x seeds, each one MVM
/// transient, evaluated at every ADC resolution in <see cref="Bits"/> for both ADC kinds. Points are
/// enumerated in a fixed order (cell, encoding, size, inputs, seed: outer to inner) so shards and
/// resumed runs agree on what point i is. Everything is validated here, before any simulation.
/// </summary>
public sealed record CostSweepSpec
{
    /// <summary>Largest array ngspice runs in a sweep: beyond 64 x 64 a transient takes minutes (an operating point of 128 x 128 already takes over a minute).</summary>
    public const int MaxNgspiceSize = 64;

    public CostSweepSpec(TileCostConfig @base, IReadOnlyList<string> cells, IReadOnlyList<string> encodings,
        IReadOnlyList<(int Rows, int Cols)> sizes, IReadOnlyList<InputStatistics> inputs, int seeds, IReadOnlyList<int> bits, string engine)
    {
        Base = (@base ?? throw new ArgumentNullException(nameof(@base))).Validate();
        if (cells.Count == 0) throw new InvalidInputException("--cells lists no cell type");
        foreach (var c in cells) CostCells.Get(c, field: "--cells");
        if (encodings.Count == 0) throw new InvalidInputException("--encodings lists no encoding");
        foreach (var e in encodings) _ = (Base.In with { Encoding = e }).Kind;
        if (sizes.Count == 0) throw new InvalidInputException("--sizes lists no array size");
        if (inputs.Count == 0) throw new InvalidInputException("--inputs lists no input statistics");
        if (seeds < 1) throw new InvalidInputException($"--seeds must be >= 1 (got {seeds})");
        if (bits.Count == 0) throw new InvalidInputException("--bits lists no ADC resolution");
        foreach (int b in bits)
            if (b < 1 || b > 12) throw new InvalidInputException($"--bits: every resolution must be in 1..12 (got {b})");
        if (engine is not ("nodal" or "ngspice")) throw new InvalidInputException($"--engine must be nodal or ngspice (got \"{engine}\")");
        foreach (var (r, c) in sizes)
        {
            if (r < 1 || c < 1 || r > 1024 || c > 1024) throw new InvalidInputException($"--sizes: {r}x{c} is outside 1..1024");
            if (engine == "ngspice" && Math.Max(r, c) > MaxNgspiceSize)
                throw new InvalidInputException($"--sizes: {r}x{c} is beyond what ngspice transients do in reasonable time ({MaxNgspiceSize}x{MaxNgspiceSize}); use --engine nodal");
        }
        Cells = cells.Select(c => c.ToLowerInvariant()).Distinct().ToArray();
        Encodings = encodings.Select(e => e.ToLowerInvariant()).Distinct().ToArray();
        Sizes = sizes.Distinct().ToArray();
        Inputs = inputs.DistinctBy(i => i.Name).ToArray();
        Seeds = seeds;
        Bits = bits.Distinct().Order().ToArray();
        Engine = engine;
    }

    public TileCostConfig Base { get; }
    public IReadOnlyList<string> Cells { get; }
    public IReadOnlyList<string> Encodings { get; }
    public IReadOnlyList<(int Rows, int Cols)> Sizes { get; }
    public IReadOnlyList<InputStatistics> Inputs { get; }
    public int Seeds { get; }
    public IReadOnlyList<int> Bits { get; }
    public string Engine { get; }

    /// <summary>Every point, in the fixed order.</summary>
    public IReadOnlyList<CostSweepPoint> Points() =>
        (from cell in Cells
         from enc in Encodings
         from size in Sizes
         from inp in Inputs
         from seed in Enumerable.Range(1, Seeds)
         select new CostSweepPoint(cell, enc, size.Rows, size.Cols, inp, seed)).ToArray();

    /// <summary>Parses "64" (64 x 64) or "32x128" items separated by commas.</summary>
    public static (int Rows, int Cols)[] ParseSizes(string text) =>
        Items(text, "--sizes").Select(item =>
        {
            var parts = item.ToLowerInvariant().Split('x');
            if (parts.Length is 1 or 2 && parts.All(p => int.TryParse(p, NumberStyles.Integer, CultureInfo.InvariantCulture, out _)))
            {
                int r = int.Parse(parts[0], CultureInfo.InvariantCulture);
                return (r, parts.Length == 2 ? int.Parse(parts[1], CultureInfo.InvariantCulture) : r);
            }
            throw new InvalidInputException($"--sizes: \"{item}\" is not N or RxC");
        }).ToArray();

    /// <summary>Parses "1:8" (inclusive) or "4,6,8".</summary>
    public static int[] ParseBits(string text)
    {
        var t = (text ?? "").Trim();
        var range = t.Split(':');
        if (range.Length == 2 && int.TryParse(range[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out int a)
            && int.TryParse(range[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out int b) && a <= b)
            return Enumerable.Range(a, b - a + 1).ToArray();
        return Items(t, "--bits").Select(s => int.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out int v)
            ? v : throw new InvalidInputException($"--bits: \"{s}\" is not an integer (use FROM:TO or a list)")).ToArray();
    }

    /// <summary>Comma-separated items, trimmed, none empty.</summary>
    public static string[] Items(string text, string option)
    {
        var items = (text ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (items.Length == 0) throw new InvalidInputException($"{option} is empty");
        return items;
    }
}
