namespace Xbar.Circuits.Cost;

/// <summary>
/// Energy of one tile MVM by part (J): word-line drivers (DACs or pulse drivers and their output
/// resistance), cells, wires (resistive loss plus the lines' capacitive energy, dissipated when
/// they discharge), column TIAs or integrators, ADCs, and the digital shift-and-add.
/// </summary>
public sealed record EnergyBreakdown(double Drivers, double Cells, double Wires, double Tia, double Adc, double ShiftAdd)
{
    public double Total => Drivers + Cells + Wires + Tia + Adc + ShiftAdd;

    /// <summary>Part names and values in a fixed order (for tables, CSV and exports).</summary>
    public IReadOnlyList<(string Part, double Joules)> Parts =>
    [
        ("drivers", Drivers), ("cells", Cells), ("wires", Wires), ("tia", Tia), ("adc", Adc), ("shift_add", ShiftAdd),
    ];

    public EnergyBreakdown Scale(double factor) =>
        new(Drivers * factor, Cells * factor, Wires * factor, Tia * factor, Adc * factor, ShiftAdd * factor);
}

/// <summary>
/// Latency of one tile MVM (s): the array (inputs applied until every column current is within
/// half an LSB of its final value), the read-out (until every TIA or integrator output is), and the
/// conversion of every column by the shared ADCs.
/// </summary>
public sealed record LatencyBreakdown(double Array, double Readout, double Conversion)
{
    public double Total => Array + Readout + Conversion;
}

/// <summary>Energy and latency of one tile MVM.</summary>
public sealed record MvmCost(EnergyBreakdown Energy, LatencyBreakdown Latency)
{
    /// <summary>Energy-delay product (J s).</summary>
    public double EnergyDelay => Energy.Total * Latency.Total;
}

/// <summary>Area of one tile by part (m^2).</summary>
public sealed record TileArea(double Cells, double Drivers, double Tia, double Adc, double ShiftAdd)
{
    public double Total => Cells + Drivers + Tia + Adc + ShiftAdd;

    public IReadOnlyList<(string Part, double SquareMeters)> Parts =>
    [
        ("cells", Cells), ("drivers", Drivers), ("tia", Tia), ("adc", Adc), ("shift_add", ShiftAdd),
    ];
}
