using Xbar.Behavioral.Networks.Graph.Operations;

namespace Xbar.Behavioral.Networks.Graph;

/// <summary>A graph input: its name and the shape of one sample (without the batch dimension).</summary>
public sealed record GraphInput(string Name, int[] SampleShape)
{
    public override string ToString() => $"{Name} [{Tensor.Describe(SampleShape)}]";
}

/// <summary>
/// A feed-forward network as a graph of operations (ONNX's model: named inputs, named outputs,
/// nodes, constant initializers). Validated at construction: every value is produced once, every
/// input is known, nodes are put in topological order, nodes whose inputs are all constants are
/// evaluated once (constant folding, including Shape of an activation, whose batch reads as 1),
/// nodes that no output needs are dropped, and shapes are inferred for every value. Shapes are
/// inferred twice, with batch 1 and batch 2, and a node whose output does not follow the batch
/// (an operation mixing the batch with other dimensions) is refused. Any problem throws
/// <see cref="InvalidInputException"/> naming the node, its op type and the problem.
/// <para>Weight nodes (<see cref="IWeightOperation"/>: dense layers, convolutions) are numbered in
/// topological order: <see cref="WeightNodes"/>[l] is layer l of every per-layer setting and tile seed.</para>
/// </summary>
public sealed class NetworkGraph
{
    private readonly Dictionary<string, ValueShape> _shapes = new(StringComparer.Ordinal);
    private readonly Dictionary<Node, int> _layerOf = [];

