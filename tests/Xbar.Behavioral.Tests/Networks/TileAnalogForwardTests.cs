using Xbar.Behavioral.Config;
using Xbar.Behavioral.Mapping;
using Xbar.Behavioral.Networks;
using Xbar.Behavioral.Networks.Graph;
using Xbar.Behavioral.Tests.Networks.Graph;
using Xbar.Behavioral.Training.Layers;
using Xunit.Abstractions;
using Tensor = Xbar.Behavioral.Networks.Graph.Tensor;

namespace Xbar.Behavioral.Tests.Networks;

/// <summary>The tile forward of IR-drop-aware training sees the same tiles as the network's inference graph on tiles.</summary>
public sealed class TileAnalogForwardTests(ITestOutputHelper output)
{
    /// <summary>4-state MTJ cells on 16x16 arrays (layers split over several tiles) with 1 Ohm wires and the fast IR-drop model, 8-bit DAC and ADC.</summary>
    private static TileConfig SmallMtj() => (TilePresets.Mtj4() with
    {
        Array = new ArrayConfig(16, 16, 1.0),
        Mapping = new MappingConfig(SignedMapping.Differential, QuantizationKind.Uniform),
        IrDrop = new IrDropConfig(IrDropModel.Fast),
    }).Validate();

    private static TileBackend Backend(NetworkGraph graph, double[] x, int n, TileConfig config)
    {
        var inputMax = LayerRanges.LayerInputMax(new GraphExecutor(graph, FloatBackend.Instance), x, n);
        var programmer = LayerTileProgrammer.Behavioral("mtj 16x16", config, null, new LayerTileSettings(inputMax, WeightClipRule.MinimumMse));
        return new TileBackend(programmer, new TileGeometry(config.Array.Rows, config.Array.Cols / 2), seed: 3);
    }

    [Fact]
    public void When_NetworkRunsWithTheTileForward_Expect_TheLogitsOfItsGraphOnTheSameTiles()
    {
        var net = TrainedNetworkGraphTests.Net(21);
        var graph = TrainedNetworkGraph.From(net);
        var x = TrainedNetworkGraphTests.Images(4, 22);
        var backend = Backend(graph, x, 4, SmallMtj());
        var onTiles = new GraphExecutor(graph, backend).Run(new Tensor([4, 1, 12, 12], x)).Data;
        var analog = net.Forward(x, 4, LayerContext.Inference with { Analog = new TileAnalogForward(backend) }).ToArray();
        var ideal = net.Forward(x, 4, LayerContext.Inference).ToArray();
        double diff = 0, scale = 0, fromIdeal = 0;
        for (int i = 0; i < onTiles.Length; i++)
        {
            diff = Math.Max(diff, Math.Abs(analog[i] - onTiles[i]));
            fromIdeal = Math.Max(fromIdeal, Math.Abs(ideal[i] - onTiles[i]));
            scale = Math.Max(scale, Math.Abs(onTiles[i]));
        }
        output.WriteLine($"tile forward vs graph on tiles: max relative difference {diff / scale:E2}; tiles vs ideal {fromIdeal / scale:E2}");
        Assert.True(diff / scale < 1e-12, $"max relative difference {diff / scale:E2}");
        Assert.True(fromIdeal / scale > 1e-3, "the tiles should differ visibly from the ideal product (IR drop, 4 states)");
    }
    [Fact]
    public void When_WeightsChangeBetweenRefreshes_Expect_ProgrammedTilesPlusTheIdealProductOfTheChange()
    {
        var config = SmallMtj();
        var backend = new TileBackend(LayerTileProgrammer.Behavioral("mtj 16x16", config, null, new LayerTileSettings(Clip: WeightClipRule.Max)),
            new TileGeometry(16, 8), seed: 5);
        var rng = new Random(6);
        int outputs = 12, inputs = 20, count = 7;
        double[] Rand(int n) => Enumerable.Range(0, n).Select(_ => rng.NextDouble() - 0.5).ToArray();
        var w0 = Rand(outputs * inputs);
        var x = Rand(count * inputs).Select(Math.Abs).ToArray();
        var forward = new TileAnalogForward(backend, refreshEvery: 2);
        var y0 = new double[count * outputs];
        forward.Multiply(0, "fc", w0, outputs, inputs, x, count, y0);

        // A second pass with changed weights reuses the tiles of w0: y = tile(w0) x + (w1 - w0) x.
        var w1 = w0.Select(v => v + 0.01 * (rng.NextDouble() - 0.5)).ToArray();
        var y1 = new double[count * outputs];
        forward.Multiply(0, "fc", w1, outputs, inputs, x, count, y1);
        for (int s = 0; s < count; s++)
            for (int o = 0; o < outputs; o++)
            {
                double change = 0;
                for (int i = 0; i < inputs; i++) change += (w1[o * inputs + i] - w0[o * inputs + i]) * x[s * inputs + i];
                Assert.Equal(y0[s * outputs + o] + change, y1[s * outputs + o], 12);
            }
        Assert.Equal(1, forward.Programmings);

        // The third pass reprograms with the current weights: the tiles' own output for w1, as a fresh forward gives.
        var y2 = new double[count * outputs];
        forward.Multiply(0, "fc", w1, outputs, inputs, x, count, y2);
        Assert.Equal(2, forward.Programmings);
        var fresh = new double[count * outputs];
        new TileAnalogForward(backend).Multiply(0, "fc", w1, outputs, inputs, x, count, fresh);
        Assert.Equal(fresh, y2);
        Assert.NotEqual(y1, y2);
    }

