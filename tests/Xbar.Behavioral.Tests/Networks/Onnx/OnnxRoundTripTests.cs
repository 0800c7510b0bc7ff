using Google.Protobuf;
using Onnx;
using Xbar.Behavioral.Networks.Graph;
using Xbar.Behavioral.Networks.Graph.Operations;
using Xbar.Behavioral.Networks.Onnx;
using Xbar.Behavioral.Training;
using Tensor = Xbar.Behavioral.Networks.Graph.Tensor;

namespace Xbar.Behavioral.Tests.Networks.Onnx;

public sealed class OnnxRoundTripTests
{
    private static double[] Random(int n, Random rng) => Enumerable.Range(0, n).Select(_ => 2 * rng.NextDouble() - 1).ToArray();

    /// <summary>A graph with every exported operation family: conv (grouped, SAME padding), pools, pad, dense on rank 2 and 3, shape ops, softmax.</summary>
    private static NetworkGraph ManyOps(Random rng)
    {
        var b = new GraphBuilder("many");
        var x = b.Input("x", 2, 8, 8);
        var c = b.Add(new Conv2d(Random(4 * 1 * 9, rng), 4, 1, new SpatialWindow(3, 3, 2, 2, autoPad: AutoPad.SameUpper), Random(4, rng), groups: 2), x);
        c = b.Add(new BatchNormalization(Random(4, rng), Random(4, rng), Random(4, rng), [1, 2, 0.5, 1.5], 0.0009765625), c);
        c = b.Add(Elementwise.LeakyRelu(0.125), c);
        var p = b.Add(new Pad([0, 0, 1, 1, 0, 0, 0, 1], PadMode.Reflect), c);
        var mp = b.Add(new Pool(PoolKind.Max, new SpatialWindow(2, 2, 1, 1, pads: [0, 0, 1, 1], ceilMode: true)), p);
        var ap = b.Add(new Pool(PoolKind.Average, new SpatialWindow(3, 3, pads: [1, 1, 1, 1]), countIncludePad: true), mp);
        var sum = b.Add(new Sum(), ap, mp, b.Constant("shift", new Tensor([4, 1, 1], Random(4, rng))));
        var t = b.Add(new Transpose([0, 2, 3, 1]), sum); // N x H x W x C
        var r = b.Add(new Reshape(), t, b.Constant("shape", Tensor.Vector(0, -1, 4)));
        var d3 = b.Add(new Dense(Random(3 * 4, rng), 3, 4, Random(3, rng), "MatMul"), r); // rank 3: MatMul + Add
        var sq = b.Add(new Unsqueeze([1]), b.Add(new Flatten(), b.Add(Elementwise.Clip(-0.5, 0.75), d3)));
        var f = b.Add(new Flatten(), b.Add(new Squeeze([1]), sq));
        var d2 = b.Add(new Dense(Random(5 * 90, rng), 5, 90, Random(5, rng)), f);
        var cat = b.Add(new Concat(1), d2, b.Add(Elementwise.Sigmoid(), d2), b.Add(Elementwise.Tanh(), d2));
        var g = b.Add(new Gather(1), cat, b.Constant("pick", Tensor.Vector(0, 5, 14, 3)));
        return b.Output(b.Add(new Softmax(1, flattenFromAxis: true), b.Add(new Binary(BinaryKind.Div), g, b.Constant("two", Tensor.Scalar(2))))).Build();
    }

    [Fact]
    public void When_GraphIsExportedAsFloat64AndImported_Expect_BitIdenticalOutputs()
    {
        var rng = new Random(21);
        var graph = ManyOps(rng);
        var back = OnnxImporter.Import(ModelProto.Parser.ParseFrom(OnnxExporter.Export(graph, OnnxPrecision.Float64).ToByteArray()), "round trip");
        var x = new Tensor([3, 2, 8, 8], Random(3 * 128, rng));
        var a = new GraphExecutor(graph, FloatBackend.Instance).Run(x);
        var b = new GraphExecutor(back, FloatBackend.Instance).Run(x);
        Assert.Equal(a.Dims.ToArray(), b.Dims.ToArray());
        Assert.Equal(a.Data, b.Data);
    }

    [Fact]
    public void When_MlpIsExportedAndImported_Expect_BitIdenticalLogits()
    {
        var mlp = Mlp.CreateRandom([6, 8, 3], Activation.Sigmoid, OutputKind.Softmax, 3);
        var graph = MlpGraph.From(mlp);
        var path = Path.Combine(Path.GetTempPath(), $"xbar-mlp-{Guid.NewGuid():N}.onnx");
        try
        {
            OnnxExporter.Save(graph, path, OnnxPrecision.Float64);
            var back = OnnxImporter.Load(path);
            var x = Random(4 * 6, new Random(2));
            Assert.Equal(new GraphExecutor(graph, FloatBackend.Instance).Run(x, 4).Data, new GraphExecutor(back, FloatBackend.Instance).Run(x, 4).Data);
            Assert.Equal(2, back.WeightNodes.Count);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void When_GraphIsExportedAsFloat32_Expect_OrtRunsItLikeTheFloat32RoundedGraph()
    {
        var rng = new Random(22);
        var graph = ManyOps(rng);
        var bytes = OnnxExporter.Export(graph, OnnxPrecision.Float32).ToByteArray();
        var x = OrtReference.RandomInput(2 * 128, seed: 3);
        var (expected, shape) = OrtReference.Run(bytes, "x", x, [2, 2, 8, 8]);
        var ours = OrtReference.RunOurs(OnnxImporter.Import(ModelProto.Parser.ParseFrom(bytes)), x, [2, 2, 8, 8]);
        Assert.Equal(shape, ours.Dims.ToArray());
        Assert.True(OrtReference.MaxRelativeDifference(ours.Data, expected) < 1e-4);
    }
}