    public NetworkGraph(IReadOnlyList<GraphInput> inputs, IReadOnlyList<string> outputs, IReadOnlyList<Node> nodes,
        IReadOnlyDictionary<string, Tensor> initializers, string name = "graph")
    {
        Name = name;
        if (inputs.Count == 0) throw new InvalidInputException($"graph '{name}': no inputs");
        if (outputs.Count == 0) throw new InvalidInputException($"graph '{name}': no outputs");
        var constants = new Dictionary<string, Tensor>(initializers, StringComparer.Ordinal);
        var shapes2 = new Dictionary<string, ValueShape>(StringComparer.Ordinal);
        foreach (var input in inputs)
        {
            if (constants.ContainsKey(input.Name)) throw new InvalidInputException($"graph '{name}': input '{input.Name}' is also an initializer");
            if (input.SampleShape.Any(d => d < 1))
                throw new InvalidInputException($"graph '{name}': input '{input.Name}' has shape [{string.Join(", ", input.SampleShape)}]; every dimension must be a fixed positive size");
            if (!_shapes.TryAdd(input.Name, new ValueShape([1, .. input.SampleShape], true)))
                throw new InvalidInputException($"graph '{name}': input '{input.Name}' is declared twice");
            shapes2[input.Name] = new ValueShape([2, .. input.SampleShape], true);
        }
        foreach (var (k, t) in constants)
        {
            _shapes[k] = new ValueShape(t.Dims.ToArray(), false, t);
            shapes2[k] = _shapes[k];
        }

        var kept = new List<Node>();
        foreach (var node in TopologicalOrder(nodes, inputs, constants.Keys))
        {
            var inShapes = new ValueShape[node.Inputs.Count];
            var inShapes2 = new ValueShape[node.Inputs.Count];
            for (int i = 0; i < inShapes.Length; i++)
            {
                inShapes[i] = _shapes[node.Inputs[i]];
                inShapes2[i] = shapes2[node.Inputs[i]];
            }
            ValueShape[] outShapes = Infer(node, inShapes);
            if (node.Op is ShapeOf shapeOf && inShapes.Length == 1)
            {
                // Static shape: folded, the batch read as 1 (a Reshape target built from it keeps the batch).
                AddConstant(node, node.Outputs[0], Operations.ShapeOf.Of(inShapes[0].Dims, shapeOf), constants, shapes2);
                continue;
            }
            if (inShapes.All(s => !s.Batched))
            {
                Tensor[] folded;
                try
                {
                    folded = node.Op.Fold(node.Inputs.Select(i => constants[i]).ToArray());
                }
                catch (Exception e) when (e is GraphShapeException or ArgumentException)
                {
                    throw new InvalidInputException($"graph '{name}': {node.Describe()}: {e.Message}");
                }
                for (int o = 0; o < node.Outputs.Count; o++) AddConstant(node, node.Outputs[o], folded[o], constants, shapes2);
                continue;
            }
            var outShapes2 = Infer(node, inShapes2);
            for (int o = 0; o < node.Outputs.Count; o++)
            {
                var s1 = outShapes[o];
                var s2 = outShapes2[o];
                bool follows = s1.Batched && s2.Batched && s1.Dims.Length == s2.Dims.Length && s1.Dims.Length > 0
                               && s1.Dims[0] == 1 && s2.Dims[0] == 2 && s1.Dims.AsSpan(1).SequenceEqual(s2.Dims.AsSpan(1));
                if (!follows)
                    throw new InvalidInputException(
                        $"graph '{name}': {node.Describe()}: output '{node.Outputs[o]}' does not keep the batch as its first dimension " +
                        $"(shape {s1} for batch 1, {s2} for batch 2); operations that mix the batch with other dimensions are not supported");
                _shapes[node.Outputs[o]] = s1;
                shapes2[node.Outputs[o]] = s2;
            }
            kept.Add(node);
        }

        foreach (var output in outputs)
        {
            if (!_shapes.TryGetValue(output, out var s))
                throw new InvalidInputException($"graph '{name}': output '{output}' is not produced by any node");
            if (!s.Batched)
                throw new InvalidInputException($"graph '{name}': output '{output}' is a constant (it does not depend on any input)");
        }

        Nodes = Prune(kept, outputs);
        var used = new HashSet<string>(Nodes.SelectMany(n => n.Inputs), StringComparer.Ordinal);
        Initializers = constants.Where(kv => used.Contains(kv.Key)).ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal);
        Inputs = inputs.ToArray();
        Outputs = outputs.ToArray();
        WeightNodes = Nodes.Where(n => n.Op is IWeightOperation).ToArray();
        for (int l = 0; l < WeightNodes.Count; l++) _layerOf[WeightNodes[l]] = l;
    }

    public string Name { get; }

    public IReadOnlyList<GraphInput> Inputs { get; }

    public IReadOnlyList<string> Outputs { get; }

    /// <summary>The nodes that run, in topological order (folded and unused ones removed).</summary>
    public IReadOnlyList<Node> Nodes { get; }

    /// <summary>Constant values the nodes read (initializers and folded results).</summary>
    public IReadOnlyDictionary<string, Tensor> Initializers { get; }

    /// <summary>The nodes whose product runs on tiles, in topological order: index = layer.</summary>
    public IReadOnlyList<Node> WeightNodes { get; }

    /// <summary>The weight operation of layer <paramref name="layer"/>.</summary>
    public IWeightOperation Layer(int layer) => (IWeightOperation)WeightNodes[layer].Op;

    /// <summary>The layer index of a weight node, or -1.</summary>
    public int LayerOf(Node node) => _layerOf.TryGetValue(node, out int l) ? l : -1;

    /// <summary>The inferred shape of a value (batch 1 for activations).</summary>
    public ValueShape ShapeOf(string value) =>
        _shapes.TryGetValue(value, out var s) ? s : throw new ArgumentException($"graph '{Name}' has no value '{value}'");

    /// <summary>True when <paramref name="value"/> is a value of this graph (input, initializer or node output).</summary>
    public bool HasValue(string value) => _shapes.ContainsKey(value);

    /// <summary>The single input (throws naming the inputs when there are several).</summary>
    public GraphInput SingleInput => Inputs.Count == 1 ? Inputs[0]
        : throw new InvalidInputException($"graph '{Name}' has {Inputs.Count} inputs ({string.Join(", ", Inputs)}); one is expected");

    /// <summary>The single output's name.</summary>
    public string SingleOutput => Outputs.Count == 1 ? Outputs[0]
        : throw new InvalidInputException($"graph '{Name}' has {Outputs.Count} outputs ({string.Join(", ", Outputs)}); one is expected");

    /// <summary>A graph with other nodes (and the initializers they need), the same inputs and outputs: what graph passes return.</summary>
    public NetworkGraph With(IReadOnlyList<Node> nodes, IReadOnlyDictionary<string, Tensor>? initializers = null) =>
        new(Inputs, Outputs, nodes, initializers ?? Initializers, Name);

    public override string ToString() =>
        $"{Name}: {Nodes.Count} nodes ({WeightNodes.Count} weight layers), inputs {string.Join(", ", Inputs)}, outputs {string.Join(", ", Outputs.Select(o => $"{o} [{Tensor.Describe(ShapeOf(o).SampleDims)}]"))}";

    private ValueShape[] Infer(Node node, ValueShape[] inputs)
    {
        ValueShape[] result;
        try
        {
            result = node.Op.InferShapes(inputs);
        }
        catch (Exception e) when (e is GraphShapeException or ArgumentException)
        {
            throw new InvalidInputException($"graph '{Name}': {node.Describe()}: {e.Message}");
        }
        if (result.Length < node.Outputs.Count)
            throw new InvalidInputException($"graph '{Name}': {node.Describe()}: has {node.Outputs.Count} outputs but the operation gives {result.Length}");
        return result;
    }

    private void AddConstant(Node node, string value, Tensor t, Dictionary<string, Tensor> constants, Dictionary<string, ValueShape> shapes2)
    {
        constants[value] = t;
        _shapes[value] = new ValueShape(t.Dims.ToArray(), false, t);
        shapes2[value] = _shapes[value];
    }

    /// <summary>Nodes in an order where every input is produced before it is read (the given order when it already is one).</summary>
    private IEnumerable<Node> TopologicalOrder(IReadOnlyList<Node> nodes, IReadOnlyList<GraphInput> inputs, IEnumerable<string> constants)
    {
        var producer = new Dictionary<string, Node>(StringComparer.Ordinal);
        var known = new HashSet<string>(inputs.Select(i => i.Name).Concat(constants), StringComparer.Ordinal);
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var n in nodes)
        {
            if (!names.Add(n.Name)) throw new InvalidInputException($"graph '{Name}': two nodes are named '{n.Name}'");
            foreach (var o in n.Outputs)
                if (known.Contains(o) || !producer.TryAdd(o, n))
                    throw new InvalidInputException($"graph '{Name}': {n.Describe()}: value '{o}' is produced more than once");
        }
        var order = new List<Node>(nodes.Count);
        var state = new Dictionary<Node, int>(); // 1 = visiting, 2 = done
        foreach (var n in nodes) Visit(n);
        return order;

        void Visit(Node n)
        {
            if (state.TryGetValue(n, out int s))
            {
                if (s == 1) throw new InvalidInputException($"graph '{Name}': {n.Describe()} is part of a cycle; only feed-forward graphs are supported");
                return;
            }
            state[n] = 1;
            foreach (var i in n.Inputs)
            {
                if (known.Contains(i)) continue;
                if (!producer.TryGetValue(i, out var p))
                    throw new InvalidInputException(
                        $"graph '{Name}': {n.Describe()}: input '{i}' is not produced by any node, not a graph input and not an initializer");
                Visit(p);
            }
            state[n] = 2;
            order.Add(n);
        }
    }

    /// <summary>The nodes some output depends on, in the same order.</summary>
    private static Node[] Prune(List<Node> nodes, IReadOnlyList<string> outputs)
    {
        var needed = new HashSet<string>(outputs, StringComparer.Ordinal);
        var keep = new bool[nodes.Count];
        for (int k = nodes.Count - 1; k >= 0; k--)
        {
            if (!nodes[k].Outputs.Any(needed.Contains)) continue;
            keep[k] = true;
            foreach (var i in nodes[k].Inputs) needed.Add(i);
        }
        return nodes.Where((_, k) => keep[k]).ToArray();
    }
}
