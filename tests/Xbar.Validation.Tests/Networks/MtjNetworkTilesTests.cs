using MathNet.Numerics.Distributions;
using Xbar.Behavioral.Mapping;
using Xbar.Behavioral.Networks;
using Xbar.Validation.Networks;

namespace Xbar.Validation.Tests.Networks;

public sealed class MtjNetworkTilesTests
{
    /// <summary>Effective weights of a programmed layer, read column by column with unit inputs.</summary>
    private static double[,] Effective(TiledMatrix m)
    {
        var w = new double[m.Outputs, m.Inputs];
        var x = new double[m.Inputs];
        var y = new double[m.Outputs];
        for (int j = 0; j < m.Inputs; j++)
        {
            Array.Clear(x);
            x[j] = 1;
            m.Multiply(x, y);
            for (int o = 0; o < m.Outputs; o++) w[o, j] = y[o];
        }
        return w;
    }

    [Theory]
    [InlineData(WeightClipRule.MinimumMse)]
    [InlineData(WeightClipRule.Max)]
    public void When_LayerIsProgrammedWithQuantizationOnly_Expect_EveryTileRealizesTheLayersFourLevels(WeightClipRule rule)
    {
        var rng = new Random(11);
        var w = new double[8, 12];
        for (int o = 0; o < 8; o++) for (int i = 0; i < 12; i++) w[o, i] = Normal.Sample(rng, 0, 0.3);
        var config = MtjNetworkTiles.QuantizationOnly(MtjNetworkTiles.Full(4, 8, 50, 50));
        var programmer = LayerTileProgrammer.Behavioral("quantization only", config, null, new LayerTileSettings([1.0], rule));
        var layer = TiledMatrix.Program(w, TileGeometry.Of(config), programmer, layer: 0, seed: 1);
        double clip = WeightClipChooser.Choose(w.Cast<double>(), WeightClipChooser.UniformFractions(4), rule);
        double maxAbs = w.Cast<double>().Max(Math.Abs);
        if (rule == WeightClipRule.Max) Assert.Equal(maxAbs, clip);
        else Assert.InRange(clip, 0.3 * maxAbs, 0.95 * maxAbs);

        var q = Effective(layer);
        for (int o = 0; o < 8; o++)
            for (int i = 0; i < 12; i++)
            {
                // The nearest of 0, c/3, 2c/3, c to min(|w|, c), with the weight's sign: the same grid in all 6 tiles.
                double expected = Math.Sign(w[o, i]) * clip / 3 * Math.Round(Math.Min(Math.Abs(w[o, i]), clip) / clip * 3);
                Assert.Equal(expected, q[o, i], 1e-9 * clip);
            }
    }

    [Fact]
    public void When_PartialSumsAreKnown_Expect_TheirQuantileAsAFractionOfTheWorstCase()
    {
        // One tile of 2 rows, w = (0.5, -1), clip 1, DAC full scale 1: |sum w x| / 2 for the four samples
        // (1, 1) -> 0.25, (1, 0) -> 0.25, (0, 1) -> 0.5, (0.2, 0) -> 0.05.
        var net = new Xbar.Behavioral.Training.Mlp([new Xbar.Behavioral.Training.DenseLayer(2, 1, [0.5, -1.0], [0.0])],
            Xbar.Behavioral.Training.Activation.Relu, Xbar.Behavioral.Training.OutputKind.Sigmoid);
        var data = new Xbar.Behavioral.Data.LabeledImages([1, 1, 1, 0, 0, 1, 0.2, 0], 2, [0, 1, 0, 1]);
        Assert.Equal(0.5, LayerRanges.LayerPartialSumFraction(net, data, 2, [1.0], [1.0], quantile: 1.0)[0], 12);
        Assert.Equal(0.25, LayerRanges.LayerPartialSumFraction(net, data, 2, [1.0], [1.0], quantile: 0.5)[0], 12);
        // A clip of 0.5 saturates the -1 weight: (0, 1) -> |-0.5 / 0.5| / 2 = 0.5, (1, 1) -> 0.
        Assert.Equal(0.5, LayerRanges.LayerPartialSumFraction(net, data, 2, [1.0], [0.5], quantile: 1.0)[0], 12);
        // Inputs above the DAC full scale clip at it: with full scale 0.5, (1, 0) -> 0.25 and (0.2, 0) -> 0.1; (0, 1) stays the largest.
        Assert.Equal(0.5, LayerRanges.LayerPartialSumFraction(net, data, 2, [0.5], [1.0], quantile: 1.0)[0], 12);
    }
}
