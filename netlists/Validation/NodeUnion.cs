namespace Xbar.Netlists.Validation;

/// <summary>
/// Union-find over node names (compared with <see cref="NodeNames.Comparer"/>), iterative with union by
/// size, so million-node crossbar netlists neither recurse deeply nor build long chains.
/// </summary>
internal sealed class NodeUnion
{
    private readonly Dictionary<string, int> _index = new(NodeNames.Comparer);
    private readonly List<int> _parent = [];
    private readonly List<int> _size = [];

    /// <summary>The representative (an integer id) of <paramref name="node"/>'s group.</summary>
    public int Find(string node)
    {
        var name = NodeNames.IsGround(node) ? NodeNames.Ground : node;
        if (!_index.TryGetValue(name, out var i))
        {
            i = _parent.Count;
            _index[name] = i;
            _parent.Add(i);
            _size.Add(1);
            return i;
        }
        int root = i;
        while (_parent[root] != root) root = _parent[root];
        while (_parent[i] != root)
        {
            var next = _parent[i];
            _parent[i] = root;
            i = next;
        }
        return root;
    }

    public void Union(string a, string b)
    {
        int ra = Find(a), rb = Find(b);
        if (ra == rb) return;
        if (_size[ra] < _size[rb]) (ra, rb) = (rb, ra);
        _parent[rb] = ra;
        _size[ra] += _size[rb];
    }
}
