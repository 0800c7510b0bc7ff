namespace Xbar.Circuits.ReadCircuits;

/// <summary>
/// One design point of the cell-read study: an MTJ of zero-bias TMR <see cref="Tmr0"/> programmed
/// to <see cref="States"/> states, read by a <see cref="Bits"/>-bit flash ADC whose references sit
/// halfway between the nominal sense levels, over <see cref="McRuns"/> Monte Carlo draws (0 = the
/// nominal design once, no variability).
/// </summary>
public sealed record CellReadPoint(double Tmr0, int States, int Bits, int McRuns)
{
    public double Tmr0 { get; } = ReadCircuitGuards.NonNegative(Tmr0, nameof(Tmr0));
    public int States { get; } = States >= 2 ? States : throw new InvalidInputException($"states must be >= 2, got {States}.");
    public int Bits { get; } = ValidBits(Bits, States);
    public int McRuns { get; } = McRuns >= 0 ? McRuns : throw new InvalidInputException($"mc runs must be >= 0, got {McRuns}.");

    private static int ValidBits(int bits, int states)
    {
        FlashAdcDesign.ValidateBits(bits);
        if (states > (1 << bits))
            throw new InvalidInputException($"A {bits}-bit flash ADC resolves at most {1 << bits} states, got states = {states}.");
        return bits;
    }

    /// <summary>
    /// The sense circuit: a fixed periphery whose R_L = sqrt(R_P R_AP) is designed for an MTJ of TMR
    /// <paramref name="designTmr"/> (default 1.74), so a sweep compares devices on the same circuit;
    /// only the ADC references follow the device (they are trimmed to its levels).
    /// </summary>
    public CellReadCircuit Circuit(double readVoltage = 0.3, double designTmr = MtjReadCell.DefaultTmr0) =>
        CellReadCircuit.ForMtj(designTmr, readVoltage);

    /// <summary>
    /// The ADC with references trimmed between the nominal sense levels of the states: at the
    /// midpoints without <paramref name="variability"/>, else at the equal-risk points of
    /// <see cref="FlashAdcDesign.EqualRiskThresholds"/> given each state's expected spread
    /// (<see cref="LevelSigmas"/>) combined with the comparator offset and ladder mismatch.
    /// </summary>
    public FlashAdcDesign Adc(CellReadCircuit circuit, ComparatorModel? comparator = null, ReadVariability? variability = null)
    {
        var levels = Enumerable.Range(0, States).Select(k => circuit.SenseLevel(MtjReadCell.Nominal(k, States, Tmr0))).ToArray();
        if (variability is null) return new FlashAdcDesign(Bits, FlashAdcDesign.MidpointThresholds(Bits, levels), comparator);
        var cell = LevelSigmas(circuit, variability);
        var sigmas = levels.Select((l, k) => Math.Sqrt(cell[k] * cell[k] + variability.ComparatorOffsetSigma * variability.ComparatorOffsetSigma
            + Math.Pow(variability.LadderMismatchSigma * l, 2))).ToArray();
        return new FlashAdcDesign(Bits, FlashAdcDesign.EqualRiskThresholds(Bits, levels, sigmas), comparator);
    }

    /// <summary>
    /// Standard deviation (V) of each state's sense level from the cell's variability, to first
    /// order: central differences of the sense level in ln R_P, ln TMR0 and x, times their sigmas,
    /// added in quadrature.
    /// </summary>
    public double[] LevelSigmas(CellReadCircuit circuit, ReadVariability variability)
    {
        const double h = 1e-4;
        double gp0 = 1.0 / MtjReadCell.DefaultParallelResistance;
        var result = new double[States];
        for (int k = 0; k < States; k++)
        {
            double x = k / (double)(States - 1);
            double V(double lnR, double lnT, double dx) => circuit.SenseLevel(new MtjReadCell(
                gp0 * Math.Exp(-lnR), Tmr0 * Math.Exp(lnT), MtjReadCell.DefaultHalfBiasVoltage, x + dx));
            double dR = (V(h, 0, 0) - V(-h, 0, 0)) / (2 * h) * variability.SigmaLnResistance;
            double dT = (V(0, h, 0) - V(0, -h, 0)) / (2 * h) * variability.SigmaLnTmr;
            double dX = (V(0, 0, h) - V(0, 0, -h)) / (2 * h) * variability.ProgrammingSigma(x);
            result[k] = Math.Sqrt(dR * dR + dT * dT + dX * dX);
        }
        return result;
    }
}

/// <summary>
/// Result of one design point: mean read latency (the worst state of a draw, averaged over draws;
/// the read clock must wait for it), mean energy per read (every source, integrated over that read
/// period, averaged over states and draws), and the fraction of reads whose settled code differs
/// from the programmed state (unsettled reads count as errors).
/// </summary>
public sealed record CellReadResult(double Tmr0, int States, int Bits, double LatencyNs, double EnergyFj, double CodeErrorRate, int McRuns);
