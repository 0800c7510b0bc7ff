namespace Xbar.Behavioral.Networks.Graph;

/// <summary>
/// A weight backend that keeps only some layers' tiles in memory: a layer is programmed (through the wrapped
/// backend) when a batch first reaches it, and the least recently used layers are dropped once more than
/// <see cref="MaxResidentTiles"/> tiles are held. Programming is deterministic (seeds from the layer and the
/// block), so a layer programmed again is the same tiles; a network too big to hold (ResNet-18 bit-sliced on
/// binary cells is 62,000 tiles of about 200 kB) then runs in the memory of its largest layer, paying its
/// programming once per batch: run big batches. A tile's read-noise draws restart when it is programmed
/// again, so with read noise each batch sees the same noise sequence.
/// </summary>
public sealed class LayerStreamingBackend : IWeightBackend
{
    private readonly IWeightBackend _inner;
    private readonly object _gate = new();
    private readonly Dictionary<int, IWeightOperation> _ops = [];
    private readonly LinkedList<(int Layer, IReadOnlyList<IProgrammedMatrix> Products, int Tiles)> _resident = new(); // most recent first

    /// <param name="maxResidentTiles">Tiles kept programmed between layers (the layer running is always kept, however big).</param>
    public LayerStreamingBackend(IWeightBackend inner, int maxResidentTiles)
    {
        if (maxResidentTiles < 0) throw new ArgumentOutOfRangeException(nameof(maxResidentTiles), "must be >= 0");
        _inner = inner;
        MaxResidentTiles = maxResidentTiles;
    }

    public int MaxResidentTiles { get; }

    /// <summary>Layers programmed so far (a layer programmed again counts again).</summary>
    public int Programmings { get; private set; }

    public string Name => _inner.Name;

    /// <summary>Stand-ins that program the layer on first use.</summary>
    public IReadOnlyList<IProgrammedMatrix> Program(IWeightOperation op, int layer)
    {
        lock (_gate) _ops[layer] = op;
        return Enumerable.Range(0, op.Groups).Select(g => (IProgrammedMatrix)new Deferred(this, layer, g, op.MatrixOutputs, op.MatrixInputs)).ToArray();
    }

    private IProgrammedMatrix Products(int layer, int group)
    {
        lock (_gate)
        {
            for (var node = _resident.First; node is not null; node = node.Next)
                if (node.Value.Layer == layer)
                {
                    _resident.Remove(node);
                    _resident.AddFirst(node);
                    return node.Value.Products[group];
                }
            // Drop least recently used layers first, so the new one's tiles replace theirs in memory.
            int held = _resident.Sum(r => r.Tiles);
            while (_resident.Count > 0 && held > MaxResidentTiles)
            {
                held -= _resident.Last!.Value.Tiles;
                _resident.RemoveLast();
            }
            var products = _inner.Program(_ops[layer], layer);
            Programmings++;
            int tiles = products.Sum(p => p is TiledMatrix t ? t.TileCount : 1);
            _resident.AddFirst((layer, products, tiles));
            held += tiles;
            while (_resident.Count > 1 && held > MaxResidentTiles)
            {
                held -= _resident.Last!.Value.Tiles;
                _resident.RemoveLast();
            }
            return products[group];
        }
    }

    private sealed class Deferred(LayerStreamingBackend owner, int layer, int group, int outputs, int inputs) : IProgrammedMatrix
    {
        public int Outputs => outputs;
        public int Inputs => inputs;

        public void Multiply(ReadOnlySpan<double> x, Span<double> y) => owner.Products(layer, group).Multiply(x, y);

        public void MultiplyBatch(ReadOnlySpan<double> x, Span<double> y, int count) => owner.Products(layer, group).MultiplyBatch(x, y, count);
    }
}
