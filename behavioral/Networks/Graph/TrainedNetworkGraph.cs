using System.Numerics;
using Xbar.Behavioral.Networks.Graph.Operations;
using Xbar.Behavioral.Training.Layers;
using Xbar.Behavioral.Training.Models;

namespace Xbar.Behavioral.Networks.Graph;

/// <summary>
/// A trained <see cref="Network{T}"/> (behavioral/Training) as a graph, for tiles and for ONNX export:
/// input "input" (C x H x W, or F for a vector input), output "logits". Every layer becomes the node
/// of the same name: convolutions and dense layers weight nodes with the weights the hardware holds
/// (<see cref="WeightLayer{T}.ExportWeights"/>: QAT layers exactly on their levels, declared as the
/// node's <see cref="IWeightOperation.Levels"/>), batch norm a BatchNormalization node with the
/// running statistics (inference mode, not folded), pooling, ReLU and flatten their ONNX operators,
/// and a residual block its main branch, then its shortcut, then "{block}.add" and "{block}.relu".
/// A dense layer on an image-shaped value gets a Flatten node "{layer}.flatten" first.
/// <para>Weight nodes come out in the order of <see cref="WeightLayer{T}.Index"/> (the main branch of a
/// block before its shortcut, as the network numbers them), so weight node l is weight layer l: the
/// layer of tile seeds and of every per-layer setting, in training (<see cref="Training.HardwareAware.IAnalogForward"/>)
/// and on tiles. Checked when the graph is built.</para>
/// </summary>
public static class TrainedNetworkGraph
{
    public const string InputName = "input", OutputName = "logits";

    /// <summary>The graph of <paramref name="network"/> at inference (running batch-norm statistics, no noise), values in double.</summary>
    public static NetworkGraph From<T>(Network<T> network, string? name = null) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var shape = network.InputShape;
        int[] sample = shape.Height == 1 && shape.Width == 1 ? [shape.Channels] : [shape.Channels, shape.Height, shape.Width];
        var w = new Writer<T>(new GraphBuilder(name ?? network.Describe()));
        var input = w.Builder.Input(InputName, sample);
        var last = w.Sequence(network.Body, new Value(input, sample.Length + 1));
        var graph = w.Finish(last.Name);
        var nodes = graph.WeightNodes.Select(n => n.Name).ToArray();
        var layers = network.WeightLayers.Select(l => l.Name).ToArray();
        if (!nodes.SequenceEqual(layers))
            throw new InvalidOperationException($"weight nodes [{string.Join(", ", nodes)}] are not in the network's weight-layer order [{string.Join(", ", layers)}]");
        return graph;
    }

    /// <summary>A value of the graph under construction and its rank (batch included).</summary>
    private readonly record struct Value(string Name, int Rank);

    private sealed class Writer<T>(GraphBuilder builder) where T : unmanaged, IFloatingPointIeee754<T>
    {
        private readonly List<(string Node, IOperation Op, string[] Inputs)> _nodes = [];

        public GraphBuilder Builder { get; } = builder;

        public Value Sequence(Sequential<T> sequence, Value x)
        {
            foreach (var layer in sequence.Children) x = Layer(layer, x);
            return x;
        }

        private Value Layer(ILayer<T> layer, Value x) => layer switch
        {
            Training.Layers.Conv2d<T> c => Add(c.Name, Convolution(c), x),
            Training.Layers.Dense<T> d => Add(d.Name, Dense(d), x.Rank == 2 ? x : Add(d.Name + ".flatten", new Flatten(1), x) with { Rank = 2 }),
            BatchNorm<T> bn => Add(bn.Name, new BatchNormalization(Numeric.ToDouble<T>(bn.Scale.Value), Numeric.ToDouble<T>(bn.Shift.Value),
                Numeric.ToDouble<T>(bn.RunningMean.Value), Numeric.ToDouble<T>(bn.RunningVariance.Value), bn.Epsilon), x),
            Relu<T> r => Add(r.Name, Elementwise.Relu(), x),
            MaxPool2d<T> p when p.Spec is MaxPoolSpec s => Add(p.Name, new Pool(PoolKind.Max, new SpatialWindow(s.Kernel, s.Kernel, s.Stride, s.Stride)), Image(p.Name, x)),
            AvgPool2d<T> p when p.Spec is AvgPoolSpec s => Add(p.Name, new Pool(PoolKind.Average, new SpatialWindow(s.Kernel, s.Kernel, s.Stride, s.Stride)), Image(p.Name, x)),
            GlobalAvgPool<T> g => Add(g.Name, new Pool(PoolKind.GlobalAverage), Image(g.Name, x)),
            Flatten<T> f => x.Rank == 2 ? x : Add(f.Name, new Flatten(1), x) with { Rank = 2 },
            ResidualBlock<T> b => Residual(b, x),
            Sequential<T> s => Sequence(s, x),
            _ => throw new InvalidInputException($"{layer.Name}: layer {layer.GetType().Name} has no graph form"),
        };

        private Value Residual(ResidualBlock<T> block, Value x)
        {
            var main = Sequence(block.Main, x);
            var shortcut = block.Shortcut is { } s ? Sequence(s, x) : x;
            var sum = Add(block.Name + ".add", new Binary(BinaryKind.Add), main, shortcut);
            return Add(block.Name + ".relu", Elementwise.Relu(), sum);
        }

        private static Value Image(string layer, Value x) => x.Rank == 4
            ? x
            : throw new InvalidInputException($"{layer}: pooling needs an image (N x C x H x W), the graph has a rank-{x.Rank} value here");

        private Operations.Conv2d Convolution(Training.Layers.Conv2d<T> c)
        {
            var window = new SpatialWindow(c.Kernel, c.Kernel, c.Stride, c.Stride, pads: [c.Padding, c.Padding, c.Padding, c.Padding]);
            return new Operations.Conv2d(c.ExportWeights(), c.Outputs, c.InputShape.Channels, window, c.Bias is null ? null : c.ExportBias(),
                levels: c.Quantizer);
        }

        private static Operations.Dense Dense(Training.Layers.Dense<T> d) =>
            new(d.ExportWeights(), d.Outputs, d.FanIn, d.Bias is null ? null : d.ExportBias(), "Gemm", d.Quantizer);

        private Value Add(string node, IOperation op, params Value[] inputs)
        {
            _nodes.Add((node, op, inputs.Select(v => v.Name).ToArray()));
            return new Value(node, inputs[0].Rank);
        }

        /// <summary>Adds the nodes, the last one's output named <see cref="OutputName"/>, and builds the graph.</summary>
        public NetworkGraph Finish(string last)
        {
            foreach (var (node, op, inputs) in _nodes)
                Builder.Add(node, op, inputs.Select(i => i == last ? OutputName : i).ToArray(), [node == last ? OutputName : node]);
            return Builder.Output(OutputName).Build();
        }
    }
}
