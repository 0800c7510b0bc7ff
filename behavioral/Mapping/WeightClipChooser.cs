namespace Xbar.Behavioral.Mapping;

/// <summary>How the weight clip c (the |w| mapped to a cell's top state) is chosen for a layer.</summary>
public enum WeightClipRule
{
    /// <summary>c = max |w|: no weight is clipped, and the levels are spread over the largest weight.</summary>
    Max,

    /// <summary>
    /// c minimizes the mean squared quantization error of the layer's weights, clipping included
    /// (the MSE-optimal clipping scalar of post-training quantization: Banner, Nahshan and Soudry 2019,
    /// "Post training 4-bit quantization of convolutional networks for rapid-deployment", NeurIPS, sec. 3;
    /// Sakr et al. 2022, "Optimal clipping and magnitude-aware differentiation", ICML, eq. 3).
    /// With few levels and bell-shaped weights the best c is well below max |w|. For multi-state spintronic
    /// synapses, Hsin et al. 2025 (Adv. Sci. 12(22), 2417735) likewise found MSE-based calibration of the
    /// quantization range beside min-max (= <see cref="Max"/>) to bring networks close to float accuracy.
    /// </summary>
    MinimumMse,
}

/// <summary>
/// Chooses the weight clip of a layer whose every weight is rounded to the same magnitude levels
/// c * f_k (f_0 = 0 &lt; ... &lt; f_(N-1) = 1, the cell's states as fractions of its conductance
/// window; a signed weight uses a differential pair, so the sign is exact). Deterministic.
/// </summary>
public static class WeightClipChooser
{
    /// <summary>Grid points in (0, max |w|] scanned before the golden-section refinement.</summary>
    private const int GridPoints = 200;

    /// <summary>The clip for <paramref name="weights"/> by <paramref name="rule"/>; 0 for an all-zero layer.</summary>
    /// <param name="weights">The layer's weights (any layout).</param>
    /// <param name="levelFractions">The magnitude levels as fractions of the clip, ascending, first 0 and last 1.</param>
    public static double Choose(IEnumerable<double> weights, IReadOnlyList<double> levelFractions, WeightClipRule rule)
    {
        CheckLevels(levelFractions);
        return Choose(weights, rule, (magnitudes, c) => SquaredError(magnitudes, levelFractions, c));
    }

    /// <summary>
    /// The clip for <paramref name="levels"/> uniformly spaced levels 0, c/(L-1), ..., c (the codes of a B-bit
    /// weight, L = 2^B): the same rule as <see cref="Choose(IEnumerable{double}, IReadOnlyList{double}, WeightClipRule)"/>
    /// with <see cref="UniformFractions"/>, the nearest level found by rounding instead of a search, so
    /// thousands of levels on millions of weights stay cheap.
    /// </summary>
    public static double ChooseUniform(IEnumerable<double> weights, long levels, WeightClipRule rule)
    {
        if (levels < 2) throw new ArgumentOutOfRangeException(nameof(levels), "at least two levels");
        return Choose(weights, rule, (magnitudes, c) => UniformSquaredError(magnitudes, levels - 1, c));
    }

    private static double Choose(IEnumerable<double> weights, WeightClipRule rule, Func<double[], double, double> squaredError)
    {
        var magnitudes = weights.Select(w => double.IsFinite(w)
            ? Math.Abs(w) : throw new InvalidInputException("weights: the matrix holds a non-finite value")).ToArray();
        double max = magnitudes.Length == 0 ? 0 : magnitudes.Max();
        if (rule == WeightClipRule.Max || max == 0) return max;

        // The error is piecewise quadratic in c with many kinks, so scan a grid first and refine
        // only inside the best grid cell (MathNet's golden-section search), which keeps the answer deterministic.
        double best = max, bestError = squaredError(magnitudes, max);
        for (int g = 1; g < GridPoints; g++)
        {
            double c = max * g / GridPoints;
            double e = squaredError(magnitudes, c);
            if (e < bestError) { bestError = e; best = c; }
        }
        double lo = Math.Max(best - max / GridPoints, max / GridPoints), hi = Math.Min(best + max / GridPoints, max);
        double refined = MathNet.Numerics.FindMinimum.OfScalarFunctionConstrained(
            c => squaredError(magnitudes, c), lo, hi, 1e-10 * max, 200);
        return squaredError(magnitudes, refined) < bestError ? refined : best;
    }

    /// <summary><see cref="SquaredError"/> for uniform levels k c / steps, k = 0..steps: the nearest level by rounding.</summary>
    private static double UniformSquaredError(double[] magnitudes, long steps, double clip)
    {
        double perStep = clip / steps, inv = steps / clip, sum = 0;
        foreach (double m in magnitudes)
        {
            double q = Math.Round(Math.Min(m, clip) * inv, MidpointRounding.AwayFromZero) * perStep;
            sum += (m - q) * (m - q);
        }
        return sum;
    }

    /// <summary>Sum over the weights of (|w| - q_c(|w|))^2, q_c rounding min(|w|, c) to the nearest level c * f_k.</summary>
    public static double SquaredError(ReadOnlySpan<double> magnitudes, IReadOnlyList<double> levelFractions, double clip)
    {
        var levels = new double[levelFractions.Count];
        for (int k = 0; k < levels.Length; k++) levels[k] = clip * levelFractions[k];
        double sum = 0;
        foreach (double m in magnitudes)
        {
            double q = levels[WeightQuantizer.Nearest(levels, Math.Min(m, clip))];
            sum += (m - q) * (m - q);
        }
        return sum;
    }

    /// <summary>N uniformly spaced level fractions 0, 1/(N-1), ..., 1.</summary>
    public static double[] UniformFractions(int states) => WeightQuantizer.UniformLevels(states, 1.0);

    private static void CheckLevels(IReadOnlyList<double> f)
    {
        if (f.Count < 2 || f[0] != 0 || f[^1] != 1)
            throw new ArgumentException("level fractions must start at 0, end at 1 and hold at least two levels");
        for (int k = 1; k < f.Count; k++)
            if (!(f[k] > f[k - 1])) throw new ArgumentException("level fractions must be strictly ascending");
    }
}
