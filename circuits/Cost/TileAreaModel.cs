namespace Xbar.Circuits.Cost;

/// <summary>
/// Area of one tile (m^2): R x C cells of the cell type's footprint (<see cref="CostCells"/>), a
/// driver per word line (amplitude DAC or pulse-width driver, <see cref="PeripheryFigures"/>), a
/// TIA or integrator per column, ceil(C / k) ADCs when k columns share one through a multiplexer
/// (<see cref="AdcModel"/>), and one shift-and-add per ADC. Wiring and multiplexer area are not
/// counted (our assumption: they fit under the blocks they connect).
/// </summary>
public static class TileAreaModel
{
    public static TileArea Of(TileCostConfig config) => Of(config, config.Conv.Bits, config.Conv.Kind);

    public static TileArea Of(TileCostConfig config, int adcBits, AdcKind kind)
    {
        config.Validate();
        var tech = config.Tech;
        var cell = config.Cell;
        int m = config.Arr.Rows, n = config.Arr.Cols, adcs = (n + config.Conv.ColumnsPerAdc - 1) / config.Conv.ColumnsPerAdc;
        double f = tech.FeatureSize;
        double driver = config.In.Kind == InputEncodingKind.Amplitude
            ? PeripheryFigures.AmplitudeDac(config.In.DacBits, tech).AreaM2
            : PeripheryFigures.PulseWidthDriver(config.In.DacBits, tech).AreaM2;
        return new TileArea(
            Cells: m * n * cell.AreaF2 * f * f,
            Drivers: m * driver,
            Tia: n * config.Read.AreaUm2 * 1e-12,
            Adc: adcs * AdcModel.For(kind).Area(adcBits, tech),
            ShiftAdd: adcs * PeripheryFigures.ShiftAdd(config.Dig.AccumulatorBits, tech).AreaM2);
    }
}
