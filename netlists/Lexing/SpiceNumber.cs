using System.Globalization;

namespace Xbar.Netlists;

/// <summary>
/// SPICE numbers as ngspice reads them (ngspice manual, "Syntax of expressions"/"Numbers"): a
/// decimal mantissa with optional exponent, then an optional scale factor T G MEG K MIL M U N P F
/// (case-insensitive, so <c>1M</c> is milli and <c>1F</c> is femto, exactly as in SPICE) and an
/// optional unit, which is ignored (<c>10kOhm</c>, <c>1uF</c>, <c>5V</c>). Unlike ngspice, which
/// ignores any letters after the first scale factor, only the units in <see cref="Units"/> may
/// follow: <c>1kmeg</c>, <c>1mk</c> (stacked scale factors) and <c>1e</c>, <c>1ex</c> (an exponent
/// without digits) are refused rather than read as 1000, 0.001 and 1.
/// </summary>
public static class SpiceNumber
{
    private static readonly (string Suffix, int Exponent)[] Scales =
    [
        // Longest first so "meg" and "mil" win over "m". mil (25.4e-6) is handled apart.
        ("meg", 6), ("t", 12), ("g", 9), ("k", 3), ("m", -3),
        ("u", -6), ("n", -9), ("p", -12), ("f", -15),
    ];

    /// <summary>
    /// Unit words that may follow the number or its scale factor (case-insensitive): volt, ampere,
    /// ohm, farad, henry, second, hertz, watt. Anything else after the digits is not a number.
    /// </summary>
    public static readonly IReadOnlyList<string> Units = ["v", "a", "ohm", "ohms", "f", "h", "s", "sec", "hz", "w"];

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
        if (!TryScale(text.AsSpan(0, end), mantissa, rest, out value)) return false;
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
    /// Reads <paramref name="letters"/> as an optional scale factor followed by an optional unit and
    /// applies the scale by shifting the decimal exponent and parsing again, so "180n" is the double
    /// nearest to 1.8e-7 (multiplying 180 by 1e-9 would be off by one ulp). False when the letters
    /// are neither (a second scale factor, a stray word).
    /// </summary>
    private static bool TryScale(ReadOnlySpan<char> number, double mantissa, ReadOnlySpan<char> letters, out double value)
    {
        value = mantissa;
        if (letters.IsEmpty) return true;
        if (letters.StartsWith("mil", StringComparison.OrdinalIgnoreCase) && IsUnitOrEmpty(letters[3..]))
        {
            value = mantissa * 25.4e-6;
            return true;
        }
        foreach (var (suffix, exponent) in Scales)
        {
            if (!letters.StartsWith(suffix, StringComparison.OrdinalIgnoreCase) || !IsUnitOrEmpty(letters[suffix.Length..])) continue;
            int e = number.IndexOfAny('e', 'E');
            var significand = e < 0 ? number : number[..e];
            // The exponent's digits were checked by MantissaLength; a huge one overflows to infinity, refused by the caller.
            long ownExponent = e < 0 ? 0 : long.TryParse(number[(e + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var x) ? x : long.MaxValue / 2;
            var shifted = string.Concat(significand, "e", Math.Clamp(ownExponent + exponent, -100000, 100000).ToString(CultureInfo.InvariantCulture));
            value = double.Parse(shifted, NumberStyles.Float, CultureInfo.InvariantCulture);
            return true;
        }
        return IsUnit(letters); // unit letters only ("V", "Ohm"), ignored as in ngspice
    }

    private static bool IsUnitOrEmpty(ReadOnlySpan<char> letters) => letters.IsEmpty || IsUnit(letters);

    private static bool IsUnit(ReadOnlySpan<char> letters)
    {
        foreach (var unit in Units)
            if (letters.Equals(unit, StringComparison.OrdinalIgnoreCase)) return true;
        return false;
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
