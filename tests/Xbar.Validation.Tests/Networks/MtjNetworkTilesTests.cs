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
        var programmer = MtjNetworkTiles.Behavioral("quantization only", config, [1.0], null, rule);
        var layer = TiledMatrix.Program(w, MtjNetworkTiles.Geometry(config), programmer, layer: 0, seed: 1);
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
}
