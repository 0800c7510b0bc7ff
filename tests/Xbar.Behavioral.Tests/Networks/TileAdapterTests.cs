using Xbar.Behavioral.Config;
using Xbar.Behavioral.Networks;

namespace Xbar.Behavioral.Tests.Networks;

public sealed class TileAdapterTests
{
    [Fact]
    public void When_IdealBehavioralTilesTileALayer_Expect_PlainProductWithinRounding()
    {
        var rng = new Random(3);
        var w = new double[10, 23];
        for (int o = 0; o < 10; o++) for (int i = 0; i < 23; i++) w[o, i] = rng.NextDouble() * 2 - 1;
        var x = Enumerable.Range(0, 2 * 23).Select(_ => 3 * rng.NextDouble()).ToArray(); // beyond the preset's InputMax = 1: the layer's DAC full scale is 4
        var tiled = TiledMatrix.Program(w, TileGeometry.Paper4x4, LayerTileProgrammer.Behavioral("ideal", TilePresets.Ideal(), null, new LayerTileSettings(InputMax: [4.0])), seed: 1);
        var y = new double[2 * 10];
        tiled.MultiplyBatch(x, y, 2);
        for (int s = 0; s < 2; s++)
            for (int o = 0; o < 10; o++)
            {
                double expected = 0;
                for (int i = 0; i < 23; i++) expected += w[o, i] * x[s * 23 + i];
                Assert.Equal(expected, y[s * 10 + o], 1e-9);
            }
    }
}
