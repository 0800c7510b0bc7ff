using Xbar.Behavioral.Networks.Graph.Operations;

namespace Xbar.Behavioral.Networks.Graph;

/// <summary>
/// Runs a <see cref="NetworkGraph"/>: every weight node is programmed once through the backend (at
/// construction), then any number of batches run through the nodes in topological order. Weight
/// products go to the backend (float or tiles); every other operation runs digitally in float.
/// Values are freed after their last reader unless asked for: <see cref="Run(IReadOnlyDictionary{string, Tensor}, IEnumerable{string}?)"/>
/// returns any intermediate value by name (pre-activations for the error split, each weight node's
/// input for the per-layer ranges). A freed value's array goes back to the executor's <see cref="ValueArena"/>
/// for later nodes and runs. A convolution and the residual Add and Relu that alone read it run as one
/// pass (<see cref="Conv2d.Apply(Tensor, IReadOnlyList{IProgrammedMatrix}, Tensor?, bool)"/>) unless one of
/// their intermediate values is asked for: the same operations in the same order, so the same values.
/// </summary>
public sealed class GraphExecutor
{
    private readonly IReadOnlyList<IProgrammedMatrix>[] _products;
    private readonly string[][] _release; // per node: the values it is the last reader of
    private readonly ValueArena _arena = new(); // released values' arrays, reused by later nodes and runs
    private readonly Fusion?[] _fusion; // per node: a convolution and the nodes after it that run in its pass

