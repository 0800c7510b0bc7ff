using Xbar.Behavioral.Networks;
using Xbar.Behavioral.Networks.Graph;
using Xbar.Behavioral.Networks.Graph.Operations;

namespace Xbar.Behavioral.Tests.Networks.Graph;

/// <summary>
/// The executor's fast paths against plain evaluation: convolution columns unrolled straight into float
/// for the sgemm, a Conv fused with the Relu after it, and intermediate arrays reused across nodes and runs.
/// </summary>
public sealed class FloatExecutorPathTests
{
    private const double U = 1.0 / (1 << 24);

    private static double[] Random(int n, Random rng) => Enumerable.Range(0, n).Select(_ => 2 * rng.NextDouble() - 1).ToArray();

    /// <summary>
    /// Float convolution (im2col into float, sgemm, widened with the bias) against the double one, within the
    /// float rounding bound of each sum: weights and inputs rounded to float (2^-24 each) and a k-term float sum
    /// (k 2^-24, Higham 2002, eq. 3.5), so |y32 - y64| &lt;= (k + 3) 2^-24 sum |w x| + 2^-52 |y| (the bias added in double).
    /// Cases: 3x3 pad 1 (contiguous copies), 7x7 stride 2 (strided gather), 1x1 (columns are the channels), a
    /// 4x4 map (several images per sgemm) and two groups.
    /// </summary>
    [Theory]
    [InlineData(3, 3, 1, 1, 16, 1, 1)]
    [InlineData(7, 7, 2, 3, 20, 1, 2)]
    [InlineData(1, 1, 1, 0, 12, 1, 3)]
    [InlineData(3, 3, 1, 1, 4, 1, 4)]
    [InlineData(3, 3, 2, 1, 10, 2, 5)]
    public void When_ConvolutionRunsInSinglePrecision_Expect_TheDoubleConvolutionWithinTheFloatBound(int kh, int kw, int stride, int pad, int size, int groups, int seed)
    {
        var rng = new Random(seed);
        int n = 3, c = 6, cout = 8, k = c / groups * kh * kw;
        var conv = new Conv2d(Random(cout * k, rng), cout, c / groups, new SpatialWindow(kh, kw, stride, stride, pads: [pad, pad, pad, pad]), Random(cout, rng), groups);
        var x = new Tensor([n, c, size, size], Random(n * c * size * size, rng));
        var y64 = conv.Apply(x, FloatBackend.Instance.Program(conv, 0));
        var y32 = conv.Apply(x, FloatBackend.Single.Program(conv, 0));
        // sum |w x| per output: the same convolution with |W|, no bias, on |x|.
        var magnitude = new Conv2d(conv.Weights.ToArray().Select(Math.Abs).ToArray(), cout, c / groups, conv.Window, null, groups)
            .Run([new Tensor(x.Dims, x.Data.Select(Math.Abs).ToArray())])[0];
        Assert.Equal(y64.Dims.ToArray(), y32.Dims.ToArray());
        int differ = 0;
        for (int i = 0; i < y64.Length; i++)
        {
            double d = Math.Abs(y32.Data[i] - y64.Data[i]), bound = (k + 3) * U * magnitude.Data[i] + Math.Abs(y64.Data[i]) / (1L << 52);
            Assert.True(d <= bound, $"output {i}: {d:E3} beyond {bound:E3}");
            if (d > 0) differ++;
        }
        Assert.True(differ > 0, "the float convolution equals the double one: it did not run in float");
    }

    /// <summary>
    /// Conv, Relu; a residual block (Conv, Add of the block's input, Relu); Conv, Relu, Flatten. The last
    /// Relu's input is a graph output, so the first two groups fuse and the last runs node by node.
    /// </summary>
    private static NetworkGraph ConvReluGraph(Random rng)
    {
        var b = new GraphBuilder("conv-relu");
        var x = b.Input("x", 3, 8, 8);
        var c1 = b.Add(new Conv2d(Random(4 * 3 * 9, rng), 4, 3, new SpatialWindow(3, 3, pads: [1, 1, 1, 1]), Random(4, rng)), x);
        var r0 = b.Add(Elementwise.Relu(), c1);
        var block = b.Add(new Conv2d(Random(4 * 4 * 9, rng), 4, 4, new SpatialWindow(3, 3, pads: [1, 1, 1, 1]), Random(4, rng)), r0);
        var r1 = b.Add(Elementwise.Relu(), b.Add(new Binary(BinaryKind.Add), block, r0));
        var c2 = b.Add(new Conv2d(Random(5 * 4 * 9, rng), 5, 4, new SpatialWindow(3, 3, 2, 2, pads: [1, 1, 1, 1]), Random(5, rng)), r1);
        var r2 = b.Add(Elementwise.Relu(), c2);
        b.Output(c2);
        return b.Output(b.Add(new Flatten(), r2)).Build();
    }

