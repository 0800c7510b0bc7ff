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

    private const int Outputs = 12, Inputs = 20;

    /// <summary>
    /// A 12x20 layer on 16x16 mtj4 tiles (IR drop, every weight in range): seeded weights w0, the same plus a small
    /// change (w1) and <paramref name="count"/> non-negative input vectors.
    /// </summary>
    private static (TileBackend Backend, double[] W0, double[] W1, double[] X) ChangeCase(int seed, int count)
    {
        var backend = new TileBackend(LayerTileProgrammer.Behavioral("mtj 16x16", SmallMtj(), null, new LayerTileSettings(Clip: WeightClipRule.Max)),
            new TileGeometry(16, 8), seed: 5);
        var rng = new Random(seed);
        double[] Rand(int n) => Enumerable.Range(0, n).Select(_ => rng.NextDouble() - 0.5).ToArray();
        var w0 = Rand(Outputs * Inputs);
        var x = Rand(count * Inputs).Select(Math.Abs).ToArray();
        var w1 = w0.Select(v => v + 0.01 * (rng.NextDouble() - 0.5)).ToArray();
        return (backend, w0, w1, x);
    }

    /// <summary>y1 = y0 + diag(gains) (w1 - w0) x to 12 digits (gains null: 1), the change's product computed here by hand.</summary>
    private static void AssertChangeAdded(double[] y0, double[] y1, double[] w0, double[] w1, double[] x, int count, double[]? gains)
    {
        for (int s = 0; s < count; s++)
            for (int o = 0; o < Outputs; o++)
            {
                double change = 0;
                for (int i = 0; i < Inputs; i++) change += (w1[o * Inputs + i] - w0[o * Inputs + i]) * x[s * Inputs + i];
                Assert.Equal(y0[s * Outputs + o] + (gains?[o] ?? 1) * change, y1[s * Outputs + o], 12);
            }
    }

    [Fact]
    public void When_WeightsChangeBetweenRefreshes_Expect_ProgrammedTilesPlusTheIdealProductOfTheChange()
    {
        int count = 7;
        var (backend, w0, w1, x) = ChangeCase(6, count);
        var forward = new TileAnalogForward(backend, refreshEvery: 2);
        var y0 = new double[count * Outputs];
        forward.Multiply(0, "fc", w0, Outputs, Inputs, x, count, y0);

        // A second pass with changed weights reuses the tiles of w0: y = tile(w0) x + (w1 - w0) x.
        var y1 = new double[count * Outputs];
        forward.Multiply(0, "fc", w1, Outputs, Inputs, x, count, y1);
        AssertChangeAdded(y0, y1, w0, w1, x, count, gains: null);
        Assert.Equal(1, forward.Programmings);

        // The third pass reprograms with the current weights: the tiles' own output for w1, as a fresh forward gives.
        var y2 = new double[count * Outputs];
        forward.Multiply(0, "fc", w1, Outputs, Inputs, x, count, y2);
        Assert.Equal(2, forward.Programmings);
        var fresh = new double[count * Outputs];
        new TileAnalogForward(backend).Multiply(0, "fc", w1, Outputs, Inputs, x, count, fresh);
        Assert.Equal(fresh, y2);
        Assert.NotEqual(y1, y2);
    }

    [Fact]
    public void When_ChangeGoesThroughGains_Expect_TheChangeScaledByTheGainsFittedAtProgramming()
    {
        int count = 9;
        var (backend, w0, w1, x) = ChangeCase(7, count);
        var forward = new TileAnalogForward(backend, refreshEvery: 2, changeThroughGains: true);
        var y0 = new double[count * Outputs];
        forward.Multiply(0, "fc", w0, Outputs, Inputs, x, count, y0);

        // The gains by hand: least squares of the tiles' output on the ideal product, per output, over the batch.
        var gains = new double[Outputs];
        for (int o = 0; o < Outputs; o++)
        {
            double cross = 0, norm = 0;
            for (int s = 0; s < count; s++)
            {
                double ideal = 0;
                for (int i = 0; i < Inputs; i++) ideal += w0[o * Inputs + i] * x[s * Inputs + i];
                cross += y0[s * Outputs + o] * ideal;
                norm += ideal * ideal;
            }
            gains[o] = cross / norm;
        }
        Assert.Contains(gains, g => Math.Abs(g - 1) > 1e-3); // IR drop and 4 levels: the tiles are not ideal

        var y1 = new double[count * Outputs];
        forward.Multiply(0, "fc", w1, Outputs, Inputs, x, count, y1);
        AssertChangeAdded(y0, y1, w0, w1, x, count, gains);
    }
}