    public GraphExecutor(NetworkGraph graph, IWeightBackend backend)
    {
        Graph = graph;
        Backend = backend;
        _products = graph.WeightNodes.Select((n, l) => backend.Program((IWeightOperation)n.Op, l)).ToArray();
        // The last node to read each value, so it can be dropped as soon as it is no longer needed.
        var last = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int k = 0; k < graph.Nodes.Count; k++)
            foreach (var i in graph.Nodes[k].Inputs) last[i] = k;
        _release = new string[graph.Nodes.Count][];
        for (int k = 0; k < _release.Length; k++)
            _release[k] = last.Where(kv => kv.Value == k && !graph.Initializers.ContainsKey(kv.Key)).Select(kv => kv.Key).ToArray();
        var readers = graph.Nodes.SelectMany(n => n.Inputs).Concat(graph.Outputs).GroupBy(v => v, StringComparer.Ordinal)
            .ToDictionary(r => r.Key, r => r.Count(), StringComparer.Ordinal);
        _fusion = Enumerable.Range(0, graph.Nodes.Count).Select(k => Fusion.Plan(graph, k, readers)).ToArray();
    }

    public NetworkGraph Graph { get; }

    public IWeightBackend Backend { get; }

    /// <summary>Layer <paramref name="layer"/>'s programmed products, one per group.</summary>
    public IReadOnlyList<IProgrammedMatrix> Products(int layer) => _products[layer];

    /// <summary>Tiles programmed for the whole graph (0 on a float backend).</summary>
    public int TileCount => _products.SelectMany(p => p).Sum(p => p is TiledMatrix t ? t.TileCount : 0);

    /// <summary>
    /// Runs one batch. <paramref name="inputs"/> holds every graph input as N x (its sample shape);
    /// the result holds every graph output and every value named in <paramref name="keep"/>.
    /// </summary>
    public IReadOnlyDictionary<string, Tensor> Run(IReadOnlyDictionary<string, Tensor> inputs, IEnumerable<string>? keep = null)
    {
        var values = new Dictionary<string, Tensor>(Graph.Initializers, StringComparer.Ordinal);
        int batch = -1;
        foreach (var input in Graph.Inputs)
        {
            if (!inputs.TryGetValue(input.Name, out var t))
                throw new InvalidInputException($"graph '{Graph.Name}': input '{input.Name}' was not given");
            if (t.Rank != input.SampleShape.Length + 1 || !t.Dims[1..].SequenceEqual(input.SampleShape))
                throw new InvalidInputException(
                    $"graph '{Graph.Name}': input '{input.Name}' takes N x {Tensor.Describe(input.SampleShape)}, got {Tensor.Describe(t.Dims)}");
            if (batch >= 0 && t.Dim(0) != batch)
                throw new InvalidInputException($"graph '{Graph.Name}': inputs have batch sizes {batch} and {t.Dim(0)}");
            batch = t.Dim(0);
            values[input.Name] = t;
        }
        var kept = new HashSet<string>(Graph.Outputs, StringComparer.Ordinal);
        if (keep is not null)
            foreach (var k in keep)
            {
                if (!Graph.HasValue(k)) throw new ArgumentException($"graph '{Graph.Name}' has no value '{k}'");
                kept.Add(k);
            }
        var args = new List<Tensor>(4);
        using var run = _arena.Enter();
        for (int k = 0; k < Graph.Nodes.Count; k++)
        {
            var node = Graph.Nodes[k];
            args.Clear();
            foreach (var i in node.Inputs) args.Add(values[i]);
            int layer = Graph.LayerOf(node);
            if (_fusion[k] is { } fused && !Enumerable.Range(k, fused.Nodes).Any(j => kept.Contains(Graph.Nodes[j].Outputs[0])))
            {
                // The convolution with the Add and Relu that alone read it, in one pass: their intermediate
                // values are never stored (unless asked for: then the nodes run one by one), the last one is.
                var y = ((Conv2d)node.Op).Apply(args[0], _products[layer], fused.Residual is { } r ? values[r] : null, fused.Relu);
                values[Graph.Nodes[k + fused.Nodes].Outputs[0]] = y;
                run.Hold(y);
                for (int j = k; j <= k + fused.Nodes; j++) Release(values, run, kept, j);
                k += fused.Nodes;
                continue;
            }
            Tensor[] outputs = layer >= 0
                ? [((IWeightOperation)node.Op).Apply(args[0], _products[layer])]
                : node.Op.Run(args);
            for (int o = 0; o < node.Outputs.Count; o++)
            {
                values[node.Outputs[o]] = outputs[o];
                run.Hold(outputs[o]);
            }
            Release(values, run, kept, k);
        }
        return kept.ToDictionary(k => k, k => values[k], StringComparer.Ordinal);
    }

    /// <summary>
    /// A convolution fused with the <see cref="Nodes"/> nodes right after it, as ONNX Runtime fuses Conv, Add
    /// and Relu: an Add of a same-shape <see cref="Residual"/> (a ResNet shortcut), then a Relu, each the only
    /// reader of the value before it. The fused pass applies them to each output plane while it is in cache.
    /// </summary>
    private readonly record struct Fusion(int Nodes, string? Residual, bool Relu)
    {
        public static Fusion? Plan(NetworkGraph graph, int k, IReadOnlyDictionary<string, int> readers)
        {
            var nodes = graph.Nodes;
            if (nodes[k].Op is not Conv2d) return null;
            string value = nodes[k].Outputs[0];
            int next = k + 1;
            bool AloneReads(int j) => j < nodes.Count && readers.GetValueOrDefault(value) == 1 && nodes[j].Inputs.Contains(value);
            string? residual = null;
            if (AloneReads(next) && nodes[next].Op is Binary { Kind: BinaryKind.Add } && nodes[next].Inputs.Count == 2)
            {
                var other = nodes[next].Inputs[0] == value ? nodes[next].Inputs[1] : nodes[next].Inputs[0];
                ValueShape shape = graph.ShapeOf(other), own = graph.ShapeOf(value);
                if (other != value && shape.Batched && shape.Dims.SequenceEqual(own.Dims))
                {
                    residual = other;
                    value = nodes[next++].Outputs[0];
                }
            }
            bool relu = AloneReads(next) && nodes[next].Op is Elementwise { OpType: "Relu" };
            if (relu) next++;
            return next == k + 1 ? null : new Fusion(next - k - 1, residual, relu);
        }
    }

    /// <summary>Drops the values node <paramref name="k"/> was the last reader of (unless kept); their arrays go back to the arena.</summary>
    private void Release(Dictionary<string, Tensor> values, ValueArena.Run run, HashSet<string> kept, int k)
    {
        foreach (var v in _release[k])
            if (!kept.Contains(v) && values.Remove(v, out var released)) run.Release(released);
    }

    /// <summary>The single output for the single input (N x sample shape).</summary>
    public Tensor Run(Tensor input) => Run(new Dictionary<string, Tensor> { [Graph.SingleInput.Name] = input })[Graph.SingleOutput];

    /// <summary>The single output for <paramref name="count"/> samples of the single input, given flat (count x sample size values).</summary>
    public Tensor Run(ReadOnlySpan<double> samples, int count) => Run(InputTensor(samples, count));

    /// <summary>
    /// The single output for many samples, run in batches of <paramref name="batch"/>: count x (output
    /// sample size) values, in order. <paramref name="progress"/> gets the samples done so far.
    /// </summary>
    public double[] RunAll(double[] samples, int count, int batch = 256, Action<int>? progress = null)
    {
        if (batch < 1) throw new ArgumentOutOfRangeException(nameof(batch), "batch must be at least 1");
        int inSize = SampleSize(Graph.SingleInput.SampleShape);
        int outSize = SampleSize(Graph.ShapeOf(Graph.SingleOutput).SampleDims);
        var result = new double[(long)count * outSize];
        for (int start = 0; start < count; start += batch)
        {
            int n = Math.Min(batch, count - start);
            var y = Run(samples.AsSpan(start * inSize, n * inSize), n);
            Array.Copy(y.Data, 0, result, (long)start * outSize, y.Length);
            progress?.Invoke(start + n);
        }
        return result;
    }

    /// <summary>Flat samples as a tensor of the single input's shape with batch <paramref name="count"/> (copied).</summary>
    public Tensor InputTensor(ReadOnlySpan<double> samples, int count)
    {
        var shape = Graph.SingleInput.SampleShape;
        int size = SampleSize(shape);
        if (samples.Length < count * size)
            throw new InvalidInputException($"graph '{Graph.Name}': {count} samples of {Tensor.Describe(shape)} need {count * size} values, got {samples.Length}");
        return new Tensor([count, .. shape], samples[..(count * size)].ToArray());
    }

    private static int SampleSize(int[] shape) => (int)Tensor.Size(shape);
}
