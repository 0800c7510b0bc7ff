using Xbar.Behavioral.Config;
using Xbar.Behavioral.Mapping;
using Xbar.Behavioral.Networks;
using Xbar.Behavioral.Networks.Graph;

namespace Xbar.Validation.Networks;

/// <summary>
/// The per-layer digital settings of a graph on tiles, measured with its float graph on training
/// images (<see cref="LayerRanges"/>), as `xbar run` and the studies use them: each layer's DAC full
/// scale (largest |input|), its weight clip (chosen from the whole layer by <see cref="ClipRule"/>;
/// the QAT range for weights on fixed levels) and, for tiles with an ADC, the share of the worst-case
/// column current that 99.9 % of its tile partial sums stay under (the fitted ADC full scale).
/// </summary>
public sealed record MeasuredLayerSettings(double[] InputMax, double[] Clips, double[]? AdcFractions, WeightClipRule ClipRule)
{
    /// <summary>Share of a layer's tile partial sums that its fitted column ADC range holds (as in the demo).</summary>
    public const double AdcRangeQuantile = 0.999;

    /// <summary>The settings of a <see cref="LayerTileProgrammer"/>: DAC scale, clip rule and, when measured, the fitted ADC range.</summary>
    public LayerTileSettings Settings => new(InputMax, ClipRule, AdcFractions is { } f ? LayerRanges.FittedAdcRange(f) : null);

    /// <summary>
    /// Measures the settings of <paramref name="floatGraph"/>'s layers on the first <paramref name="count"/>
    /// samples (flat, the graph's input shape) for tiles of <paramref name="config"/> split as <paramref name="geometry"/>;
    /// the ADC fraction only when <paramref name="fitAdc"/> (on at most <paramref name="adcSamples"/> samples).
    /// </summary>
    public static MeasuredLayerSettings Measure(GraphExecutor floatGraph, double[] samples, int count, TileConfig config, TileGeometry geometry,
        WeightClipRule clipRule, bool fitAdc, int adcSamples, int batch, double adcQuantile = AdcRangeQuantile) =>
        Measure(LayerRanges.LayerInputMax(floatGraph, samples, count, batch), floatGraph, samples, count, config, geometry, clipRule, fitAdc,
            adcSamples, batch, adcQuantile);

    /// <summary>The same with each layer's DAC full scale already measured (<paramref name="inputMax"/>, shared by several configs).</summary>
    public static MeasuredLayerSettings Measure(double[] inputMax, GraphExecutor floatGraph, double[] samples, int count, TileConfig config,
        TileGeometry geometry, WeightClipRule clipRule, bool fitAdc, int adcSamples, int batch, double adcQuantile = AdcRangeQuantile)
    {
        var clips = LayerRanges.WeightClips(floatGraph.Graph, LayerTileProgrammer.Behavioral("clip", config, null, new LayerTileSettings(inputMax, clipRule)));
        var fractions = fitAdc
            ? LayerRanges.LayerPartialSumFraction(floatGraph, samples, count, geometry.Inputs, inputMax, clips, adcQuantile, adcSamples, batch)
            : null;
        return new MeasuredLayerSettings(inputMax, clips, fractions, clipRule);
    }
}
