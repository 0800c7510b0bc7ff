using System.Globalization;

namespace Xbar.Circuits.Cost;

/// <summary>Validation helpers of the cost config: every failure names the field (JSON path) and the value.</summary>
internal static class CostConfigChecks
{
    public static string F(double v) => v.ToString("R", CultureInfo.InvariantCulture);

    public static double Positive(string field, double value)
    {
        if (!double.IsFinite(value) || value <= 0) throw new InvalidInputException($"{field} must be a positive finite number (got {F(value)})");
        return value;
    }

    public static double NonNegative(string field, double value)
    {
        if (!double.IsFinite(value) || value < 0) throw new InvalidInputException($"{field} must be a finite number >= 0 (got {F(value)})");
        return value;
    }

    public static int InRange(string field, int value, int min, int max)
    {
        if (value < min || value > max) throw new InvalidInputException($"{field} must be an integer in {min}..{max} (got {value})");
        return value;
    }

    /// <summary>The entry of <paramref name="known"/> named <paramref name="value"/> (case-insensitive), or an error listing them.</summary>
    public static T OneOf<T>(string field, string? value, IReadOnlyDictionary<string, T> known, string what)
    {
        if (value is not null && known.TryGetValue(value.Trim(), out var found)) return found;
        throw new InvalidInputException($"{field}: unknown {what} \"{value}\" (known: {string.Join(", ", known.Keys)})");
    }
}
