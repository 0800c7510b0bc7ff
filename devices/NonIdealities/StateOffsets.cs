using System.Text.Json.Serialization;

namespace Xbar.Devices.NonIdealities;

/// <summary>
/// The two error classes of Moureaux et al. 2026 (N-ary MTJ crossbar), as resistance offsets
/// added to the low-bias resistance of each programmed cell:
/// R_cell(i, j) = R_state(k) + delta_NL(k) + delta_perp(i, j), with
/// delta_NL(k) ~ N(0, sigma_NL) drawn once per state and shared by every cell in that state
/// (systematic: a nonlinear mapping error of the levels), and delta_perp(i, j) ~ N(0, sigma_perp)
/// drawn per cell (random). Both in Ohm. The cell's whole I-V is scaled by R_state / R_cell so a
/// nonlinear cell keeps its shape. The paper's study uses sigma_NL = 50 Ohm with increasing
/// sigma_perp. Default: zero (ideal).
/// </summary>
public sealed record StateOffsets
{
    private readonly double sigmaNl;
    private readonly double sigmaPerp;

    /// <summary>sigma_NL: standard deviation of the per-state systematic offset, in Ohm.</summary>
    public double SigmaNl
    {
        get => sigmaNl;
        init => sigmaNl = Guard.NonNegative(value, nameof(SigmaNl), "Ohm");
    }

    /// <summary>sigma_perp: standard deviation of the per-cell random offset, in Ohm.</summary>
    public double SigmaPerp
    {
        get => sigmaPerp;
        init => sigmaPerp = Guard.NonNegative(value, nameof(SigmaPerp), "Ohm");
    }

    private readonly IReadOnlyList<double>? systematicOhm;

    /// <summary>
    /// Optional fixed systematic offsets delta_NL(k), one per state, in Ohm. When set they are used
    /// as given instead of being drawn from <see cref="SigmaNl"/>, so several arrays (the tiles of one
    /// chip) can share the same systematic error: draw once with <see cref="DrawSystematic"/>.
    /// </summary>
    public IReadOnlyList<double>? SystematicOhm
    {
        get => systematicOhm;
        init
        {
            if (value is null) { systematicOhm = null; return; }
            var copy = value.ToArray();
            for (int k = 0; k < copy.Length; k++)
                if (!double.IsFinite(copy[k]))
                    throw new InvalidInputException($"{nameof(SystematicOhm)}[{k}] must be a finite resistance offset (Ohm), got {Guard.Fmt(copy[k])}.");
            systematicOhm = Array.AsReadOnly(copy);
        }
    }

    /// <summary>
    /// Draws delta_NL(k) ~ N(0, sigma_NL) for <paramref name="states"/> states from <paramref name="seed"/>
    /// (the same stream a programmed array would use with that seed), in Ohm.
    /// </summary>
    public IReadOnlyList<double> DrawSystematic(int states, int seed)
    {
        var rng = Arrays.RandomStreams.For(seed, Arrays.RandomStreams.SystematicOffset);
        var d = new double[states];
        if (SigmaNl > 0)
            for (int k = 0; k < states; k++)
                d[k] = SigmaNl * MathNet.Numerics.Distributions.Normal.Sample(rng, 0, 1);
        return d;
    }

    /// <summary>No offsets.</summary>
    public static StateOffsets None { get; } = new();

    /// <summary>True when both sigmas are zero.</summary>
    [JsonIgnore]
    public bool IsIdeal => SigmaPerp == 0 && (SystematicOhm is { } fixedOffsets ? fixedOffsets.All(d => d == 0) : SigmaNl == 0);
}