    /// <summary>Every node run alone on fresh arrays (no fusion, no arena): the reference of the executor's values.</summary>
    private static Dictionary<string, Tensor> NodeByNode(GraphExecutor executor, Tensor input)
    {
        var graph = executor.Graph;
        var values = new Dictionary<string, Tensor>(graph.Initializers) { [graph.SingleInput.Name] = input };
        foreach (var node in graph.Nodes)
        {
            var args = node.Inputs.Select(i => values[i]).ToList();
            int layer = graph.LayerOf(node);
            var outputs = layer >= 0 ? [((IWeightOperation)node.Op).Apply(args[0], executor.Products(layer))] : node.Op.Run(args);
            for (int o = 0; o < outputs.Length; o++) values[node.Outputs[o]] = outputs[o];
        }
        return values;
    }

    public static TheoryData<string> Backends => ["float", "float32", "dot products"];

    private static IWeightBackend Backend(string name) => name switch
    {
        "float" => FloatBackend.Instance,
        "float32" => FloatBackend.Single,
        _ => FloatBackend.DotProducts, // not BLAS: the tile path of the convolution
    };

    [Theory]
    [MemberData(nameof(Backends))]
    public void When_AnAddAndReluAloneReadAConvolution_Expect_TheUnfusedValuesAndTheIntermediatesWhenAsked(string backend)
    {
        var rng = new Random(21);
        var graph = ConvReluGraph(rng);
        var executor = new GraphExecutor(graph, Backend(backend));
        var input = new Tensor([2, 3, 8, 8], Random(2 * 3 * 64, rng));
        var reference = NodeByNode(executor, input);
        // The first convolution's output, the block convolution's output and the residual sum.
        string[] intermediates = [graph.Nodes[0].Outputs[0], graph.Nodes[2].Outputs[0], graph.Nodes[3].Outputs[0]];
        Assert.IsType<Binary>(graph.Nodes[3].Op);
        var fused = executor.Run(new Dictionary<string, Tensor> { [graph.SingleInput.Name] = input });
        var asked = executor.Run(new Dictionary<string, Tensor> { [graph.SingleInput.Name] = input }, intermediates);
        foreach (var name in graph.Outputs)
        {
            Assert.Equal(reference[name].Data, fused[name].Data); // bit for bit: the same operations in the same order
            Assert.Equal(reference[name].Data, asked[name].Data);
        }
        foreach (var name in intermediates)
        {
            Assert.DoesNotContain(name, fused.Keys);
            Assert.Equal(reference[name].Data, asked[name].Data);
            Assert.Contains(asked[name].Data, v => v < 0); // before the ReLU, not after it
        }
    }

    /// <summary>
    /// Arrays of released values go back to the executor's arena and are written again by later nodes and runs,
    /// unzeroed: a run must not see another run's values, and a result handed to the caller must never be
    /// overwritten (Flatten shares its input's array, so the arena must count both holders).
    /// </summary>
    [Fact]
    public void When_AnExecutorRunsAgainOnOtherInputs_Expect_EachRunAsAloneAndEarlierResultsUntouched()
    {
        var rng = new Random(5);
        var graph = ConvReluGraph(rng);
        var executor = new GraphExecutor(graph, FloatBackend.Single);
        var a = new Tensor([2, 3, 8, 8], Random(2 * 3 * 64, rng));
        var b = new Tensor([2, 3, 8, 8], Random(2 * 3 * 64, rng).Select(v => 1e3 * v).ToArray());
        var nan = new Tensor([2, 3, 8, 8], Enumerable.Repeat(double.NaN, 2 * 3 * 64).ToArray());
        var output = graph.Outputs[^1];
        Tensor Run(Tensor input) => executor.Run(new Dictionary<string, Tensor> { [graph.SingleInput.Name] = input })[output];
        var first = Run(a);
        var copy = first.Data.ToArray();
        Run(nan); // every reused array now holds NaN
        var second = Run(b);
        var third = Run(a);
        Assert.Equal(copy, first.Data);
        Assert.Equal(NodeByNode(executor, b)[output].Data, second.Data);
        Assert.Equal(NodeByNode(executor, a)[output].Data, third.Data);
    }

    [Fact]
    public void When_ReluRunsInVectors_Expect_TheScalarRuleForEveryValueIncludingNaNAndNegativeZero()
    {
        // 37 values: whole SIMD vectors and a scalar tail.
        double[] x = [.. Random(33, new Random(9)), double.NaN, -0.0, double.NegativeInfinity, double.PositiveInfinity];
        var y = Elementwise.Relu().Run([new Tensor([1, x.Length], x)])[0].Data;
        for (int i = 0; i < x.Length; i++)
        {
            double expected = x[i] < 0 ? 0 : x[i];
            Assert.Equal(BitConverter.DoubleToInt64Bits(expected), BitConverter.DoubleToInt64Bits(y[i]));
        }
    }
}
