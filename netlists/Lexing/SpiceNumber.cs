using System.Globalization;

namespace Xbar.Netlists;

/// <summary>
/// SPICE numbers as ngspice reads them (ngspice manual, "Syntax of expressions"/"Numbers"): a
/// decimal mantissa with optional exponent, then an optional scale factor T G MEG K MIL M U N P F
/// (case-insensitive, so <c>1M</c> is milli and <c>1F</c> is femto, exactly as in SPICE) and any
/// trailing unit letters, which are ignored (<c>10kOhm</c>, <c>1uF</c>, <c>5V</c>).
/// </summary>
public static class SpiceNumber
{
    private static readonly (string Suffix, int Exponent)[] Scales =
    [
        // Longest first so "meg" and "mil" win over "m". mil (25.4e-6) is handled apart.
        ("meg", 6), ("t", 12), ("g", 9), ("k", 3), ("m", -3),
        ("u", -6), ("n", -9), ("p", -12), ("f", -15),
    ];

    /// <summary>Parses <paramref name="text"/>; throws <see cref="FormatException"/> when it is not a SPICE number.</summary>
    public static double Parse(string text) =>
        TryParse(text, out var value) ? value : throw new FormatException($"'{text}' is not a number");

    /// <summary>Parses <paramref name="text"/> without throwing; infinities and NaN are refused.</summary>
    public static bool TryParse(string? text, out double value)
    {
        value = 0;
        if (string.IsNullOrEmpty(text)) return false;
        int end = MantissaLength(text);
        if (end == 0) return false;
        if (!double.TryParse(text.AsSpan(0, end), NumberStyles.Float, CultureInfo.InvariantCulture, out var mantissa))
            return false;
        var rest = text.AsSpan(end);
        foreach (var c in rest)
            if (!char.IsAsciiLetter(c)) return false;
        value = Scale(text.AsSpan(0, end), mantissa, rest);
        return double.IsFinite(value);
    }

    /// <summary>Whether <paramref name="text"/> starts like a number (digit, or sign/point then digit).</summary>
    public static bool LooksNumeric(string text) => MantissaLength(text) > 0;

    /// <summary>
    /// Invariant, round-trip text ("R": the shortest string that parses back to the same double),
    /// which ngspice reads unchanged (e.g. <c>1E-06</c>).
    /// </summary>
    public static string Format(double value)
    {
        if (!double.IsFinite(value))
            throw new ArgumentOutOfRangeException(nameof(value), value, "SPICE has no text for infinity or NaN");
        return value.ToString("R", CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// Applies the scale factor by shifting the decimal exponent and parsing again, so "180n" is the
    /// double nearest to 1.8e-7 (multiplying 180 by 1e-9 would be off by one ulp).
    /// </summary>
    private static double Scale(ReadOnlySpan<char> number, double mantissa, ReadOnlySpan<char> letters)
    {
        if (letters.StartsWith("mil", StringComparison.OrdinalIgnoreCase)) return mantissa * 25.4e-6;
        foreach (var (suffix, exponent) in Scales)
        {
            if (!letters.StartsWith(suffix, StringComparison.OrdinalIgnoreCase)) continue;
            int e = number.IndexOfAny('e', 'E');
            var significand = e < 0 ? number : number[..e];
            int ownExponent = e < 0 ? 0 : int.Parse(number[(e + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
            var shifted = string.Concat(significand, "e", (ownExponent + exponent).ToString(CultureInfo.InvariantCulture));
            return double.Parse(shifted, NumberStyles.Float, CultureInfo.InvariantCulture);
        }
        return mantissa; // unit letters only ("V", "Ohm"), as ngspice ignores them
    }

    /// <summary>Length of the leading <c>[+-]digits[.digits][e[+-]digits]</c>, 0 when there is none.</summary>
    private static int MantissaLength(string s)
    {
        int i = 0;
        if (i < s.Length && (s[i] == '+' || s[i] == '-')) i++;
        int digits = 0;
        while (i < s.Length && char.IsAsciiDigit(s[i])) { i++; digits++; }
        if (i < s.Length && s[i] == '.')
        {
            i++;
            while (i < s.Length && char.IsAsciiDigit(s[i])) { i++; digits++; }
        }
        if (digits == 0) return 0;
        if (i < s.Length && (s[i] == 'e' || s[i] == 'E'))
        {
            int j = i + 1;
            if (j < s.Length && (s[j] == '+' || s[j] == '-')) j++;
            int expDigits = 0;
            while (j < s.Length && char.IsAsciiDigit(s[j])) { j++; expDigits++; }
            if (expDigits > 0) i = j; // otherwise the 'e' is a unit letter and ignored
        }
        return i;
    }
}
