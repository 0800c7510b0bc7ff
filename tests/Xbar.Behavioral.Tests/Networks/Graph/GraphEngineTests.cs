using Xbar.Behavioral.Networks;
using Xbar.Behavioral.Networks.Graph;
using Xbar.Behavioral.Networks.Graph.Operations;
using Xbar.Behavioral.Training;

namespace Xbar.Behavioral.Tests.Networks.Graph;

public sealed class GraphEngineTests
{
    private static double[] Random(int n, Random rng, double scale = 1) => Enumerable.Range(0, n).Select(_ => scale * (2 * rng.NextDouble() - 1)).ToArray();

    /// <summary>The textbook convolution: y[n, o, i, j] = b[o] + sum over c in o's group, kh, kw of W x (zero outside the input).</summary>
    private static double[] DirectConvolution(double[] x, int n, int c, int h, int w, double[] weights, double[] bias, int cout, int kh, int kw,
        int groups, int sh, int sw, int dh, int dw, int pt, int pl, int oh, int ow)
    {
        int cg = c / groups, og = cout / groups;
        var y = new double[n * cout * oh * ow];
        for (int s = 0; s < n; s++)
            for (int o = 0; o < cout; o++)
                for (int i = 0; i < oh; i++)
                    for (int j = 0; j < ow; j++)
                    {
                        double acc = bias[o];
                        int g = o / og;
                        for (int ci = 0; ci < cg; ci++)
                            for (int a = 0; a < kh; a++)
                                for (int b = 0; b < kw; b++)
                                {
                                    int ih = i * sh - pt + a * dh, iw = j * sw - pl + b * dw;
                                    if (ih < 0 || ih >= h || iw < 0 || iw >= w) continue;
                                    acc += weights[((o * cg + ci) * kh + a) * kw + b] * x[((s * c + g * cg + ci) * h + ih) * w + iw];
                                }
                        y[((s * cout + o) * oh + i) * ow + j] = acc;
                    }
        return y;
    }

