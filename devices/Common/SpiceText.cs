using System.Globalization;

namespace Xbar.Devices;

/// <summary>
/// Number formatting for SPICE text. Values are written round-trippable ("R", invariant culture)
/// so ngspice reads back exactly the double the C# model uses, which keeps the B-source
/// expressions numerically identical to the C# formulas.
/// </summary>
public static class SpiceText
{
    /// <summary>Round-trip, invariant-culture form of <paramref name="value"/> (e.g. <c>2.5E-05</c>).</summary>
    public static string Num(double value)
    {
        if (!double.IsFinite(value))
            throw new ArgumentOutOfRangeException(nameof(value), value, "SPICE values must be finite.");
        return value.ToString("R", CultureInfo.InvariantCulture);
    }
}
