namespace Xbar.Netlists.Validation;

/// <summary>
/// Finds nodes ngspice would "rescue" silently: a node touched by only one terminal (dangling), a
/// group of nodes linked to ground by no element (an island), and a netlist with no ground at all.
/// In a subcircuit body each port counts as a connection and as a way out to the caller.
/// Terminals are joined into groups the way current can flow: a controlled source's control pins
/// and a MOSFET gate sense voltage without conducting, so they do not join their element's group.
/// </summary>
internal static class ConnectivityCheck
{
    public static void Run(ValidationScope scope, List<NetlistDiagnostic> diagnostics)
    {
        if (scope.Elements.Count == 0) return;
        var counts = new Dictionary<string, (int Count, Element First, string Spelling)>(NodeNames.Comparer);
        foreach (var e in scope.Elements)
            foreach (var node in e.Nodes)
            {
                var key = NodeNames.Canonical(node);
                counts[key] = counts.TryGetValue(key, out var c) ? (c.Count + 1, c.First, c.Spelling) : (1, e, node);
            }
        foreach (var port in scope.Ports)
        {
            var key = NodeNames.Canonical(port);
            if (!counts.ContainsKey(key))
                diagnostics.Add(new(scope.Anchor, $"port '{port}' of .subckt {scope.Subcircuit!.Name} is not used inside it"));
            else
                counts[key] = (counts[key].Count + 1, counts[key].First, counts[key].Spelling);
        }

        foreach (var (key, c) in counts)
            if (key != "0" && c.Count == 1)
                diagnostics.Add(new(c.First.Location,
                    $"node '{c.Spelling}' has only one connection ({c.First.Name}): it floats (ngspice would silently give it an arbitrary voltage)"));

        if (scope.IsTop && !counts.ContainsKey("0"))
        {
            diagnostics.Add(new(scope.Anchor, "no ground node: connect the circuit to node 0 (or gnd)"));
            return;
        }
        var (union, anchored) = ReportIslands(scope, counts.Keys, diagnostics);
        DcPathCheck.Run(scope, counts.ToDictionary(kv => kv.Key, kv => kv.Value.Count, NodeNames.Comparer), union, anchored, diagnostics);
    }

    /// <summary>Reports the islands; returns the union of conducting groups and the groups anchored at ground or a port, which the DC-path check reuses.</summary>
    private static (NodeUnion Union, HashSet<int> Anchored) ReportIslands(ValidationScope scope, IEnumerable<string> nodes, List<NetlistDiagnostic> diagnostics)
    {
        var union = new NodeUnion();
        foreach (var e in scope.Elements)
            foreach (var group in ConductingGroups(e))
                for (int i = 1; i < group.Length; i++) union.Union(group[0], group[i]);
        var anchored = new HashSet<int> { union.Find("0") };
        foreach (var port in scope.Ports) anchored.Add(union.Find(port));

        var islands = nodes.Where(n => !anchored.Contains(union.Find(n))).GroupBy(union.Find);
        foreach (var island in islands)
        {
            var members = island.ToHashSet(NodeNames.Comparer);
            var first = scope.Elements.First(e => e.Nodes.Any(members.Contains));
            var names = string.Join(", ", members.Order().Take(5)) + (members.Count > 5 ? ", ..." : "");
            var target = scope.IsTop ? "ground" : "ground or a port";
            diagnostics.Add(new(first.Location, $"node(s) {names} are not connected to {target} through any element (a floating island)"));
        }
        return (union, anchored);
    }

    /// <summary>Terminal groups between which current can flow inside the element.</summary>
    internal static IEnumerable<string[]> ConductingGroups(Element e) => e switch
    {
        Vcvs v => [[v.Positive, v.Negative], [v.ControlPositive], [v.ControlNegative]],
        Vccs g => [[g.Positive, g.Negative], [g.ControlPositive], [g.ControlNegative]],
        VoltageSwitch s => [[s.Positive, s.Negative], [s.ControlPositive], [s.ControlNegative]],
        Mosfet m => [[m.Drain, m.Source, m.Bulk], [m.Gate]],
        _ => [e.Nodes.ToArray()],
    };
}
