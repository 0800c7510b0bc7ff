using System.Text.Json.Serialization;

namespace Xbar.Devices.NonIdealities;

/// <summary>
/// Programming (write) error: the conductance a cell reaches differs from its state's target by a
/// zero-mean Gaussian whose standard deviation <see cref="Sigma"/> (S) may depend on the state.
/// Drawn once per cell at programming. The result is clamped to the device's physical range
/// (G &gt;= 0; an MTJ's parallel fraction to [0, 1]).
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "kind")]
[JsonDerivedType(typeof(NoProgrammingError), "none")]
[JsonDerivedType(typeof(GaussianProgrammingError), "gaussian")]
[JsonDerivedType(typeof(PerStateProgrammingError), "per-state")]
[JsonDerivedType(typeof(GranularProgrammingError), "granular")]
[JsonDerivedType(typeof(PcmProgrammingError), "pcm")]
public abstract record ProgrammingError
{
    /// <summary>Standard deviation of the programmed conductance for a state, in S.</summary>
    public abstract double Sigma(LevelContext level);

    /// <summary>Exact programming (the ideal default).</summary>
    public static ProgrammingError None { get; } = new NoProgrammingError();
}

/// <summary>Exact programming: every cell reaches its target.</summary>
public sealed record NoProgrammingError : ProgrammingError
{
    public override double Sigma(LevelContext level) => 0;
}

/// <summary>
/// State-independent Gaussian programming error of fixed standard deviation, in S — the form used
/// for RRAM by Siegel et al. 2024 (sigma = 15 uS there, for their conductance window).
/// </summary>
public sealed record GaussianProgrammingError : ProgrammingError
{
    private readonly double sigmaSiemens;

    /// <summary>Standard deviation of the programmed conductance, in S (e.g. 1.5e-5 for 15 uS).</summary>
    public double SigmaSiemens
    {
        get => sigmaSiemens;
        init => sigmaSiemens = Guard.NonNegative(value, nameof(SigmaSiemens), "S");
    }

    public override double Sigma(LevelContext level) => SigmaSiemens;
}

/// <summary>Explicit standard deviation per state, in S (e.g. measured per-level spreads).</summary>
public sealed record PerStateProgrammingError : ProgrammingError
{
    private readonly IReadOnlyList<double> sigmasSiemens = [];

    /// <summary>One standard deviation per state, in S; must have one entry per device state.</summary>
    public IReadOnlyList<double> SigmasSiemens
    {
        get => sigmasSiemens;
        init => sigmasSiemens = Guard.NonNegativeList(value, nameof(SigmasSiemens), "S");
    }

    public override double Sigma(LevelContext level)
    {
        if (SigmasSiemens.Count != level.States)
            throw new InvalidInputException(
                $"{nameof(SigmasSiemens)} has {SigmasSiemens.Count} entries but the device has {level.States} states.");
        return SigmasSiemens[level.State];
    }
}

/// <summary>
/// Programming error of a granular free layer (Gupte et al. 2026, doi:10.1038/s44335-026-00055-7; references in Mtj.MtjParameters): an intermediate state is
/// reached by switching a fraction f of N_g independent grains, so the number switched is
/// binomial and sigma_G = (G_{N-1} - G_0) sqrt(f (1 - f) / N_g), combined in quadrature with a
/// floor sigma_0 (S). The extremes (all grains P or all AP) are exact up to the floor; the
/// intermediate states are the noisiest, as Gupte 2026 reports.
/// </summary>
public sealed record GranularProgrammingError : ProgrammingError
{
    private readonly int grains = 100;
    private readonly double floorSiemens;

    /// <summary>Number of independently switching grains N_g (1..1e9; default 100).</summary>
    public int Grains
    {
        get => grains;
        init => grains = Guard.InRange(value, 1, 1_000_000_000, nameof(Grains));
    }

    /// <summary>State-independent floor sigma_0, in S (default 0).</summary>
    public double FloorSiemens
    {
        get => floorSiemens;
        init => floorSiemens = Guard.NonNegative(value, nameof(FloorSiemens), "S");
    }

    public override double Sigma(LevelContext level)
    {
        double f = level.Fraction;
        double binomial = (level.Highest - level.Lowest) * Math.Sqrt(f * (1 - f) / Grains);
        return Math.Sqrt(binomial * binomial + FloorSiemens * FloorSiemens);
    }
}

/// <summary>
/// IBM's measured PCM programming noise after iterative program-and-verify (Nandakumar et al.,
/// ICECS 2019; Joshi et al., Nature Communications 11, 2473 (2020), Methods):
/// sigma_prog(g_T) = c0 + c1 g_T + c2 g_T^2 in uS, with g_T = G_T / G_max normalized to
/// G_max = 25 uS and c = (0.26348, 1.9650, -1.1731). For another G_max the sigma is scaled by
/// G_max / 25 uS (the fit is relative to the window).
/// </summary>
public sealed record PcmProgrammingError : ProgrammingError
{
    /// <summary>Polynomial coefficients c0, c1, c2 in uS at the reference G_max of 25 uS.</summary>
    public static IReadOnlyList<double> Coefficients { get; } = [0.26348, 1.9650, -1.1731];

    /// <summary>Reference G_max of the fit, in S (25 uS).</summary>
    public const double ReferenceMaximum = 25e-6;

    private readonly double scale = 1;

    /// <summary>Multiplier on the published sigma (dimensionless, default 1).</summary>
    public double Scale
    {
        get => scale;
        init => scale = Guard.NonNegative(value, nameof(Scale));
    }

    /// <summary>sigma_prog in S for target conductance <paramref name="target"/> (S) and window maximum <paramref name="maximum"/> (S).</summary>
    public double SigmaAt(double target, double maximum)
    {
        double g = target / maximum;
        double sigmaMicro = Coefficients[0] + Coefficients[1] * g + Coefficients[2] * g * g;
        return Scale * Math.Max(sigmaMicro, 0) * 1e-6 * (maximum / ReferenceMaximum);
    }

    public override double Sigma(LevelContext level) => SigmaAt(level.Target, level.Maximum);
}
