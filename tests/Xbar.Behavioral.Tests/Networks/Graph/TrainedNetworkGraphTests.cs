using Google.Protobuf;
using Onnx;
using Xbar.Behavioral.Config;
using Xbar.Behavioral.Mapping;
using Xbar.Behavioral.Networks;
using Xbar.Behavioral.Networks.Graph;
using Xbar.Behavioral.Networks.Graph.Operations;
using Xbar.Behavioral.Networks.Onnx;
using Xbar.Behavioral.Tests.Networks.Onnx;
using Xbar.Behavioral.Training.HardwareAware;
using Xbar.Behavioral.Training.Layers;
using Xbar.Behavioral.Training.Models;
using Xunit.Abstractions;
using Tensor = Xbar.Behavioral.Networks.Graph.Tensor;

namespace Xbar.Behavioral.Tests.Networks.Graph;

/// <summary>A trained network exported to the graph engine and to ONNX: the same outputs as the network's own inference.</summary>
public sealed class TrainedNetworkGraphTests(ITestOutputHelper output)
{
    /// <summary>
    /// A ResNet-8 of width 4 with a stem max pool on 12x12 images (a projection shortcut in stages 2 and 3,
    /// global average pooling, a dense head), plus an average pool variant, with seeded weights and
    /// batch-norm statistics far from their initial 0/1 so inference mode is really exercised. With
    /// <paramref name="qat"/> every weight layer is on 4-state levels of range <paramref name="qatRange"/> x its max |W|.
    /// </summary>
    internal static Network<double> Net(int seed, bool qat = false, bool avgPool = false, double qatRange = 0.8)
    {
        var specs = ResNet.Specs(8, 1, 5, width: 4, stemPool: true).ToList();
        if (avgPool) specs[3] = new AvgPoolSpec("stem.pool", 2, 2);
        var net = new Network<double>(new SampleShape(1, 12, 12), specs);
        net.Initialize(seed);
        var rng = new Random(seed);
        foreach (var bn in net.Body.Layers.OfType<BatchNorm<double>>())
            for (int c = 0; c < bn.Scale.Value.Length; c++)
            {
                bn.Scale.Value[c] = 0.5 + rng.NextDouble();
                bn.Shift.Value[c] = rng.NextDouble() - 0.5;
                bn.RunningMean.Value[c] = rng.NextDouble() - 0.5;
                bn.RunningVariance.Value[c] = 0.2 + rng.NextDouble();
            }
        foreach (var layer in net.WeightLayers)
        {
            if (layer.Bias is { } b) for (int i = 0; i < b.Value.Length; i++) b.Value[i] = rng.NextDouble() - 0.5;
            if (qat) layer.Quantizer = new FixedRangeQuantizer(4, qatRange * Numeric.MaxAbs<double>(layer.Weight.Value));
        }
        return net;
    }

    internal static double[] Images(int n, int seed)
    {
        var rng = new Random(seed);
        return Enumerable.Range(0, n * 144).Select(_ => rng.NextDouble()).ToArray();
    }

    /// <summary>The network's own inference (running statistics, QAT levels), in double.</summary>
    private static double[] Inference(Network<double> net, double[] x, int n) => net.Forward(x, n, LayerContext.Inference).ToArray();

    private static double[] RunGraph(NetworkGraph graph, double[] x, int n, IWeightBackend? backend = null) =>
        new GraphExecutor(graph, backend ?? FloatBackend.Instance).Run(new Tensor([n, 1, 12, 12], x)).Data;

    private static double MaxRelative(double[] a, double[] b)
    {
        double d = 0, s = 0;
        for (int i = 0; i < a.Length; i++) { d = Math.Max(d, Math.Abs(a[i] - b[i])); s = Math.Max(s, Math.Abs(b[i])); }
        return d / s;
    }

