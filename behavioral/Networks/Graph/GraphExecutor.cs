using Xbar.Behavioral.Networks.Graph.Operations;

namespace Xbar.Behavioral.Networks.Graph;

/// <summary>
/// Runs a <see cref="NetworkGraph"/>: every weight node is programmed once through the backend (at
/// construction), then any number of batches run through the nodes in topological order. Weight
/// products go to the backend (float or tiles); every other operation runs digitally in float.
/// Values are freed after their last reader unless asked for: <see cref="Run(IReadOnlyDictionary{string, Tensor}, IEnumerable{string}?)"/>
/// returns any intermediate value by name (pre-activations for the error split, each weight node's
/// input for the per-layer ranges).
/// </summary>
public sealed class GraphExecutor
{
    private readonly IReadOnlyList<IProgrammedMatrix>[] _products;
    private readonly string[][] _release; // per node: the values it is the last reader of
    private readonly ValueArena _arena = new(); // released values' arrays, reused by later nodes and runs
    private readonly bool[] _reluAfter; // per node: a convolution whose output only the Relu right after it reads

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
        _reluAfter = graph.Nodes.Select((n, k) => n.Op is Conv2d && k + 1 < graph.Nodes.Count
            && graph.Nodes[k + 1].Op is Elementwise { OpType: "Relu" } && graph.Nodes[k + 1].Inputs.SequenceEqual([n.Outputs[0]])
            && readers[n.Outputs[0]] == 1).ToArray();
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
            if (_reluAfter[k] && !kept.Contains(node.Outputs[0]))
            {
                // Conv then the Relu that alone reads it, in one pass (as ONNX Runtime fuses them): the
                // pre-activation is never stored unless asked for, so the fused run gives the same values.
                var activated = ((Conv2d)node.Op).Apply(args[0], _products[layer], relu: true);
                values[Graph.Nodes[k + 1].Outputs[0]] = activated;
                run.Hold(activated);
                Release(values, run, kept, k);
                Release(values, run, kept, ++k);
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
