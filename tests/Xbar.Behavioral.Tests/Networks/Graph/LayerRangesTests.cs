using Xbar.Behavioral.Data;
using Xbar.Behavioral.Networks;
using Xbar.Behavioral.Networks.Graph;
using Xbar.Behavioral.Networks.Graph.Operations;

namespace Xbar.Behavioral.Tests.Networks.Graph;

public sealed class LayerRangesTests
{
    private static double[] Random(int n, Random rng) => Enumerable.Range(0, n).Select(_ => 2 * rng.NextDouble() - 1).ToArray();

    /// <summary>Conv (2 -> 3 channels, 3x3, pad 1) then ReLU then a dense layer: two weight layers.</summary>
    private static NetworkGraph ConvDense(Random rng)
    {
        var b = new GraphBuilder("ranges");
        var x = b.Input("x", 2, 5, 5);
        var h = b.Add(Elementwise.Relu(), b.Add(new Conv2d(Random(3 * 18, rng), 3, 2, new SpatialWindow(3, 3, pads: [1, 1, 1, 1]), Random(3, rng)), x));
        return b.Output(b.Add(new Dense(Random(4 * 75, rng), 4, 75), b.Add(new Flatten(), h))).Build();
    }

    [Fact]
    public void When_InputMaxIsMeasured_Expect_LargestAbsoluteInputOfEachWeightLayer()
    {
        var rng = new Random(1);
        var graph = ConvDense(rng);
        var x = Random(6 * 50, rng);
        var exec = new GraphExecutor(graph, FloatBackend.Instance);
        var max = LayerRanges.LayerInputMax(exec, x, 6, batch: 4);
        Assert.Equal(x.Max(Math.Abs), max[0]);
        // The dense layer reads the ReLU of the convolution: its largest value over the 6 samples.
        var relu = exec.Run(new Dictionary<string, Tensor> { ["x"] = new([6, 2, 5, 5], x) }, [graph.WeightNodes[1].Inputs[0]])[graph.WeightNodes[1].Inputs[0]];
        Assert.Equal(relu.Data.Max(), max[1]);
    }

    [Fact]
    public void When_ConvolutionPartialSumsAreMeasured_Expect_ThoseOfItsUnrolledWindowsAsADenseLayer()
    {
        var rng = new Random(2);
        var w = Random(3 * 18, rng);
        var conv = new Conv2d(w, 3, 2, new SpatialWindow(3, 3, pads: [1, 1, 1, 1]));
        var b = new GraphBuilder("conv");
        var graph = b.Output(b.Add(conv, b.Input("x", 2, 5, 5))).Build();
        var x = Random(3 * 50, rng);
        var (rows, count) = conv.InputVectors(new Tensor([3, 2, 5, 5], x), 0);
        // The same products as a dense layer on the unrolled windows (one sample per window).
        var dense = new GraphBuilder("dense");
        var denseGraph = dense.Output(dense.Add(new Dense(w, 3, 18), dense.Input("v", 18))).Build();
        double[] clip = [0.7], amax = [0.9];
        var fromConv = LayerRanges.LayerPartialSumFraction(new GraphExecutor(graph, FloatBackend.Instance), x, 3, 4, amax, clip, quantile: 0.9);
        var fromDense = LayerRanges.LayerPartialSumFraction(new GraphExecutor(denseGraph, FloatBackend.Instance), rows, count, 4, amax, clip, quantile: 0.9, maxSamples: count);
        Assert.Equal(fromDense[0], fromConv[0], 15);
    }

    [Fact]
    public void When_PartialSumsRunThroughGemm_Expect_TheSumsOfThePlainLoop()
    {
        var rng = new Random(3);
        int vectors = 7, k = 11, outs = 5, tileRows = 4;
        var x = Random(vectors * k, rng).Select(v => 2 * v).ToArray();
        var w = Random(outs * k, rng);
        double clip = 0.6, amax = 1.3;
        var viaGemm = new List<double>();
        LayerRanges.PartialSumsByGemm(x, [.. Enumerable.Range(0, vectors)], w, outs, k, tileRows, clip, amax, viaGemm);
        var plain = new List<double>();
        for (int v = 0; v < vectors; v++)
            for (int o = 0; o < outs; o++)
                for (int start = 0; start < k; start += tileRows)
                {
                    double sum = 0;
                    for (int i = start; i < Math.Min(start + tileRows, k); i++)
                        sum += Math.Clamp(w[o * k + i], -clip, clip) / clip * Math.Clamp(x[v * k + i] / amax, -1, 1);
                    plain.Add(Math.Abs(sum) / tileRows);
                }
        var a = viaGemm.Order().ToArray();
        var b = plain.Order().ToArray();
        Assert.Equal(b.Length, a.Length);
        for (int i = 0; i < a.Length; i++) Assert.Equal(b[i], a[i], 14);
    }

    [Fact]
    public void When_ErrorSplitRunsAConvGraphOnExactTiles_Expect_NoErrorAndFloatAccuracy()
    {
        var rng = new Random(4);
        var graph = ConvDense(rng);
        var data = new LabeledImages(Random(20 * 50, rng), 50, Enumerable.Range(0, 20).Select(i => (byte)(i % 4)).ToArray());
        var split = ErrorSplit.Measure(graph, data, TileGeometry.Paper4x4, _ => ExactTileProgrammer.Instance, 1, [ErrorSource.All], batch: 8);
        Assert.All(split[ErrorSource.All].LayerRmse, r => Assert.True(r < 1e-12));
        Assert.Equal(split.FloatAccuracy, split[ErrorSource.All].Accuracy);
    }
}
