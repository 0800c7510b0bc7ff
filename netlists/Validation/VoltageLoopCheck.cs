namespace Xbar.Netlists.Validation;

/// <summary>
/// Finds loops made only of branches that fix a voltage: V sources, E and H sources, B sources
/// with V=, and inductors (shorts at DC). KVL around such a loop either contradicts itself or
/// leaves the branch currents undetermined, so ngspice's matrix is singular (or it "fixes" it with
/// arbitrary values). Found with a union-find; the loop is traced to name all its members.
/// </summary>
internal static class VoltageLoopCheck
{
    public static void Run(ValidationScope scope, List<NetlistDiagnostic> diagnostics)
    {
        var union = new NodeUnion();
        var edges = new List<(string A, string B, Element Element)>();
        foreach (var e in scope.Elements)
        {
            if (VoltageBranch(e) is not var (a, b)) continue;
            if (union.Find(a) == union.Find(b))
            {
                var loop = TracePath(edges, NodeNames.Canonical(a), NodeNames.Canonical(b)).Prepend(e.Name);
                diagnostics.Add(new(e.Location,
                    $"{e.Name} closes a loop of voltage sources/inductors ({string.Join(", ", loop)}): the loop's voltages are over-determined (singular at DC)"));
                continue;
            }
            union.Union(a, b);
            edges.Add((NodeNames.Canonical(a), NodeNames.Canonical(b), e));
        }
    }

    private static (string, string)? VoltageBranch(Element e) => e switch
    {
        VoltageSource v => (v.Positive, v.Negative),
        Vcvs v => (v.Positive, v.Negative),
        Ccvs h => (h.Positive, h.Negative),
        Inductor l => (l.Positive, l.Negative),
        BehavioralSource { Kind: BehavioralKind.Voltage } b => (b.Positive, b.Negative),
        _ => null,
    };

    /// <summary>Element names on the (unique, since edges form a forest) path from a to b.</summary>
    private static IEnumerable<string> TracePath(List<(string A, string B, Element Element)> edges, string from, string to)
    {
        if (NodeNames.Comparer.Equals(from, to)) return [];
        var adjacent = new Dictionary<string, List<(string Node, Element Via)>>(NodeNames.Comparer);
        foreach (var (a, b, e) in edges)
        {
            (adjacent.TryGetValue(a, out var la) ? la : adjacent[a] = []).Add((b, e));
            (adjacent.TryGetValue(b, out var lb) ? lb : adjacent[b] = []).Add((a, e));
        }
        var previous = new Dictionary<string, (string Node, Element? Via)>(NodeNames.Comparer) { [from] = (from, null) };
        var queue = new Queue<string>([from]);
        while (queue.Count > 0 && !previous.ContainsKey(to))
        {
            var node = queue.Dequeue();
            foreach (var (next, via) in adjacent.GetValueOrDefault(node, []))
            {
                if (previous.ContainsKey(next)) continue;
                previous[next] = (node, via);
                queue.Enqueue(next);
            }
        }
        var path = new List<string>();
        for (var n = to; !NodeNames.Comparer.Equals(n, from) && previous.TryGetValue(n, out var step); n = step.Node) path.Add(step.Via!.Name);
        return path;
    }
}
