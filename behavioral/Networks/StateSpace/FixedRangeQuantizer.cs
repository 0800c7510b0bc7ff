namespace Xbar.Behavioral.Networks.StateSpace;

/// <summary>
/// Uniform weight levels over a FIXED range [-<see cref="Range"/>, +<see cref="Range"/>], the
/// quantizer of IMSSA's quantization-aware training (Siegel, Yang and Strachan 2024, "IMSSA:
/// Deploying modern state-space models on memristive in-memory compute hardware", arXiv
/// 2412.20215): the scale is a constant rather than the running largest |w| of a tensor, so the
/// real and imaginary parts of a complex weight, which sit side by side in the
/// [[Re, -Im], [Im, Re]] blocks of one crossbar, share one conductance-per-weight scale and the
/// device range. Levels are symmetric, L_k = Range (2k - (L - 1)) / (L - 1), k = 0..L-1, so an odd
/// count holds 0 exactly and L_(L-1-k) = -L_k exactly; a quantized weight is one of these numbers
/// bit for bit. Values beyond the range clip to the end levels. For training, the straight-through
/// estimator passes the gradient where |w| &lt;= Range and blocks it outside (Bengio, Leonard and
/// Courville 2013, "Estimating or Propagating Gradients Through Stochastic Neurons", the clipped
/// form used in quantization-aware training).
/// </summary>
public sealed record FixedRangeQuantizer
{
    public FixedRangeQuantizer(int levels, double range)
    {
        if (levels < 2) throw new InvalidInputException($"a quantizer needs at least 2 levels, got {levels}");
        if (!(range > 0) || !double.IsFinite(range)) throw new InvalidInputException($"quantizer range must be positive and finite, got {range}");
        Levels = levels;
        Range = range;
    }

    /// <summary>Number of levels.</summary>
    public int Levels { get; }

    /// <summary>The fixed |w| of the end levels.</summary>
    public double Range { get; }

    /// <summary>
    /// The symmetric "narrow-range" quantizer of a signed <paramref name="bits"/>-bit weight:
    /// 2^bits - 1 levels including zero (2 bits: ternary {-r, 0, r}, 3 bits: 7 levels). That 2 bits
    /// means ternary is our reading of IMSSA, whose abstract reports ternary weights for its simple task.
    /// </summary>
    public static FixedRangeQuantizer ForBits(int bits, double range)
    {
        if (bits < 2 || bits > 16) throw new InvalidInputException($"weight bits must be between 2 and 16, got {bits}");
        return new FixedRangeQuantizer((1 << bits) - 1, range);
    }

    /// <summary>Distance between neighbouring levels.</summary>
    public double StepSize => 2 * Range / (Levels - 1);

    /// <summary>Level k (0 = -Range, Levels - 1 = +Range).</summary>
    public double Level(int k)
    {
        if ((uint)k >= (uint)Levels) throw new ArgumentOutOfRangeException(nameof(k), $"level {k} outside 0..{Levels - 1}");
        return (2.0 * k - (Levels - 1)) / (Levels - 1) * Range;
    }

    /// <summary>Index of the level nearest to <paramref name="w"/> (clipped to the range).</summary>
    public int IndexOf(double w)
    {
        if (double.IsNaN(w)) throw new ArgumentException("cannot quantize NaN", nameof(w));
        double k = Math.Round((Math.Clamp(w, -Range, Range) / Range + 1) * (Levels - 1) / 2);
        return (int)Math.Clamp(k, 0, Levels - 1);
    }

    /// <summary>The level nearest to <paramref name="w"/>.</summary>
    public double Quantize(double w) => Level(IndexOf(w));

    /// <summary>Quantizes every value in place.</summary>
    public void QuantizeInPlace(Span<double> values)
    {
        for (int i = 0; i < values.Length; i++) values[i] = Quantize(values[i]);
    }

    /// <summary>Whether the straight-through gradient passes at <paramref name="w"/> (inside the range).</summary>
    public bool PassesGradient(double w) => Math.Abs(w) <= Range;
}
