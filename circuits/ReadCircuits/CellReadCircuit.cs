namespace Xbar.Circuits.ReadCircuits;

/// <summary>
/// Load-resistor sense of one cell on a bit line: a read source V_read (ramped in
/// <see cref="RiseTime"/>) drives the cell from the word-line side into the bit line, which is
/// loaded by R_L to ground and by the bit-line capacitance C_BL = n_cells x c_cell plus the
/// comparator inputs. The sensed voltage V_BL = V_read G / (G + 1/R_L) settles with
/// tau = C_BL / (G + 1/R_L), so both the signal margin and the settling time depend on the cell's
/// conductance: this is what ties read latency to the TMR.
/// </summary>
/// <remarks>
/// Defaults: V_read = 0.3 V, which leaves 0.11-0.19 V across the cell at R_L = sqrt(R_P R_AP) (STT-MRAM reads stay at
/// 0.1-0.2 V to avoid read disturb; e.g. Chun et al., IEEE JSSC 48(2), 2013); 256 cells per bit line
/// at 0.2 fF each (wire + access-device junction at a ~1 um pitch, from the ~0.2 fF/um interconnect
/// capacitance used by NeuroSim, Chen, Peng and Yu, IEEE TCAD 37(12), 2018), so C_BL = 51 fF;
/// read-source rise time 10 ps. R_L is chosen per device as sqrt(R_P R_AP), the load that maximises
/// the P/AP voltage swing of a divider.
/// </remarks>
public sealed record CellReadCircuit
{
    public double ReadVoltage { get; }
    public double LoadResistance { get; }
    public int CellsPerBitLine { get; }
    public double CapacitancePerCell { get; }
    public double RiseTime { get; }

    public CellReadCircuit(double loadResistance, double readVoltage = 0.3, int cellsPerBitLine = 256,
        double capacitancePerCell = 0.2e-15, double riseTime = 10e-12)
    {
        LoadResistance = ReadCircuitGuards.Positive(loadResistance, nameof(LoadResistance));
        ReadVoltage = ReadCircuitGuards.Positive(readVoltage, nameof(ReadVoltage));
        if (cellsPerBitLine < 1) throw new InvalidInputException($"CellsPerBitLine must be >= 1, got {cellsPerBitLine}.");
        CellsPerBitLine = cellsPerBitLine;
        CapacitancePerCell = ReadCircuitGuards.NonNegative(capacitancePerCell, nameof(CapacitancePerCell));
        RiseTime = ReadCircuitGuards.Positive(riseTime, nameof(RiseTime));
    }

    /// <summary>The default circuit for an MTJ of zero-bias TMR <paramref name="tmr0"/>: R_L = sqrt(R_P R_AP).</summary>
    public static CellReadCircuit ForMtj(double tmr0, double readVoltage = 0.3)
    {
        double rp = MtjReadCell.DefaultParallelResistance;
        double rap = rp * (1 + tmr0);
        return new CellReadCircuit(Math.Sqrt(rp * rap), readVoltage);
    }

    /// <summary>Bit-line wire capacitance n_cells x c_cell (F), without comparator inputs.</summary>
    public double BitLineCapacitance => CellsPerBitLine * CapacitancePerCell;

    /// <summary>
    /// The settled bit-line voltage (V) for <paramref name="cell"/>: the root of
    /// I_cell(V_read - V_BL) = V_BL / R_L, found by bisection (the left side falls and the right side
    /// rises monotonically in V_BL, so the root is unique).
    /// </summary>
    public double SenseLevel(MtjReadCell cell)
    {
        double lo = 0, hi = ReadVoltage;
        for (int it = 0; it < 200; it++)
        {
            double mid = 0.5 * (lo + hi);
            double f = cell.Current(ReadVoltage - mid) - mid / LoadResistance;
            if (f > 0) lo = mid; else hi = mid;
        }
        return 0.5 * (lo + hi);
    }
}
