using System.Globalization;
using Xbar.Behavioral.Calibration;
using Xbar.Behavioral.Mapping;
using Xbar.Behavioral.Networks;
using Xbar.Behavioral.Networks.Graph;

namespace Xbar.Validation.Networks;

/// <summary>
/// The tile programmer of a graph on <see cref="CellSlicing"/> cells with per-layer digital settings measured on
/// training images by the float graph, shared by <c>xbar run --cell-bits</c> and <c>xbar study resnet18</c>: the
/// DAC full scale (largest |input| of the layer, given), the weight clip and a column ADC full scale holding a
/// quantile of the layer's tile partial sums. Sliced weights fit that ADC range per slice, because each slice's
/// digits spread differently (the most significant slice of an 8-bit weight is mostly zeros; docs/bit-slicing.md
/// shows why its range must then hold its largest partial sums).
/// </summary>
public static class MeasuredProgrammer
{
    /// <summary>What the programmer was built with, for reports: one row of ADC fractions (of the worst-case column current) per slice (one row unsliced).</summary>
    public sealed record Settings(double[] LayerClips, double[][] AdcFractions);

    /// <param name="adcQuantile">Share of the partial sums the ADC range holds (1 = the largest); null = no fitted range (each tile's own full scale).</param>
    /// <param name="correction">Per-column correction inputs of every tile (<see cref="ColumnCorrectedProgrammer"/>), or none.</param>
    public static (ITileProgrammer Programmer, Settings Settings) Create(NetworkGraph graph, CellSlicing cells, TileCalibration? calib, double[] inputMax,
        GraphExecutor floatExec, double[] xRange, int rangeCount, int batch, double? adcQuantile, WeightClipRule clipRule,
        Func<TileContext, int, CorrectionInputs>? correction, Action<string> log)
    {
        ITileProgrammer Corrected(ITileProgrammer p) => correction is null ? p : new ColumnCorrectedProgrammer(p, correction);
        var config = cells.Config;
        string name = config.Name ?? "tile";
        int rows = cells.Geometry.Inputs;
        if (cells.Slicing is null)
        {
            var measured = MeasuredLayerSettings.Measure(inputMax, floatExec, xRange, rangeCount, config, cells.Geometry, clipRule,
                fitAdc: adcQuantile is not null, rangeCount, batch, adcQuantile ?? MeasuredLayerSettings.AdcRangeQuantile);
            return (Corrected(LayerTileProgrammer.Behavioral(name, config, calib, measured.Settings)),
                new Settings(measured.Clips, measured.AdcFractions is { } f ? [f] : []));
        }

        // Slices: the clip from the whole layer, then each slice's digit matrices give that slice's partial sums.
        var cellsProgrammer = LayerTileProgrammer.Behavioral(name, config, calib, new LayerTileSettings(inputMax, WeightClipRule.Max));
        var sliced = BitSlicedProgrammer.OnTiles(cellsProgrammer, cells.Slicing.WeightBits, clipRule);
        var layerClip = LayerRanges.WeightClips(graph, sliced);
        if (adcQuantile is not { } quantile)
            return (BitSlicedProgrammer.OnTiles(cellsProgrammer, cells.Slicing.WeightBits, clipRule, wrap: Corrected), new Settings(layerClip, []));
        var ones = Enumerable.Repeat(1.0, graph.WeightNodes.Count).ToArray();
        var fractions = new double[cells.Slicing.Slices][];
        for (int s = 0; s < fractions.Length; s++)
        {
            var digits = new double[graph.WeightNodes.Count][];
            fractions[s] = LayerRanges.LayerPartialSumFraction(floatExec, xRange, rangeCount, rows, inputMax, ones, quantile, rangeCount, batch,
                l => digits[l] ??= sliced.SliceWeights(graph.Layer(l), layerClip[l], s));
            log($"{name}: ADC range of slice {s} fitted ({string.Join(", ", fractions[s].Take(4).Select(f => f.ToString("G3", CultureInfo.InvariantCulture)))}, ... of the worst case)");
        }
        var programmer = BitSlicedProgrammer.OnTiles(cellsProgrammer, cells.Slicing.WeightBits, clipRule,
            (layer, slice, cfg) => LayerRanges.FittedAdcRange(fractions[slice])(layer, cfg), Corrected);
        return (programmer, new Settings(layerClip, fractions));
    }
}
