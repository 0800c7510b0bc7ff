using System.Globalization;
using System.Text.Json.Serialization;

namespace Xbar.Behavioral.Periphery;

/// <summary>
/// A flash ADC described by its comparator thresholds (JSON schema <c>FlashAdcThresholds</c>), so
/// measured thresholds of a real read circuit can be handed in. The ADC input is the TIA output
/// voltage (V), or the column current (A) when the config has no TIA; <see cref="Unit"/> records which.
/// <code>
/// { "unit": "V",
///   "thresholds": [-0.3, -0.1, 0.1, 0.3],      // nominal, strictly increasing
///   "offsets":    [0.004, -0.002, 0.0, 0.001], // optional, measured offset of each comparator
///   "levels":     [-0.4, -0.2, 0.0, 0.2, 0.4] } // optional, value reported for code 0..K
/// </code>
/// The code is the number of comparators that fire (input &gt; threshold + offset), 0..K.
/// Without <c>levels</c>, code k reports the midpoint of nominal thresholds k-1 and k, and the two
/// end codes sit half a neighbouring step beyond the outer thresholds.
/// </summary>
public sealed record FlashAdcThresholds(
    double[] Thresholds,
    double[]? Offsets = null,
    double[]? Levels = null,
    string Unit = "V")
{
    public void Validate(string field)
    {
        if (Thresholds is null || Thresholds.Length == 0)
            throw new InvalidInputException($"{field}.thresholds must list at least one threshold");
        for (int k = 0; k < Thresholds.Length; k++)
        {
            if (!double.IsFinite(Thresholds[k])) throw new InvalidInputException($"{field}.thresholds[{k}] is not a finite number");
            if (k > 0 && Thresholds[k] <= Thresholds[k - 1])
                throw new InvalidInputException(string.Create(CultureInfo.InvariantCulture,
                    $"{field}.thresholds must be strictly increasing (thresholds[{k}] = {Thresholds[k]} <= {Thresholds[k - 1]})"));
        }
        if (Offsets is not null && Offsets.Length != Thresholds.Length)
            throw new InvalidInputException($"{field}.offsets has {Offsets.Length} entries but thresholds has {Thresholds.Length}");
        if (Offsets is not null && Offsets.Any(o => !double.IsFinite(o)))
            throw new InvalidInputException($"{field}.offsets must be finite numbers");
        if (Levels is not null && Levels.Length != Thresholds.Length + 1)
            throw new InvalidInputException($"{field}.levels must have thresholds+1 = {Thresholds.Length + 1} entries (got {Levels.Length})");
        if (Unit is not ("V" or "A"))
            throw new InvalidInputException($"{field}.unit must be \"V\" or \"A\" (got \"{Unit}\")");
    }

    /// <summary>Comparator k fires above this value: nominal threshold plus its offset.</summary>
    [JsonIgnore] public double[] EffectiveThresholds =>
        Thresholds.Select((t, k) => t + (Offsets is null ? 0.0 : Offsets[k])).ToArray();

    /// <summary>The value reported for each code 0..K.</summary>
    public double[] ReconstructionLevels()
    {
        if (Levels is not null) return (double[])Levels.Clone();
        int k = Thresholds.Length;
        var levels = new double[k + 1];
        if (k == 1)
        {
            levels[0] = Thresholds[0] - 0.5; levels[1] = Thresholds[0] + 0.5;
            return levels;
        }
        for (int c = 1; c < k; c++) levels[c] = 0.5 * (Thresholds[c - 1] + Thresholds[c]);
        levels[0] = Thresholds[0] - 0.5 * (Thresholds[1] - Thresholds[0]);
        levels[k] = Thresholds[k - 1] + 0.5 * (Thresholds[k - 1] - Thresholds[k - 2]);
        return levels;
    }

    /// <summary>The thresholds of an ideal uniform mid-rise ADC of <paramref name="bits"/> bits over [-range, range].</summary>
    public static FlashAdcThresholds Uniform(int bits, double range, string unit = "V")
    {
        int codes = 1 << bits;
        double step = 2 * range / codes;
        var t = new double[codes - 1];
        for (int k = 0; k < t.Length; k++) t[k] = -range + step * (k + 1);
        var levels = new double[codes];
        for (int c = 0; c < codes; c++) levels[c] = -range + step * (c + 0.5);
        return new FlashAdcThresholds(t, null, levels, unit);
    }
}