    [Theory]
    [InlineData(1, 1, 1, 1, 1, 0, 0)]
    [InlineData(2, 2, 1, 1, 1, 1, 1)]
    [InlineData(1, 2, 1, 2, 2, 2, 1)]
    [InlineData(3, 1, 2, 1, 1, 0, 2)]
    public void When_Im2colConvolutionRuns_Expect_DirectConvolution(int groups, int stride, int strideW, int dilation, int dilationW, int padTop, int padLeft)
    {
        var rng = new Random(7 + groups);
        int n = 2, c = 6, h = 9, w = 8, cout = 6, kh = 3, kw = 2;
        int[] pads = [padTop, padLeft, 1, 0];
        var window = new SpatialWindow(kh, kw, stride, strideW, dilation, dilationW, pads);
        var weights = Random(cout * (c / groups) * kh * kw, rng);
        var bias = Random(cout, rng);
        var conv = new Conv2d(weights, cout, c / groups, window, bias, groups);
        var x = new Tensor([n, c, h, w], Random(n * c * h * w, rng));
        var (_, _, _, _, oh, ow) = window.Resolve(h, w);
        var expected = DirectConvolution(x.Data, n, c, h, w, weights, bias, cout, kh, kw, groups, stride, strideW, dilation, dilationW, padTop, padLeft, oh, ow);
        var viaBlas = conv.Run([x])[0];
        // The row form (one input vector per output position), as the tiles receive it, with exact products.
        var rows = conv.Apply(x, Enumerable.Range(0, groups).Select(g => (IProgrammedMatrix)new DenseMatrix(conv.WeightMatrix(g))).ToArray());
        Assert.Equal([n, cout, oh, ow], viaBlas.Dims.ToArray());
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.Equal(expected[i], viaBlas.Data[i], 1e-12);
            Assert.Equal(expected[i], rows.Data[i], 1e-12);
        }
    }

    /// <summary>
    /// The tiled path's window rows and products go into pooled buffers: a buffer that held NaN before (the
    /// shared pool hands back the arrays returned to it) must not leak into the padding or the outputs.
    /// </summary>
    [Fact]
    public void When_PooledBuffersHoldStaleValues_Expect_DirectConvolution()
    {
        var rng = new Random(11);
        int n = 2, c = 4, h = 7, w = 6, cout = 5, k = 3;
        var window = new SpatialWindow(k, k, 2, 1, pads: [2, 1, 1, 2]);
        var weights = Random(cout * c * k * k, rng);
        var bias = Random(cout, rng);
        var conv = new Conv2d(weights, cout, c, window, bias);
        var x = new Tensor([n, c, h, w], Random(n * c * h * w, rng));
        var (_, _, _, _, oh, ow) = window.Resolve(h, w);
        var expected = DirectConvolution(x.Data, n, c, h, w, weights, bias, cout, k, k, 1, 2, 1, 1, 1, 2, 1, oh, ow);
        var pool = System.Buffers.ArrayPool<double>.Shared;
        foreach (int size in new[] { n * oh * ow * c * k * k, n * oh * ow * cout })
        {
            var stale = pool.Rent(size);
            Array.Fill(stale, double.NaN);
            pool.Return(stale);
        }
        var y = conv.Apply(x, [new DenseMatrix(conv.WeightMatrix(0))]);
        for (int i = 0; i < expected.Length; i++) Assert.Equal(expected[i], y.Data[i], 1e-12);
    }

    /// <summary>Conv-BN-Relu, Dense-BN: the graph before and after folding.</summary>
    private static NetworkGraph ConvBnGraph(Random rng)
    {
        var b = new GraphBuilder("bn");
        var x = b.Input("x", 2, 6, 6);
        BatchNormalization Bn(int ch) => new(Random(ch, rng, 2), Random(ch, rng), Random(ch, rng), Random(ch, rng).Select(v => 0.5 + v * v).ToArray(), 1e-3);
        var conv = b.Add(new Conv2d(Random(4 * 1 * 9, rng), 4, 1, new SpatialWindow(3, 3, pads: [1, 1, 1, 1]), Random(4, rng), groups: 2), x);
        var h = b.Add(Elementwise.Relu(), b.Add(Bn(4), conv));
        var flat = b.Add(new Flatten(), h);
        var dense = b.Add(new Dense(Random(3 * 144, rng), 3, 144, null), flat);
        return b.Output(b.Add(Bn(3), dense)).Build();
    }

    [Fact]
    public void When_BatchNormalizationIsFolded_Expect_SameOutputsAndNoBatchNormLeft()
    {
        var rng = new Random(3);
        var graph = ConvBnGraph(rng);
        var folded = GraphPasses.FoldBatchNormalization(graph);
        Assert.Equal(2, graph.Nodes.Count(n => n.Op is BatchNormalization));
        Assert.DoesNotContain(folded.Nodes, n => n.Op is BatchNormalization);
        Assert.Equal(graph.WeightNodes.Count, folded.WeightNodes.Count);
        var x = new Tensor([3, 2, 6, 6], Random(3 * 72, rng));
        var before = new GraphExecutor(graph, FloatBackend.Instance).Run(x);
        var after = new GraphExecutor(folded, FloatBackend.Instance).Run(x);
        double scale = before.Data.Max(Math.Abs);
        for (int i = 0; i < before.Length; i++) Assert.Equal(before.Data[i], after.Data[i], 1e-13 * scale);
    }

    [Fact]
    public void When_LayersAreTiled_Expect_TileCountsByHand()
    {
        var rng = new Random(4);
        var b = new GraphBuilder("count");
        var x = b.Input("x", 3, 5, 5);
        // 3 -> 8 channels, 3x3: 27 word lines x 8 columns on 4x4 tiles = ceil(27/4) x ceil(8/4) = 7 x 2 = 14 tiles.
        var c1 = b.Add(new Conv2d(Random(8 * 27, rng), 8, 3, new SpatialWindow(3, 3, pads: [1, 1, 1, 1])), x);
        // Depthwise 8 groups, 3x3: each group 9 word lines x 1 column = 3 x 1 tiles, 8 groups = 24 tiles.
        var c2 = b.Add(new Conv2d(Random(8 * 9, rng), 8, 1, new SpatialWindow(3, 3), groups: 8), c1);
        // Dense 8 x 3 x 3 = 72 inputs -> 10 outputs: 18 x 3 = 54 tiles.
        var d = b.Add(new Dense(Random(10 * 72, rng), 10, 72), b.Add(new Flatten(), c2));
        var graph = b.Output(d).Build();
        var tiled = new GraphExecutor(graph, new TileBackend(ExactTileProgrammer.Instance, TileGeometry.Paper4x4, 1));
        Assert.Equal([14, 24, 54], Enumerable.Range(0, 3).Select(l => tiled.Products(l).Sum(p => ((TiledMatrix)p).TileCount)));
        Assert.Equal(14 + 24 + 54, tiled.TileCount);
        // Exact tiles give the float network's outputs (partial sums added digitally).
        var input = new Tensor([2, 3, 5, 5], Random(150, rng));
        var exact = tiled.Run(input);
        var reference = new GraphExecutor(graph, FloatBackend.Instance).Run(input);
        for (int i = 0; i < exact.Length; i++) Assert.Equal(reference.Data[i], exact.Data[i], 1e-12);
    }

    [Fact]
    public void When_GroupedConvolutionIsTiled_Expect_BlockRowsContinueAcrossGroups()
    {
        var seen = new List<TileContext>();
        var recorder = new DelegateTileProgrammer("recorder", (w, ctx) => { seen.Add(ctx); return new DenseMatrix(w); });
        var conv = new Conv2d(Random(6 * 2 * 4, new Random(1)), 6, 2, new SpatialWindow(2, 2), groups: 3);
        new TileBackend(recorder, new TileGeometry(8, 1), seed: 9).Program(conv, layer: 4);
        // Each group: 2 outputs on 1-column tiles = 2 block rows; groups 0, 1, 2 use block rows 0-1, 2-3, 4-5.
        Assert.Equal([0, 1, 2, 3, 4, 5], seen.Select(c => c.BlockRow));
        Assert.All(seen, c => Assert.Equal(TiledMatrix.TileSeed(9, 4, c.BlockRow, c.BlockCol), c.Seed));
    }

    [Fact]
    public void When_MlpRunsAsGraphWithDotProducts_Expect_MlpPreActivationsBitForBit()
    {
        var mlp = Mlp.CreateRandom([7, 5, 3], Activation.Tanh, OutputKind.Softmax, 2);
        var x = Random(7, new Random(5));
        var graph = MlpGraph.From(mlp);
        var values = new GraphExecutor(graph, FloatBackend.DotProducts).Run(
            new Dictionary<string, Tensor> { ["input"] = new([1, 7], x) }, [MlpGraph.PreActivation(0)]);
        var z = mlp.PreActivations(x);
        Assert.Equal(z[0], values["z0"].Data);
        Assert.Equal(z[1], values["z1"].Data);
    }

    [Fact]
    public void When_BatchIsLargerThanOne_Expect_EachSampleAsAlone()
    {
        var graph = ConvBnGraph(new Random(8));
        var exec = new GraphExecutor(graph, FloatBackend.Instance);
        var x = Random(5 * 72, new Random(9));
        var all = exec.Run(x, 5);
        for (int s = 0; s < 5; s++)
        {
            var one = exec.Run(x.AsSpan(s * 72, 72), 1);
            for (int i = 0; i < one.Length; i++) Assert.Equal(one.Data[i], all.Data[s * one.Length + i], 1e-12);
        }
    }

    [Fact]
    public void When_GraphIsInvalid_Expect_InvalidInputNamingTheNode()
    {
        var w = new double[4 * 3];
        var missing = Assert.Throws<InvalidInputException>(() =>
            new NetworkGraph([new GraphInput("x", [3])], ["y"], [new Node("fc", new Dense(w, 4, 3), ["nowhere"], ["y"])], new Dictionary<string, Tensor>()));
        Assert.Contains("node 'fc' (Gemm)", missing.Message);
        Assert.Contains("'nowhere'", missing.Message);
        var shape = Assert.Throws<InvalidInputException>(() =>
            new NetworkGraph([new GraphInput("x", [5])], ["y"], [new Node("fc", new Dense(w, 4, 3), ["x"], ["y"])], new Dictionary<string, Tensor>()));
        Assert.Contains("node 'fc' (Gemm)", shape.Message);
        Assert.Contains("3 inputs", shape.Message);
        var batch = Assert.Throws<InvalidInputException>(() =>
            new NetworkGraph([new GraphInput("x", [2, 3])], ["y"], [new Node("flat", new Flatten(0), ["x"], ["y"])], new Dictionary<string, Tensor>()));
        Assert.Contains("node 'flat' (Flatten)", batch.Message);
        var twice = Assert.Throws<InvalidInputException>(() => new NetworkGraph([new GraphInput("x", [3])], ["y"],
            [new Node("a", Elementwise.Relu(), ["x"], ["y"]), new Node("b", Elementwise.Tanh(), ["x"], ["y"])], new Dictionary<string, Tensor>()));
        Assert.Contains("produced more than once", twice.Message);
        var cycle = Assert.Throws<InvalidInputException>(() => new NetworkGraph([new GraphInput("x", [3])], ["y"],
            [new Node("a", new Binary(BinaryKind.Add), ["x", "z"], ["y"]), new Node("b", Elementwise.Relu(), ["y"], ["z"])], new Dictionary<string, Tensor>()));
        Assert.Contains("cycle", cycle.Message);
    }
}
