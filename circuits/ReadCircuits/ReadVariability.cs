using Xbar.Devices.NonIdealities;

namespace Xbar.Circuits.ReadCircuits;

/// <summary>
/// Monte Carlo variability of a cell read. Periphery: comparator input offset (sigma, V) and ladder
/// segment mismatch (sigma, relative). Cell (the devices model's granular-MTJ set,
/// <see cref="NonIdealityPresets.MtjGranular"/>): lognormal device-to-device spread of R_P and of
/// TMR0 (<see cref="DeviceSpread"/>: R = R_P exp(sigma_lnR z), TMR0 exp(sigma_lnTMR z)) and the
/// granular programming error of <see cref="GranularProgrammingError"/>, which in terms of the
/// parallel fraction is sigma_x = sqrt(x (1 - x) / N_g) (Gupte 2026: intermediate states noisiest,
/// the fully P / AP states exact); <see cref="Grains"/> = null means exact programming.
/// </summary>
/// <remarks>
/// Periphery defaults: comparator offset 1 mV, an offset-cancelled (auto-zeroed) comparator; an
/// uncancelled input pair is Pelgrom-limited to 2-5 mV (A_VT ~ 3.5 mV um on W L ~ 1-3 um^2; Kinget,
/// IEEE JSSC 40(6), 2005), and at 2 mV the 4-state read at TMR 1.74 measures ~3e-3 code errors
/// instead of ~6e-4 (the cell-only floor being ~5e-4), which is why the default assumes
/// cancellation. Ladder mismatch 0.5 % (unit poly resistors of a few um^2 match to 0.1-1 %, Kinget 2005). Cell defaults: those of the devices preset (N_g = 100,
/// sigma_lnR = sigma_lnTMR = 0.02).
/// </remarks>
public sealed record ReadVariability
{
    public double ComparatorOffsetSigma { get; }
    public double LadderMismatchSigma { get; }
    public double SigmaLnResistance { get; }
    public double SigmaLnTmr { get; }
    public int? Grains { get; }

    public ReadVariability(double comparatorOffsetSigma = 1e-3, double ladderMismatchSigma = 0.005,
        double? sigmaLnResistance = null, double? sigmaLnTmr = null, int? grains = 100)
    {
        var preset = NonIdealityPresets.MtjGranular().Spread;
        ComparatorOffsetSigma = ReadCircuitGuards.NonNegative(comparatorOffsetSigma, nameof(ComparatorOffsetSigma));
        LadderMismatchSigma = ReadCircuitGuards.NonNegative(ladderMismatchSigma, nameof(LadderMismatchSigma));
        SigmaLnResistance = ReadCircuitGuards.NonNegative(sigmaLnResistance ?? preset.SigmaLnResistance, nameof(SigmaLnResistance));
        SigmaLnTmr = ReadCircuitGuards.NonNegative(sigmaLnTmr ?? preset.SigmaLnTmr, nameof(SigmaLnTmr));
        if (grains is < 1) throw new InvalidInputException($"Grains must be >= 1 (or null for exact programming), got {grains}.");
        Grains = grains;
    }

    /// <summary>Standard deviation of the programmed parallel fraction at target <paramref name="x"/>.</summary>
    public double ProgrammingSigma(double x) => Grains is { } g ? Math.Sqrt(Math.Max(0, x * (1 - x)) / g) : 0;

    /// <summary>No variability at all: the nominal design.</summary>
    public static ReadVariability None { get; } = new(0, 0, 0, 0, null);
}
