using System.Globalization;

namespace Xbar.Circuits.ReadCircuits;

/// <summary>Invariant-culture number formatting for the netlists the read-circuit builders write.</summary>
internal static class SpiceFormat
{
    /// <summary>A number in round-trip form, so the netlist carries exactly the drawn value.</summary>
    public static string N(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
