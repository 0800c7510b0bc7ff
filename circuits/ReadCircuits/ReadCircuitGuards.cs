namespace Xbar.Circuits.ReadCircuits;

/// <summary>Validation helpers for the read-circuit parameter records: every failure names the field.</summary>
internal static class ReadCircuitGuards
{
    public static double Positive(double value, string field)
    {
        if (!double.IsFinite(value) || value <= 0)
            throw new InvalidInputException($"{field} must be a finite positive number, got {value.ToString(System.Globalization.CultureInfo.InvariantCulture)}.");
        return value;
    }

    public static double NonNegative(double value, string field)
    {
        if (!double.IsFinite(value) || value < 0)
            throw new InvalidInputException($"{field} must be a finite number >= 0, got {value.ToString(System.Globalization.CultureInfo.InvariantCulture)}.");
        return value;
    }

    public static double Finite(double value, string field)
    {
        if (!double.IsFinite(value))
            throw new InvalidInputException($"{field} must be a finite number, got {value.ToString(System.Globalization.CultureInfo.InvariantCulture)}.");
        return value;
    }
}