    private static NetworkGraph RoundTrip(NetworkGraph graph, OnnxPrecision precision) =>
        OnnxImporter.Import(ModelProto.Parser.ParseFrom(OnnxExporter.Export(graph, precision).ToByteArray()), "round trip");

    [Theory]
    [InlineData(false, false)]
    [InlineData(true, false)]
    [InlineData(false, true)]
    public void When_NetworkIsExported_Expect_GraphOutputsEqualItsInference(bool qat, bool avgPool)
    {
        var net = Net(3, qat, avgPool);
        var x = Images(6, 4);
        var graph = TrainedNetworkGraph.From(net);
        double diff = MaxRelative(RunGraph(graph, x, 6), Inference(net, x, 6));
        output.WriteLine($"qat {qat}, avg pool {avgPool}: max relative difference graph vs network {diff:E2}");
        Assert.True(diff < 1e-12, $"max relative difference {diff:E2}");
        Assert.Equal(net.WeightLayers.Select(l => l.Name), graph.WeightNodes.Select(n => n.Name));
        Assert.Contains(graph.Nodes, n => n.Name == "stage2.block1.shortcut.conv");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void When_ExportedAsFloat64AndImported_Expect_SameOutputsAndLevels(bool qat)
    {
        var net = Net(5, qat);
        var graph = TrainedNetworkGraph.From(net);
        var back = RoundTrip(graph, OnnxPrecision.Float64);
        var x = Images(5, 6);
        // Everything is stored in double except BatchNormalization's epsilon, an ONNX float attribute (1e-5 moves by 2.5e-13 relative).
        double diff = MaxRelative(RunGraph(back, x, 5), RunGraph(graph, x, 5));
        output.WriteLine($"qat {qat}: float64 ONNX round trip, max relative difference {diff:E2}");
        Assert.True(diff < 1e-11, $"max relative difference {diff:E2}");
        for (int l = 0; l < graph.WeightNodes.Count; l++)
        {
            Assert.Equal(graph.WeightNodes[l].Name, back.WeightNodes[l].Name);
            Assert.Equal(graph.Layer(l).Levels, back.Layer(l).Levels);
            Assert.Equal(qat, back.Layer(l).Levels is not null);
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void When_ExportedModelRunsInOnnxRuntime_Expect_NetworkOutputsWithinFloat32Rounding(bool qat)
    {
        var net = Net(7, qat);
        var bytes = OnnxExporter.Export(TrainedNetworkGraph.From(net), OnnxPrecision.Float32).ToByteArray();
        var x = Images(4, 8);
        var (ort, shape) = OrtReference.Run(bytes, TrainedNetworkGraph.InputName, x.Select(v => (float)v).ToArray(), [4, 1, 12, 12]);
        Assert.Equal([4, 5], shape);
        var ours = net.Forward(x.Select(v => (double)(float)v).ToArray(), 4, LayerContext.Inference);
        double diff = OrtReference.MaxRelativeDifference(ours, ort);
        output.WriteLine($"qat {qat}: ONNX Runtime float32 vs the network in double, max relative difference {diff:E2}");
        Assert.True(diff < 1e-5, $"max relative difference {diff:E2}");
        // The float32 model still declares its levels, and its rounded weights are accepted as on them.
        var back = OnnxImporter.Import(ModelProto.Parser.ParseFrom(bytes), "float32");
        Assert.Equal(qat, back.Layer(0).Levels is not null);
    }

    [Fact]
    public void When_QatModelIsOptimized_Expect_BatchNormKeptDigital_WhileAFloatModelFoldsIt()
    {
        int Bns(NetworkGraph g) => g.Nodes.Count(n => n.Op is BatchNormalization);
        var x = Images(3, 9);
        var plain = TrainedNetworkGraph.From(Net(11));
        var folded = GraphPasses.Optimize(plain);
        Assert.Equal(9, Bns(plain));
        Assert.Equal(0, Bns(folded));
        Assert.True(MaxRelative(RunGraph(folded, x, 3), RunGraph(plain, x, 3)) < 1e-12);

        var qat = RoundTrip(TrainedNetworkGraph.From(Net(11, qat: true)), OnnxPrecision.Float32);
        var kept = GraphPasses.Optimize(qat);
        Assert.Equal(9, Bns(kept));
        Assert.All(kept.WeightNodes, n => Assert.NotNull(((IWeightOperation)n.Op).Levels));
        // A caller may also keep BN digital behind free float weights.
        Assert.Equal(9, Bns(GraphPasses.FoldBatchNormalization(plain, _ => false)));
        Assert.Throws<InvalidOperationException>(() => qat.Layer(0).ScaleOutputs([1, 1, 1, 1], [0, 0, 0, 0]));
    }

    [Fact]
    public void When_QatLayersRunOnExactTilesWithUniformStates_Expect_TheFloatOutputs()
    {
        // Clip = the QAT range and N uniform states: every level lands exactly on a state, so an otherwise
        // ideal tile (no IR drop, no noise, unlimited DAC/ADC, each layer's DAC full scale its largest input)
        // returns W x up to rounding: the network engine's float tile products (BehavioralCore.ReadCurrentsBatch),
        // at most about (rows + 3) 2^-24 relative, where a level between states would differ by about 1e-2. The range is 1.2 max |W|, so the top level R is never used: a clip
        // chosen from the weights (2R/3, the largest level used) would put the levels between states.
        var net = Net(13, qat: true, qatRange: 1.2);
        var graph = TrainedNetworkGraph.From(net);
        var config = TilePresets.Ideal() with { Device = new DeviceConfig(Kind: DeviceKind.Linear, States: 4, GMinS: 1e-6, GMaxS: 25e-6),
            Mapping = new MappingConfig(SignedMapping.Differential, QuantizationKind.Uniform) };
        var x = Images(3, 14);
        var inputMax = LayerRanges.LayerInputMax(new GraphExecutor(graph, FloatBackend.Instance), x, 3);
        var programmer = LayerTileProgrammer.Behavioral("ideal 4 states", config.Validate(), null, new LayerTileSettings(inputMax, WeightClipRule.Max));
        var tiles = RunGraph(graph, x, 3, new TileBackend(programmer, new TileGeometry(config.Array.Rows, config.Array.Cols / 2), 1));
        double diff = MaxRelative(tiles, RunGraph(graph, x, 3));
        output.WriteLine($"QAT levels on 4-state exact tiles: max relative difference to float {diff:E2}");
        Assert.True(diff < 1e-5, $"max relative difference {diff:E2}");
    }

    [Fact]
    public void When_OnnxLevelsDoNotFitTheModel_Expect_OneMessageNamingTheNode()
    {
        var graph = TrainedNetworkGraph.From(Net(17, qat: true));
        var model = OnnxExporter.Export(graph, OnnxPrecision.Float64);
        var entry = model.MetadataProps.Single(p => p.Key == OnnxWeightLevels.Key);
        string original = entry.Value;

        entry.Value = original.Replace("\"stem.conv\"", "\"no.such.node\"");
        var e = Assert.Throws<InvalidInputException>(() => OnnxImporter.Import(model, "m.onnx"));
        Assert.Contains("no.such.node", e.Message);

        // Levels R k / 2 do not hold weights R k / 3.
        entry.Value = original.Replace("\"states\":4", "\"states\":3");
        e = Assert.Throws<InvalidInputException>(() => OnnxImporter.Import(model, "m.onnx"));
        Assert.Contains("m.onnx", e.Message);
        Assert.Contains("stem.conv", e.Message);
        Assert.Contains("not one of the 5 levels", e.Message);

        entry.Value = "[1, 2]";
        e = Assert.Throws<InvalidInputException>(() => OnnxImporter.Import(model, "m.onnx"));
        Assert.Contains(OnnxWeightLevels.Key, e.Message);
    }
}
