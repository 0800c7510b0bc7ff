using Xbar.Behavioral.Config;
using Xbar.Circuits.Cost;
using Xbar.Validation.Networks;

namespace Xbar.Validation.Cost;

/// <summary>
/// The price of one read of the tile a network is mapped on, in the units the map counts (docs/cost.md,
/// "Per network"): the analog parts of a whole-tile MVM (every word-line driver, the cells, the wires,
/// every bit line's TIA) per tile read, and the ADC and shift-and-add per conversion. The per-tile cost
/// model converts every cell column; a network's tile converts only its weight columns (a differential
/// pair's two currents are subtracted before one conversion, as <see cref="Behavioral.Mapping.TileMapper"/>
/// counts them), so conversions are priced one by one and a tile carries one ADC (and shift-and-add) per
/// <see cref="AdcCostConfig.ColumnsPerAdc"/> weight columns.
/// </summary>
/// <param name="Tile">The cost config of the tile (array, cell, encoding, DAC and ADC from the network's tile config).</param>
/// <param name="PerRead">One whole-tile MVM from the per-tile cost model (every cell column converted).</param>
/// <param name="Area">Area of one tile, with the ADCs and shift-and-adds of its <paramref name="ConvertedColumns"/>.</param>
/// <param name="ConvertedColumns">Weight columns per tile: conversions per tile read.</param>
public sealed record NetworkTileCost(TileCostConfig Tile, MvmCost PerRead, TileArea Area, int ConvertedColumns)
{
    /// <summary>Energy of one ADC conversion (J): the per-tile model's ADC energy over its columns.</summary>
    public double AdcPerConversion => PerRead.Energy.Adc / Tile.Arr.Cols;

    /// <summary>Energy of one accumulate into the shift-and-add (J), one per conversion.</summary>
    public double ShiftAddPerConversion => PerRead.Energy.ShiftAdd / Tile.Arr.Cols;

    /// <summary>Energy of one tile read by part (J): the analog parts of the whole tile, and <see cref="ConvertedColumns"/> conversions and accumulates.</summary>
    public EnergyBreakdown EnergyPerRead => PerRead.Energy with
    {
        Adc = ConvertedColumns * AdcPerConversion,
        ShiftAdd = ConvertedColumns * ShiftAddPerConversion,
    };

    /// <summary>Prices the tile of <paramref name="tile"/> (converting <paramref name="convertedColumns"/> columns per read) with <paramref name="model"/>.</summary>
    public static NetworkTileCost Of(ITileCostModel model, TileCostConfig tile, int convertedColumns, InputStatistics inputs)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (convertedColumns < 1 || convertedColumns > tile.Arr.Cols)
            throw new ArgumentOutOfRangeException(nameof(convertedColumns), $"a {tile.Arr.Cols}-column tile converts 1..{tile.Arr.Cols} columns (got {convertedColumns})");
        var area = model.Area(tile);
        int k = tile.Conv.ColumnsPerAdc;
        double share = ((convertedColumns + k - 1) / k) / (double)((tile.Arr.Cols + k - 1) / k);
        return new NetworkTileCost(tile, model.Mvm(tile, inputs), area with { Adc = area.Adc * share, ShiftAdd = area.ShiftAdd * share }, convertedColumns);
    }

    /// <summary>
    /// The cost config of a network's tile: <paramref name="base"/> (technology, driver, read-out, ADC type and
    /// columns per ADC, accumulator) with the array size, cell, read voltage, input encoding, DAC bits and ADC
    /// bits of <paramref name="tile"/> (a tile config without DAC or ADC bits keeps the base's).
    /// </summary>
    public static TileCostConfig For(TileConfig tile, TileCostConfig @base)
    {
        string name = tile.Name ?? "the tile";
        string cell = MapTileJson.CostCellOf(tile.Device)
            ?? throw new InvalidInputException($"{name}: no cost cell for a {tile.Device.Kind.ToString().ToLowerInvariant()} device with {tile.Device.States} states (priced: 2- and 4-state MTJ, RRAM, PCM)");
        string encoding = tile.Input.Encoding switch
        {
            InputEncoding.Amplitude => "amplitude",
            InputEncoding.PulseWidth => "pulse-width",
            _ => throw new InvalidInputException($"{name}: input.encoding {tile.Input.Encoding.ToString().ToLowerInvariant()} is not priced by the tile cost model (amplitude or pulse-width)"),
        };
        return (@base with
        {
            Array = @base.Arr with
            {
                Rows = tile.Array.Rows,
                Cols = tile.Array.Cols,
                Cell = cell,
                States = tile.Device.Kind == DeviceKind.Mtj ? null : tile.Device.States,
                ReadVoltageV = tile.Input.ReadVoltageV,
            },
            Input = @base.In with { Encoding = encoding, DacBits = tile.Input.DacBits ?? @base.In.DacBits },
            Adc = @base.Conv with { Bits = tile.Output.AdcBits ?? @base.Conv.Bits },
        }).Validate();
    }
}
