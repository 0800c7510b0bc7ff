namespace Xbar.Circuits.ReadCircuits;

/// <summary>
/// A flash ADC: 2^b - 1 comparators, comparator k compares the input with tap k of a resistor
/// ladder. The taps are placed at the given <see cref="Thresholds"/> (V, strictly increasing): the
/// ladder segments are sized in proportion to the gaps between thresholds, so the references can
/// sit between the expected signal levels of the states being read rather than on a uniform grid.
/// The ladder runs from 0 V to a top reference one gap above the last threshold.
/// </summary>
/// <param name="Bits">Resolution b, 1..8.</param>
/// <param name="Thresholds">The 2^b - 1 designed trip points (V), strictly increasing and positive.</param>
/// <param name="LadderResistance">Total ladder resistance (Ohm); sets the ladder's static current.
/// Default 20 kOhm (a few uA at ~0.1 V, negligible against the read current).</param>
/// <param name="Comparator">The comparator model.</param>
public sealed record FlashAdcDesign
{
    public const int MaxBits = 8;

    public int Bits { get; }
    public IReadOnlyList<double> Thresholds { get; }
    public double LadderResistance { get; }
    public ComparatorModel Comparator { get; }

    public FlashAdcDesign(int bits, IReadOnlyList<double> thresholds, ComparatorModel? comparator = null, double ladderResistance = 20e3)
    {
        ValidateBits(bits);
        ArgumentNullException.ThrowIfNull(thresholds);
        int m = (1 << bits) - 1;
        if (thresholds.Count != m)
            throw new InvalidInputException($"Thresholds: a {bits}-bit flash ADC needs {m} thresholds, got {thresholds.Count}.");
        for (int k = 0; k < m; k++)
        {
            if (!double.IsFinite(thresholds[k]) || thresholds[k] <= 0)
                throw new InvalidInputException($"Thresholds[{k}] must be a finite positive voltage, got {thresholds[k]}.");
            if (k > 0 && thresholds[k] <= thresholds[k - 1])
                throw new InvalidInputException(
                    $"Thresholds must be strictly increasing: Thresholds[{k}] = {thresholds[k]} <= Thresholds[{k - 1}] = {thresholds[k - 1]}.");
        }
        Bits = bits;
        Thresholds = thresholds.ToArray();
        Comparator = comparator ?? new ComparatorModel();
        LadderResistance = ReadCircuitGuards.Positive(ladderResistance, nameof(LadderResistance));
    }

    /// <summary>Number of comparators, 2^b - 1.</summary>
    public int Comparators => Thresholds.Count;

    /// <summary>Throws <see cref="InvalidInputException"/> unless 1 &lt;= bits &lt;= 8.</summary>
    public static void ValidateBits(int bits)
    {
        if (bits < 1 || bits > MaxBits)
            throw new InvalidInputException($"bits must be in 1..{MaxBits}, got {bits}.");
    }

    /// <summary>Top of the ladder (V): one threshold gap above the last threshold (twice the only one when b = 1).</summary>
    public double LadderTopVoltage
    {
        get
        {
            int m = Thresholds.Count;
            double gap = m == 1 ? Thresholds[0] : Thresholds[m - 1] - Thresholds[m - 2];
            return Thresholds[m - 1] + gap;
        }
    }

    /// <summary>
    /// The nominal ladder segment resistances, bottom (0 V .. tap 1) to top (tap M .. top), M + 1 values (Ohm).
    /// </summary>
    public double[] NominalSegments()
    {
        int m = Thresholds.Count;
        double top = LadderTopVoltage;
        var seg = new double[m + 1];
        double below = 0;
        for (int k = 0; k < m; k++)
        {
            seg[k] = LadderResistance * (Thresholds[k] - below) / top;
            below = Thresholds[k];
        }
        seg[m] = LadderResistance * (top - below) / top;
        return seg;
    }

    /// <summary>
    /// The tap voltages of a ladder whose segments are scaled by <paramref name="segmentFactors"/>
    /// (1 + mismatch per segment; null = nominal): the exact resistive divider, since the
    /// comparator inputs draw no DC current.
    /// </summary>
    public double[] TapVoltages(IReadOnlyList<double>? segmentFactors)
    {
        var seg = NominalSegments();
        if (segmentFactors is not null)
        {
            if (segmentFactors.Count != seg.Length)
                throw new ArgumentException($"segmentFactors needs {seg.Length} values.", nameof(segmentFactors));
            for (int k = 0; k < seg.Length; k++) seg[k] *= segmentFactors[k];
        }
        double total = seg.Sum();
        double top = LadderTopVoltage;
        var taps = new double[Thresholds.Count];
        double acc = 0;
        for (int k = 0; k < taps.Length; k++)
        {
            acc += seg[k];
            taps[k] = top * acc / total;
        }
        return taps;
    }

    /// <summary>
    /// Thresholds placed halfway between consecutive expected signal levels (V, increasing). When the
    /// ADC has more comparators than gaps (2^b - 1 &gt; K - 1), the extra references continue above the
    /// top level with the last gap, so the output code equals the state index.
    /// </summary>
    public static double[] MidpointThresholds(int bits, IReadOnlyList<double> levels)
    {
        ValidateBits(bits);
        int m = (1 << bits) - 1;
        if (levels.Count < 2) throw new InvalidInputException("At least two expected signal levels are needed to place thresholds.");
        if (levels.Count - 1 > m)
            throw new InvalidInputException($"A {bits}-bit flash ADC resolves at most {m + 1} states, got {levels.Count}.");
        for (int k = 1; k < levels.Count; k++)
            if (!(levels[k] > levels[k - 1]))
                throw new InvalidInputException($"Expected signal levels must be strictly increasing (level {k} = {levels[k]} <= level {k - 1} = {levels[k - 1]}).");
        var t = new double[m];
        for (int k = 0; k < levels.Count - 1; k++) t[k] = 0.5 * (levels[k] + levels[k + 1]);
        double gap = levels[^1] - levels[^2];
        for (int k = levels.Count - 1; k < m; k++) t[k] = t[k - 1] + gap;
        return t;
    }

    /// <summary>
    /// Thresholds at the equal-risk point between consecutive levels: between levels a and b with
    /// standard deviations s_a and s_b the reference sits at mu_a + (mu_b - mu_a) s_a / (s_a + s_b),
    /// the same number of sigmas from each, which minimises the larger of the two misread
    /// probabilities for Gaussian spreads. Equal sigmas give the midpoints. Extra comparators
    /// (2^b - 1 &gt; K - 1) continue above the top level with the last gap.
    /// </summary>
    public static double[] EqualRiskThresholds(int bits, IReadOnlyList<double> levels, IReadOnlyList<double> sigmas)
    {
        var t = MidpointThresholds(bits, levels);
        if (sigmas.Count != levels.Count) throw new ArgumentException("One sigma per level is needed.", nameof(sigmas));
        for (int k = 0; k < levels.Count - 1; k++)
        {
            double sa = sigmas[k], sb = sigmas[k + 1];
            if (!(sa >= 0) || !(sb >= 0)) throw new InvalidInputException($"Level sigmas must be >= 0 (level {k}: {sa}, level {k + 1}: {sb}).");
            if (sa + sb > 0) t[k] = levels[k] + (levels[k + 1] - levels[k]) * sa / (sa + sb);
        }
        double gap = levels[^1] - levels[^2];
        for (int k = levels.Count - 1; k < t.Length; k++) t[k] = t[k - 1] + gap;
        return t;
    }
}
