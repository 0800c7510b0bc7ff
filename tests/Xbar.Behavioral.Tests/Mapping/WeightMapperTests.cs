using Xbar.Behavioral.Config;
using Xbar.Behavioral.Mapping;
using Xbar.Behavioral.Networks;
using Xbar.Behavioral.Networks.Graph;
using Xbar.Behavioral.Networks.Graph.Operations;

namespace Xbar.Behavioral.Tests.Mapping;

public sealed class WeightMapperTests
{
    private const double GLow = 100e-6, GHigh = 300e-6;

    /// <summary>Laplace-distributed weights (heavy tails, as trained layers have): k-means puts its top level well below max |w|.</summary>
    private static double[,] Laplace(int rows, int cols, Random rng, double scale = 0.1)
    {
        var w = new double[rows, cols];
        for (int r = 0; r < rows; r++)
            for (int c = 0; c < cols; c++)
            {
                double u = rng.NextDouble() - 0.5;
                w[r, c] = -scale * Math.Sign(u) * Math.Log(1 - 2 * Math.Abs(u));
            }
        return w;
    }

    [Fact]
    public void When_KMeansWithAGivenClip_Expect_TheClipOnTheTopStateLikeUniformLevels()
    {
        var w = Laplace(8, 16, new Random(1));
        const double clip = 0.5;
        var kmeans = WeightMapper.Map(w, new MappingConfig(Quantization: QuantizationKind.KMeans, WeightClip: clip), 4, GLow, GHigh);
        var uniform = WeightMapper.Map(w, new MappingConfig(Quantization: QuantizationKind.Uniform, WeightClip: clip), 4, GLow, GHigh);
        // One weight-per-siemens scale for every tile given the clip, whatever its levels.
        Assert.Equal(clip / (GHigh - GLow), kmeans.WeightPerSiemens, 15);
        Assert.Equal(uniform.WeightPerSiemens, kmeans.WeightPerSiemens, 15);
        // Every cell's conductance is the quantized weight on that scale.
        for (int o = 0; o < 8; o++)
            for (int i = 0; i < 16; i++)
            {
                double g = kmeans.Conductance[i, kmeans.PlusColumn[o]] - kmeans.Conductance[i, kmeans.MinusColumn[o]];
                Assert.Equal(kmeans.QuantizedWeights[o, i], g * kmeans.WeightPerSiemens, 12);
            }
        Assert.True(kmeans.LevelFractions[^1] < 1, "k-means's top level is below the clip on these weights");
    }

    [Fact]
    public void When_TheTopClusterIsAllClippedWeights_Expect_KMeansLevelsWithinTheWindowAndAProgrammableTile()
    {
        // 1,000 magnitudes clipped at c = 0.3 make the top cluster: their mean, summed in order, is 0.30000000000000565.
        var rng = new Random(5);
        var w = new double[32, 64];
        for (int k = 0; k < 2048; k++) w[k / 64, k % 64] = k < 1000 ? (k % 2 == 0 ? 0.9 : -0.9) : 0.05 * rng.NextDouble();
        var config = TilePresets.Get("mtj4") with { Mapping = new MappingConfig(Quantization: QuantizationKind.KMeans, WeightClip: 0.3) };
        var m = WeightMapper.Map(w, config.Mapping, 4, GLow, GHigh);
        Assert.All(m.LevelFractions, f => Assert.InRange(f, 0, 1));
        var tile = Xbar.Behavioral.Tiles.BehavioralTile.Program(config, w, seed: 1);
        Assert.Equal(32, tile.Outputs);
    }

    [Fact]
    public void When_KMeansWithoutAClip_Expect_TheTopLevelOnTheTopState()
    {
        var w = Laplace(8, 16, new Random(2));
        var m = WeightMapper.Map(w, new MappingConfig(Quantization: QuantizationKind.KMeans), 4, GLow, GHigh);
        Assert.Equal(1.0, m.LevelFractions[^1]);
        double top = 0;
        foreach (double q in m.QuantizedWeights) top = Math.Max(top, Math.Abs(q));
        Assert.Equal(top / (GHigh - GLow), m.WeightPerSiemens, 15);
    }

    /// <summary>
    /// The bug behind "mtj4 tiles give about 0.45x the float outputs" (part of it): a layer's column ADC
    /// range is fitted to its partial sums with the layer's clip on the top state, but each k-means tile put
    /// its own top level there, so its currents were larger by clip / top level and saturated the ADC.
    /// With the full scale at the largest partial sum (plus margin), no conversion may saturate: the tiles
    /// then match the same tiles read without an ADC to within one step per block.
    /// </summary>
    [Fact]
    public void When_KMeansLayerHasAFittedAdcRange_Expect_NoSaturation()
    {
        var rng = new Random(3);
        const int outs = 32, ins = 256, tileRows = 64;
        var w = Laplace(outs, ins, rng);
        var flat = new double[outs * ins];
        Buffer.BlockCopy(w, 0, flat, 0, flat.Length * sizeof(double));
        var b = new GraphBuilder("layer");
        var graph = b.Output(b.Add(new Dense(flat, outs, ins), b.Input("x", ins))).Build();
        int n = 40;
        var x = Enumerable.Range(0, n * ins).Select(_ => rng.NextDouble()).ToArray();
        var floatExec = new GraphExecutor(graph, FloatBackend.Instance);
        var config = TilePresets.Ideal() with
        {
            Array = new ArrayConfig(Rows: tileRows, Cols: 32, WireROhm: 0),
            Device = new DeviceConfig(Kind: DeviceKind.Linear, States: 4, GMinS: GLow, GMaxS: GHigh),
            Mapping = new MappingConfig(Quantization: QuantizationKind.KMeans),
            Output = new OutputConfig(AdcBits: 8),
        };
        var inputMax = LayerRanges.LayerInputMax(floatExec, x, n);
        var settings = new LayerTileSettings(inputMax, WeightClipRule.Max);
        var clips = LayerRanges.WeightClips(graph, LayerTileProgrammer.Behavioral("clip", config, null, settings));
        const double margin = 1.25;
        var fraction = LayerRanges.LayerPartialSumFraction(floatExec, x, n, tileRows, inputMax, clips, quantile: 1.0)
            .Select(f => Math.Min(1, margin * f)).ToArray();
        var geometry = new TileGeometry(tileRows, 16);
        GraphExecutor Tiles(TileConfig cfg, Func<int, TileConfig, TileConfig>? perLayer) =>
            new(graph, new TileBackend(LayerTileProgrammer.Behavioral("t", cfg, null, settings with { PerLayer = perLayer }), geometry, seed: 5));
        var withAdc = Tiles(config, LayerRanges.FittedAdcRange(fraction)).Run(x, n).Data;
        var noAdc = Tiles(config with { Output = new OutputConfig() }, null).Run(x, n).Data;
        // The ADC's full scale in weight x input units, and its step (range / 2^(bits - 1)).
        double range = fraction[0] * tileRows * clips[0] * inputMax[0];
        double step = range / 128;
        int blocks = ins / tileRows;
        for (int k = 0; k < withAdc.Length; k++)
            Assert.True(Math.Abs(withAdc[k] - noAdc[k]) <= blocks * step,
                $"output {k}: {withAdc[k]} with the ADC, {noAdc[k]} without: more than {blocks} steps of {step} apart (saturated)");
    }
}
