using Xbar.Behavioral.Config;
using Xbar.Behavioral.Mapping;
using Xbar.Behavioral.Networks;
using Xbar.Devices.Mtj;
using Xbar.Devices.NonIdealities;

namespace Xbar.Validation.Demo;

/// <summary>
/// The tiles and table rows of the demo's error split (Moureaux 2026): quantization alone on ohmic
/// cells, each resistance offset alone on the reference MTJ tile (unquantized), the circuit (IR drop,
/// TMR(V), converters) on the calibrated tile without offsets, and everything on the calibrated tile.
/// </summary>
internal static class DemoErrorSplit
{
    /// <summary>The rows, in table order.</summary>
    public static readonly ErrorSource[] Sources =
        [ErrorSource.Quantization, ErrorSource.Systematic, ErrorSource.Random, ErrorSource.Circuit, ErrorSource.All];

    /// <summary>The demo tile with sigma_NL = sigma_perp = 0 (a new physics hash, so it gets its own calibration).</summary>
    public static TileConfig WithoutOffsets(TileConfig full) =>
        (full with { Device = full.Device with { SigmaNlOhm = 0, SigmaPerpOhm = 0 }, Name = full.Name + "-no-offsets" }).Validate();

    /// <summary>The tile programmer for each row; the offset rows use the reference MTJ tile with the demo's cell and offsets.</summary>
    public static Func<ErrorSource, ITileProgrammer> Tiles(DemoOptions options, TileConfig full, double[] inputMax,
        ITileProgrammer quantizationOnly, ITileProgrammer all, ITileProgrammer circuit)
    {
        var reference = new ReferenceMtjTileOptions
        {
            Clip = options.WeightClip,
            Cell = new MtjParameters { States = full.Device.States, ResistanceParallel = full.Device.RpOhm, Tmr0 = full.Device.Tmr0 },
            Offsets = new StateOffsets { SigmaNl = full.Device.SigmaNlOhm, SigmaPerp = full.Device.SigmaPerpOhm },
        };
        return s => s switch
        {
            ErrorSource.Quantization => quantizationOnly,
            ErrorSource.Circuit => circuit,
            ErrorSource.All => all,
            _ => new ReferenceMtjTileProgrammer(reference.Only(s), options.Seed),
        };
    }

    /// <summary>The rows as summary.json holds them, each with the tile model that produced it.</summary>
    public static List<DemoSplitRow> Rows(ErrorSplitResult es) => es.Rows.Select(r => new DemoSplitRow(
        r.Source.ToString().ToLowerInvariant(),
        r.Source switch
        {
            ErrorSource.Quantization => "ohmic cells on the MTJ's low-bias window: 4 uniform levels shared per layer (same clip as all), no offsets, ideal wires and converters",
            ErrorSource.Circuit => "calibrated behavioral tile without offsets: quantization + IR drop + MTJ TMR(V) + 8-bit DAC/ADC (read against the quantization row)",
            ErrorSource.All => "calibrated behavioral tile: quantization + offsets + IR drop + MTJ TMR(V) + 8-bit DAC/ADC",
            _ => "reference MTJ tile (behavioral/Networks), unquantized, this offset only",
        },
        DemoSummary.Percent(r.Accuracy), r.LayerRmse, r.LayerRelativeRmse)).ToList();
}
