namespace Xbar.Devices;

/// <summary>
/// Validation helpers for device parameters. Every failure is an <see cref="InvalidInputException"/>
/// (device parameters come from user configs) whose message names the offending field.
/// </summary>
public static class Guard
{
    /// <summary>Requires a finite value &gt; 0.</summary>
    public static double Positive(double value, string field, string unit = "")
    {
        if (!double.IsFinite(value) || value <= 0)
            throw new InvalidInputException($"{field} must be a finite positive number{Unit(unit)}, got {Fmt(value)}.");
        return value;
    }

    /// <summary>Requires a finite value &gt;= 0.</summary>
    public static double NonNegative(double value, string field, string unit = "")
    {
        if (!double.IsFinite(value) || value < 0)
            throw new InvalidInputException($"{field} must be a finite number >= 0{Unit(unit)}, got {Fmt(value)}.");
        return value;
    }

    /// <summary>Requires a finite value in [min, max].</summary>
    public static double InRange(double value, double min, double max, string field)
    {
        if (!double.IsFinite(value) || value < min || value > max)
            throw new InvalidInputException($"{field} must lie in [{Fmt(min)}, {Fmt(max)}], got {Fmt(value)}.");
        return value;
    }

    /// <summary>Requires an integer in [min, max].</summary>
    public static int InRange(int value, int min, int max, string field)
    {
        if (value < min || value > max)
            throw new InvalidInputException($"{field} must be an integer in [{min}, {max}], got {value}.");
        return value;
    }

    /// <summary>Copies a list, requiring every entry to be finite and &gt;= 0.</summary>
    public static IReadOnlyList<double> NonNegativeList(IEnumerable<double> values, string field, string unit = "")
    {
        var copy = values.ToArray();
        for (int k = 0; k < copy.Length; k++)
            NonNegative(copy[k], $"{field}[{k}]", unit);
        return Array.AsReadOnly(copy);
    }

    /// <summary>Formats a number with the invariant culture, round-trippable.</summary>
    public static string Fmt(double value) => value.ToString("R", System.Globalization.CultureInfo.InvariantCulture);

    private static string Unit(string unit) => unit.Length == 0 ? "" : $" ({unit})";
}
