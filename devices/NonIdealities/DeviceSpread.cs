using System.Text.Json.Serialization;

namespace Xbar.Devices.NonIdealities;

/// <summary>
/// Device-to-device spread, drawn once per cell at programming: lognormal multipliers on the
/// cell's resistance scale (R_P for an MTJ, 1/G for RRAM/PCM/linear cells) and on the MTJ's TMR0.
/// R_cell = R exp(sigma_lnR z1), TMR0_cell = TMR0 exp(sigma_lnTMR z2), z ~ N(0, 1).
/// Lognormal because resistances and TMR are positive and their measured spreads across wafers
/// are skewed (e.g. the R_P and TMR histograms of STT-MRAM arrays such as [Nature Electronics 2025],
/// doi:10.1038/s41928-025-01479-y, see <see cref="Mtj.MtjParameters"/>). Default: zero spread (ideal).
/// </summary>
public sealed record DeviceSpread
{
    private readonly double sigmaLnResistance;
    private readonly double sigmaLnTmr;

    /// <summary>Standard deviation of ln R (dimensionless; 0.05 is about 5 % spread).</summary>
    public double SigmaLnResistance
    {
        get => sigmaLnResistance;
        init => sigmaLnResistance = Guard.NonNegative(value, nameof(SigmaLnResistance));
    }

    /// <summary>Standard deviation of ln TMR0 (dimensionless; MTJ only).</summary>
    public double SigmaLnTmr
    {
        get => sigmaLnTmr;
        init => sigmaLnTmr = Guard.NonNegative(value, nameof(SigmaLnTmr));
    }

    /// <summary>No spread.</summary>
    public static DeviceSpread None { get; } = new();

    /// <summary>True when both sigmas are zero.</summary>
    [JsonIgnore]
    public bool IsIdeal => SigmaLnResistance == 0 && SigmaLnTmr == 0;
}
