namespace Xbar.Circuits.Cost;

/// <summary>
/// Puts one MVM's cost together from the array's share (energies dissipated in the drivers' output
/// resistance, the cells and the wires; settling and read times) and the periphery figures: every
/// word-line driver's static power while its row is driven (until the read for amplitude inputs,
/// the whole window for pulse width) plus its per-MVM energy, every column's TIA or integrator
/// static power until the read, one conversion per column, one accumulate per column, and the
/// conversions of the columns sharing an ADC one after another. Shared by the transient and the
/// fitted cost, so the two differ only in the array's share.
/// </summary>
internal static class MvmCostAssembly
{
    public static MvmCost Assemble(TileCostConfig c, int bits, AdcKind kind, double driversArray, double cells, double wires,
        double tArray, double tRead)
    {
        bool amplitude = c.In.Kind == InputEncodingKind.Amplitude;
        int m = c.Arr.Rows, n = c.Arr.Cols;
        var tech = c.Tech;
        tRead = Math.Max(tRead, tArray);
        var driver = amplitude ? PeripheryFigures.AmplitudeDac(c.In.DacBits, tech) : PeripheryFigures.PulseWidthDriver(c.In.DacBits, tech);
        double driven = amplitude ? tRead : c.PulseWindow;
        var adc = AdcModel.For(kind);
        var energy = new EnergyBreakdown(
            Drivers: driversArray + m * (driver.StaticPowerW * driven + driver.EnergyPerMvmJ),
            Cells: cells,
            Wires: wires,
            Tia: n * c.Read.QuiescentA * tech.SupplyV * tRead,
            Adc: n * adc.EnergyPerConversion(bits),
            ShiftAdd: n * PeripheryFigures.ShiftAdd(c.Dig.AccumulatorBits, tech).EnergyJ);
        return new MvmCost(energy, new LatencyBreakdown(tArray, tRead - tArray, c.Conv.ColumnsPerAdc * adc.ConversionTime(bits)));
    }
}