    [Fact]
    public void When_ChangeGoesThroughGains_Expect_TheChangeScaledByTheGainsFittedAtProgramming()
    {
        var config = SmallMtj();
        var backend = new TileBackend(LayerTileProgrammer.Behavioral("mtj 16x16", config, null, new LayerTileSettings(Clip: WeightClipRule.Max)),
            new TileGeometry(16, 8), seed: 5);
        var rng = new Random(7);
        int outputs = 12, inputs = 20, count = 9;
        double[] Rand(int n) => Enumerable.Range(0, n).Select(_ => rng.NextDouble() - 0.5).ToArray();
        var w0 = Rand(outputs * inputs);
        var x = Rand(count * inputs).Select(Math.Abs).ToArray();
        var forward = new TileAnalogForward(backend, refreshEvery: 2, changeThroughGains: true);
        var y0 = new double[count * outputs];
        forward.Multiply(0, "fc", w0, outputs, inputs, x, count, y0);

        // The gains by hand: least squares of the tiles' output on the ideal product, per output, over the batch.
        var gains = new double[outputs];
        for (int o = 0; o < outputs; o++)
        {
            double cross = 0, norm = 0;
            for (int s = 0; s < count; s++)
            {
                double ideal = 0;
                for (int i = 0; i < inputs; i++) ideal += w0[o * inputs + i] * x[s * inputs + i];
                cross += y0[s * outputs + o] * ideal;
                norm += ideal * ideal;
            }
            gains[o] = cross / norm;
        }
        Assert.Contains(gains, g => Math.Abs(g - 1) > 1e-3); // IR drop and 4 levels: the tiles are not ideal

        var w1 = w0.Select(v => v + 0.01 * (rng.NextDouble() - 0.5)).ToArray();
        var y1 = new double[count * outputs];
        forward.Multiply(0, "fc", w1, outputs, inputs, x, count, y1);
        for (int s = 0; s < count; s++)
            for (int o = 0; o < outputs; o++)
            {
                double change = 0;
                for (int i = 0; i < inputs; i++) change += (w1[o * inputs + i] - w0[o * inputs + i]) * x[s * inputs + i];
                Assert.Equal(y0[s * outputs + o] + gains[o] * change, y1[s * outputs + o], 12);
            }
    }
}
