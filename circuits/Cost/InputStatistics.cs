using System.Globalization;

namespace Xbar.Circuits.Cost;

/// <summary>
/// Statistics of the input vectors a tile sees, normalised to full scale (x in [0, 1]): a fraction
/// <see cref="Density"/> of the word lines is active, and an active input is either uniform in
/// (0, 1] (<see cref="Level"/> null) or fixed at <see cref="Level"/>. Named cases: <c>dense</c>
/// (all active, uniform), <c>sparse</c> (10 % active, uniform; <c>sparse:0.25</c> for another
/// density), <c>full</c> (all active at full scale: the worst case).
/// </summary>
public sealed record InputStatistics
{
    public InputStatistics(double density, double? level = null, string? name = null)
    {
        if (!double.IsFinite(density) || density <= 0 || density > 1)
            throw new InvalidInputException($"input density must be in (0, 1] (got {density.ToString("R", CultureInfo.InvariantCulture)})");
        if (level is { } l && (!double.IsFinite(l) || l <= 0 || l > 1))
            throw new InvalidInputException($"input level must be in (0, 1] (got {l.ToString("R", CultureInfo.InvariantCulture)})");
        Density = density;
        Level = level;
        Name = name ?? (level is null ? $"d{density.ToString("0.###", CultureInfo.InvariantCulture)}" : $"d{density.ToString("0.###", CultureInfo.InvariantCulture)}-l{level.Value.ToString("0.###", CultureInfo.InvariantCulture)}");
    }

    /// <summary>Fraction of active word lines, (0, 1].</summary>
    public double Density { get; }

    /// <summary>Level of every active input (fraction of full scale), or null for uniform in (0, 1].</summary>
    public double? Level { get; }

    /// <summary>Name used in tables and file names.</summary>
    public string Name { get; }

    public static InputStatistics Dense { get; } = new(1.0, null, "dense");
    public static InputStatistics Sparse { get; } = new(0.1, null, "sparse");
    public static InputStatistics FullScale { get; } = new(1.0, 1.0, "full");

    /// <summary>E[x] over all word lines: what a pulse-width input's on-time scales with.</summary>
    public double MeanLevel => Density * (Level ?? 0.5);

    /// <summary>E[x^2] over all word lines: what the resistive power of an amplitude input scales with.</summary>
    public double MeanSquareLevel => Density * (Level is { } l ? l * l : 1.0 / 3.0);

    /// <summary>
    /// One input vector of <paramref name="rows"/> entries drawn from these statistics: exactly
    /// round(density x rows) (at least 1) active rows, chosen by a seeded shuffle, each uniform in (0, 1]
    /// or at the fixed level.
    /// </summary>
    public double[] Draw(int rows, int seed)
    {
        var rng = new Random(unchecked(seed * 7919 + 17));
        int active = Math.Max(1, (int)Math.Round(Density * rows));
        var order = Enumerable.Range(0, rows).ToArray();
        rng.Shuffle(order);
        var x = new double[rows];
        for (int k = 0; k < active; k++) x[order[k]] = Level ?? 1.0 - rng.NextDouble();
        return x;
    }

    /// <summary>Parses <c>dense</c>, <c>sparse</c>, <c>sparse:D</c>, <c>full</c> (case-insensitive).</summary>
    public static InputStatistics Parse(string text, string field = "--inputs")
    {
        string t = (text ?? "").Trim().ToLowerInvariant();
        if (t == "dense") return Dense;
        if (t == "full") return FullScale;
        if (t == "sparse") return Sparse;
        if (t.StartsWith("sparse:", StringComparison.Ordinal)
            && double.TryParse(t["sparse:".Length..], NumberStyles.Float, CultureInfo.InvariantCulture, out double d))
            return new InputStatistics(d, null, t);
        throw new InvalidInputException($"{field}: unknown input statistics \"{text}\" (known: dense, sparse, sparse:DENSITY, full)");
    }
}
