using System.Numerics;
using System.Text.Json.Serialization;

namespace Xbar.Behavioral.Training.HardwareAware;

/// <summary>
/// Quantization-aware training at a fixed dynamic range (Siegel et al. 2024, IMSSA, arXiv:2412.20215;
/// our reading of its abstract, since the paper's full text was not at hand here): in the forward pass each
/// weight is clipped to [-<see cref="Range"/>, <see cref="Range"/>] and rounded to the nearest level
/// k R / (N - 1), k = -(N-1) .. N-1, where N = <see cref="States"/> is the number of device states
/// per cell. Those 2N - 1 signed levels are exactly what a differential column pair with N uniform
/// states per cell stores (one cell of the pair at state 0): the values
/// <see cref="Mapping.WeightQuantizer.UniformLevels"/> gives for clip R, signed. The backward pass is
/// the clipped straight-through estimator (Bengio, Leonard and Courville 2013, arXiv:1308.3432;
/// Hubara et al. 2016, arXiv:1609.07061): dL/dw = dL/dq where |w| &lt;= R and 0 outside, so the
/// latent float weights keep learning while the network only ever sees levels. The range is
/// fixed for the whole training (it does not follow max |w|), which is what lets the trained
/// weights map onto the device without a per-layer rescaling.
/// </summary>
public sealed record FixedRangeQuantizer
{
    public FixedRangeQuantizer(int states, double range)
    {
        if (states < 2 || states > 256)
            throw new InvalidInputException($"QAT levels: a cell has 2..256 states, got {states}");
        if (!double.IsFinite(range) || range <= 0)
            throw new InvalidInputException($"QAT range must be a positive finite weight value, got {range.ToString("R", System.Globalization.CultureInfo.InvariantCulture)}");
        States = states;
        Range = range;
    }

    /// <summary>N, states per device (cell); the weight takes 2N - 1 signed values.</summary>
    public int States { get; }

    /// <summary>R, the clip: the largest |weight|, stored at the device's top state (weight units).</summary>
    public double Range { get; }

    /// <summary>Distance between adjacent levels, R / (N - 1).</summary>
    [JsonIgnore]
    public double Step => Range / (States - 1);

    /// <summary>Level k in double precision, computed as the tile's uniform quantizer computes it (R k / (N - 1)).</summary>
    public double Level(int k) => k >= 0 ? Range * k / (States - 1) : -(Range * -k / (States - 1));

    /// <summary>
    /// Signed level index of <paramref name="w"/>: clipped to the range, then the nearest level, a tie
    /// going to the smaller magnitude (as <see cref="Mapping.WeightQuantizer.Nearest"/> does).
    /// </summary>
    public int LevelIndex(double w)
    {
        double a = Math.Min(Math.Abs(w), Range);
        int k = (int)Math.Floor(a / Step);
        if (k < States - 1 && a - Level(k) > Level(k + 1) - a) k++;
        if (k > States - 1) k = States - 1;
        return w < 0 ? -k : k;
    }

    /// <summary>Writes the quantized weights (in T) of <paramref name="latent"/> into <paramref name="quantized"/>.</summary>
    public void Quantize<T>(ReadOnlySpan<T> latent, Span<T> quantized) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var levels = new T[2 * States - 1];
        for (int k = -(States - 1); k < States; k++) levels[k + States - 1] = T.CreateTruncating(Level(k));
        for (int i = 0; i < latent.Length; i++)
            quantized[i] = levels[LevelIndex(double.CreateTruncating(latent[i])) + States - 1];
    }

    /// <summary>The straight-through gradient: zero where the latent weight lies outside the range.</summary>
    public void MaskGradient<T>(ReadOnlySpan<T> latent, Span<T> gradient) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var r = T.CreateTruncating(Range);
        for (int i = 0; i < latent.Length; i++)
            if (T.Abs(latent[i]) > r) gradient[i] = T.Zero;
    }

    /// <summary>The quantized weights in double precision, each exactly <see cref="Level"/>(k): what is exported and put on tiles.</summary>
    public double[] Export<T>(ReadOnlySpan<T> latent) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var d = new double[latent.Length];
        for (int i = 0; i < d.Length; i++) d[i] = Level(LevelIndex(double.CreateTruncating(latent[i])));
        return d;
    }
}
