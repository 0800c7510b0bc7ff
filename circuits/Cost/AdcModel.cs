namespace Xbar.Circuits.Cost;

/// <summary>ADC architecture of the column read-out.</summary>
public enum AdcKind
{
    /// <summary>2^b - 1 comparators on a reference ladder, one sample per conversion (circuits/ReadCircuits' flash ADC).</summary>
    Flash,
    /// <summary>Successive approximation: one comparator and a b-bit capacitive DAC, b comparisons per conversion.</summary>
    Sar,
}

/// <summary>
/// Energy, conversion time and area of a b-bit column ADC from a published reference design, scaled
/// in resolution at constant Walden figure of merit FoM_W = P / (f_s 2^b) (R. H. Walden,
/// "Analog-to-digital converter survey and analysis", IEEE JSAC 17(4), 1999; the FoM of B. Murmann's
/// ADC Performance Survey, 1997-2024), taken with the nominal resolution b for ENOB: the energy per
/// conversion is the reference's P / f_s at its resolution and doubles per bit, E(b) = FoM_W 2^b.
/// </summary>
/// <param name="Kind">Flash or SAR.</param>
/// <param name="ReferencePowerW">Power of the reference design (W).</param>
/// <param name="ReferenceRateHz">Its sampling rate (S/s): one conversion takes 1 / rate at the reference resolution.</param>
/// <param name="ReferenceBits">Its resolution.</param>
/// <param name="ReferenceAreaUm2">Its area (um^2) at <paramref name="ReferenceNodeNm"/>; for a flash ADC the area of one comparator.</param>
/// <param name="ReferenceNodeNm">Node the area was measured in.</param>
/// <param name="Source">Citation.</param>
public sealed record AdcModel(AdcKind Kind, double ReferencePowerW, double ReferenceRateHz, int ReferenceBits,
    double ReferenceAreaUm2, double ReferenceNodeNm, string Source)
{
    /// <summary>
    /// Flash (default): the 4-bit flash ADC of G. Van der Plas, S. Decoutere and S. Donnay, "A
    /// 0.16pJ/conversion-step 2.5mW 1.25GS/s 4b ADC in a 90nm digital CMOS process", ISSCC 2006:
    /// 2.5 mW at 1.25 GS/s, 2 pJ per 4-bit conversion (FoM_W = 0.125 pJ/step with ENOB = 4; 0.16
    /// with the measured ENOB). One conversion = one sample period, 0.8 ns, at any resolution (all
    /// comparators decide at once). Area: 2^b - 1 comparators of 20 um^2 each, an offset-limited
    /// comparator whose input pair is sized for ~1-2 mV sigma (Pelgrom A_VT ~ 3.5 mV um, P. Kinget,
    /// IEEE JSSC 40(6), 2005, the matching figure circuits/ReadCircuits uses): matching sets the area,
    /// which does not shrink with the node (our assumption for the 20 um^2, at any node).
    /// </summary>
    public static AdcModel Flash { get; } = new(AdcKind.Flash, 2.5e-3, 1.25e9, 4, 20, 22,
        "Van der Plas et al., ISSCC 2006 (4b flash, 2.5 mW, 1.25 GS/s); 20 um^2 per comparator (our assumption, offset-limited after Kinget, JSSC 2005)");

    /// <summary>
    /// SAR: the 8-bit 1.2 GS/s ADC of ISAAC (A. Shafiee et al., "ISAAC: A convolutional neural network
    /// accelerator with in-situ analog arithmetic in crossbars", ISCA 2016, Table I: 8 ADCs 16 mW and
    /// 0.0096 mm^2 at 32 nm, after L. Kull et al., ISSCC 2013): 2 mW at 1.2 GS/s = 1.67 pJ per 8-bit
    /// conversion, FoM_W = 6.5 fJ/conversion-step; 1200 um^2 each. Other resolutions: a conversion
    /// takes (b + 1) comparator cycles (sampling plus one per bit), scaled from the reference's
    /// 9 cycles in 1 / 1.2 GHz; area half comparator and logic, half capacitive DAC growing as 2^b
    /// (our assumption), scaled with (F / 32 nm)^2.
    /// </summary>
    public static AdcModel Sar { get; } = new(AdcKind.Sar, 2e-3, 1.2e9, 8, 1200, 32,
        "ISAAC, Shafiee et al., ISCA 2016, Table I (8b 1.2 GS/s SAR after Kull et al., ISSCC 2013: 2 mW, 1200 um^2 at 32 nm)");

    /// <summary>The model of <paramref name="kind"/>.</summary>
    public static AdcModel For(AdcKind kind) => kind == AdcKind.Flash ? Flash : Sar;

    /// <summary>Walden FoM of the reference with ENOB = its nominal bits (J per conversion step).</summary>
    public double WaldenFom => ReferencePowerW / (ReferenceRateHz * Math.Pow(2, ReferenceBits));

    /// <summary>Energy per conversion at <paramref name="bits"/> (J): FoM_W 2^b.</summary>
    public double EnergyPerConversion(int bits) => WaldenFom * Math.Pow(2, bits);

    /// <summary>Time of one conversion at <paramref name="bits"/> (s).</summary>
    public double ConversionTime(int bits) => Kind == AdcKind.Flash
        ? 1.0 / ReferenceRateHz
        : (bits + 1) / ((ReferenceBits + 1) * ReferenceRateHz);

    /// <summary>Area of one ADC at <paramref name="bits"/> in the node of <paramref name="node"/> (m^2).</summary>
    public double Area(int bits, TechnologyNode node) => Kind == AdcKind.Flash
        ? ((1 << bits) - 1) * ReferenceAreaUm2 * 1e-12
        : node.ScaleArea(ReferenceAreaUm2 * 1e-12 * 0.5 * (1 + Math.Pow(2, bits - ReferenceBits)), ReferenceNodeNm);
}
