namespace Xbar.Circuits.ReadCircuits;

/// <summary>
/// Monte Carlo variability of a cell read: comparator input offset (sigma, V), ladder segment
/// mismatch (sigma, relative), the cell's device-to-device spread of R_P (sigma, relative; scales
/// G_P and G_AP together, as an RA spread does) and the programming error of the parallel fraction
/// x of each state (sigma, absolute in x: 0.01 = 1 % of the P-AP conductance window).
/// </summary>
/// <remarks>
/// Defaults: comparator offset 2 mV (Pelgrom mismatch A_VT ~ 3.5 mV um on an input pair of
/// W L ~ 3 um^2; Kinget, IEEE JSSC 40(6), 2005); ladder mismatch 0.5 % (poly / diffusion resistor
/// matching of 0.1-1 % for unit resistors of a few um^2, same source); R_P spread 2 % (pMTJ arrays
/// report RA / R_P spreads of 1-3 % after process optimisation) and programming error sigma_x = 0.01
/// (a write-verify loop stops within ~1 % of the window). These are the circuits' own defaults;
/// pass the devices model's numbers when they differ.
/// </remarks>
public sealed record ReadVariability(
    double ComparatorOffsetSigma = 2e-3,
    double LadderMismatchSigma = 0.005,
    double ParallelResistanceSigma = 0.02,
    double ProgrammingErrorSigma = 0.01)
{
    public double ComparatorOffsetSigma { get; } = ReadCircuitGuards.NonNegative(ComparatorOffsetSigma, nameof(ComparatorOffsetSigma));
    public double LadderMismatchSigma { get; } = ReadCircuitGuards.NonNegative(LadderMismatchSigma, nameof(LadderMismatchSigma));
    public double ParallelResistanceSigma { get; } = ReadCircuitGuards.NonNegative(ParallelResistanceSigma, nameof(ParallelResistanceSigma));
    public double ProgrammingErrorSigma { get; } = ReadCircuitGuards.NonNegative(ProgrammingErrorSigma, nameof(ProgrammingErrorSigma));

    /// <summary>No variability at all: the nominal design.</summary>
    public static ReadVariability None { get; } = new(0, 0, 0, 0);
}
