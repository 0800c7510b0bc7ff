namespace Xbar.Circuits.Cost;

/// <summary>
/// Published figures of the digital and mixed-signal periphery around a crossbar, each with its
/// source, and how they are brought to the tile's node.
/// </summary>
public static class PeripheryFigures
{
    /// <summary>
    /// One 1-bit DAC (word-line driver) of ISAAC (Shafiee et al., ISCA 2016, Table I: 8 x 128 DACs,
    /// 4 mW and 0.00017 mm^2 at 32 nm): 3.9 uW while it drives its row, 0.166 um^2.
    /// </summary>
    public const double OneBitDacPowerW = 4e-3 / 1024;
    public const double OneBitDacAreaUm2 = 0.00017e6 / 1024;
    public const double IsaacNodeNm = 32;

    /// <summary>
    /// Integer adders at 45 nm, 0.9 V (M. Horowitz, "Computing's energy problem (and what we can do
    /// about it)", ISSCC 2014, Fig. 1.1.9): 8-bit add 0.03 pJ and 36 um^2, 32-bit add 0.1 pJ and
    /// 137 um^2; other widths linear between (our assumption).
    /// </summary>
    public const double HorowitzNodeNm = 45;

    /// <summary>Energy of one <paramref name="bits"/>-wide add at 45 nm (J).</summary>
    public static double AdderEnergy45(int bits) => (0.03 + (bits - 8) * (0.1 - 0.03) / 24) * 1e-12;

    /// <summary>Area of one <paramref name="bits"/>-wide adder at 45 nm (m^2).</summary>
    public static double AdderArea45(int bits) => (36 + (bits - 8) * (137 - 36) / 24.0) * 1e-12;

    /// <summary>
    /// Amplitude DAC of <paramref name="bits"/> bits per word line: the static power of that many
    /// ISAAC 1-bit drivers while the row is driven, and the area of 2^bits unit cells (a
    /// unit-element DAC); both extrapolated from ISAAC's 1-bit DAC (our assumption), area scaled from 32 nm.
    /// </summary>
    public static DriverFigures AmplitudeDac(int bits, TechnologyNode node) =>
        new(bits * OneBitDacPowerW, 0, node.ScaleArea(Math.Pow(2, bits) * OneBitDacAreaUm2 * 1e-12, IsaacNodeNm));

    /// <summary>
    /// Pulse-width driver: one ISAAC 1-bit driver per word line plus a <paramref name="bits"/>-bit
    /// comparator against a shared counter, evaluated every clock of the 2^bits-step window (a
    /// comparator costs what an adder of its width does; our assumption).
    /// </summary>
    public static DriverFigures PulseWidthDriver(int bits, TechnologyNode node) =>
        new(OneBitDacPowerW, Math.Pow(2, bits) * node.ScaleEnergy(AdderEnergy45(bits), HorowitzNodeNm),
            node.ScaleArea(OneBitDacAreaUm2 * 1e-12, IsaacNodeNm) + node.ScaleArea(AdderArea45(bits), HorowitzNodeNm));

    /// <summary>The shift-and-add of one column output into a <paramref name="bits"/>-wide accumulator (J, m^2).</summary>
    public static (double EnergyJ, double AreaM2) ShiftAdd(int bits, TechnologyNode node) =>
        (node.ScaleEnergy(AdderEnergy45(bits), HorowitzNodeNm), node.ScaleArea(AdderArea45(bits), HorowitzNodeNm));
}

/// <summary>What one word-line driver costs: static power while its row is driven (W), energy per MVM on top (J), area (m^2).</summary>
public sealed record DriverFigures(double StaticPowerW, double EnergyPerMvmJ, double AreaM2);

