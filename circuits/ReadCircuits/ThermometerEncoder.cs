namespace Xbar.Circuits.ReadCircuits;

/// <summary>
/// Thermometer-to-binary encoder of the flash ADC, applied in C# to the comparator outputs read
/// from the transient vectors. It is a ones counter (Wallace-tree style): the code is the number of
/// comparators that tripped, which is the index of the 1-0 transition for a valid thermometer code
/// and degrades gracefully (by at most the bubble size) for a code with bubbles.
/// </summary>
/// <remarks>
/// Why in C# rather than as B-source logic in SPICE: combinational decode adds only a fixed gate
/// delay and no analog behaviour, while the stiff logic nodes would force ngspice to take more
/// time steps; decoding the sampled comparator outputs gives the code at every time point exactly.
/// </remarks>
public static class ThermometerEncoder
{
    /// <summary>Code of a thermometer word, bit k = comparator k tripped (k = 0 is the lowest reference).</summary>
    public static int Encode(IReadOnlyList<bool> thermometer)
    {
        int ones = 0;
        for (int k = 0; k < thermometer.Count; k++)
            if (thermometer[k]) ones++;
        return ones;
    }

    /// <summary>True when the word is a valid thermometer code (all ones below all zeros).</summary>
    public static bool IsValid(IReadOnlyList<bool> thermometer)
    {
        bool seenZero = false;
        foreach (bool b in thermometer)
        {
            if (!b) seenZero = true;
            else if (seenZero) return false;
        }
        return true;
    }

    /// <summary>The valid thermometer word of <paramref name="code"/> for <paramref name="comparators"/> comparators.</summary>
    public static bool[] Thermometer(int code, int comparators)
    {
        if (code < 0 || code > comparators) throw new ArgumentOutOfRangeException(nameof(code));
        var t = new bool[comparators];
        for (int k = 0; k < code; k++) t[k] = true;
        return t;
    }
}
