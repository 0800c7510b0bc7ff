using System.Globalization;
using Xbar.Circuits.ReadCircuits;

namespace Xbar.Validation.ReadCircuits;

/// <summary>
/// The cell-read sweep asked for on the command line: TMR values x numbers of states, one ADC
/// resolution, Monte Carlo runs and seed. Points are enumerated in a fixed order (TMR outer, states
/// inner) so shards and resumed runs agree on what point i is. Everything is validated here, before
/// any simulation starts.
/// </summary>
public sealed record ReadSweepSpec
{
    public IReadOnlyList<double> Tmrs { get; }
    public IReadOnlyList<int> States { get; }
    public int Bits { get; }
    public int McRuns { get; }
    public long Seed { get; }

    public ReadSweepSpec(IReadOnlyList<double> tmrs, IReadOnlyList<int> states, int bits, int mcRuns, long seed)
    {
        FlashAdcDesign.ValidateBits(bits);
        if (tmrs.Count == 0) throw new InvalidInputException("The TMR sweep is empty.");
        foreach (double t in tmrs)
            if (!double.IsFinite(t) || t <= 0) throw new InvalidInputException($"TMR values must be positive fractions (1.74 = 174 %), got {Fmt(t)}.");
        if (states.Count == 0) throw new InvalidInputException("--states lists no number of states.");
        foreach (int k in states)
        {
            if (k < 2) throw new InvalidInputException($"--states: every value must be >= 2, got {k}.");
            if (k > (1 << bits)) throw new InvalidInputException($"--states {k} needs at least {(int)Math.Ceiling(Math.Log2(k))} bits; --bits is {bits}.");
        }
        if (mcRuns < 0) throw new InvalidInputException($"--mc must be >= 0, got {mcRuns}.");
        Tmrs = tmrs.ToArray();
        States = states.Distinct().OrderBy(k => k).ToArray();
        Bits = bits;
        McRuns = mcRuns;
        Seed = seed;
    }

    /// <summary>Every point, in the fixed order (TMR outer, states inner).</summary>
    public IReadOnlyList<CellReadPoint> Points() =>
        Tmrs.SelectMany(t => States.Select(k => new CellReadPoint(t, k, Bits, McRuns))).ToArray();

    /// <summary>Parses "FROM:TO:STEP" (inclusive of TO within rounding) or a single value.</summary>
    public static double[] ParseRange(string text, string option)
    {
        var parts = text.Split(':');
        var v = new double[parts.Length];
        for (int i = 0; i < parts.Length; i++)
            if (!double.TryParse(parts[i], NumberStyles.Float, CultureInfo.InvariantCulture, out v[i]) || !double.IsFinite(v[i]))
                throw new InvalidInputException($"{option} must be FROM:TO:STEP or one number, got '{text}'.");
        if (parts.Length == 1) return v;
        if (parts.Length != 3) throw new InvalidInputException($"{option} must be FROM:TO:STEP, got '{text}'.");
        double from = v[0], to = v[1], step = v[2];
        if (step <= 0) throw new InvalidInputException($"{option} {text}: STEP must be > 0.");
        if (to < from) throw new InvalidInputException($"{option} {text}: the range is empty (TO < FROM).");
        var values = new List<double>();
        for (int i = 0; ; i++)
        {
            double x = Math.Round(from + i * step, 10);
            if (x > to + 1e-9 * step) break;
            values.Add(x);
            if (values.Count > 10_000) throw new InvalidInputException($"{option} {text}: more than 10000 points.");
        }
        return values.ToArray();
    }

    /// <summary>Parses "4" or "2,4,8".</summary>
    public static int[] ParseStates(string text)
    {
        var items = text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (items.Length == 0) throw new InvalidInputException("--states is empty.");
        return items.Select(s => int.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out int k)
            ? k : throw new InvalidInputException($"--states must be integers separated by commas, got '{text}'.")).ToArray();
    }

    private static string Fmt(double x) => x.ToString("R", CultureInfo.InvariantCulture);
}
