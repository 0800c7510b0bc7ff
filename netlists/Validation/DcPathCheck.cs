namespace Xbar.Netlists.Validation;

/// <summary>
/// Finds nodes that are connected to the rest of the circuit, but reach ground (or, in a
/// subcircuit body, a port) only through capacitors and current sources (C, I, G, F, and B with
/// I=). Such a node has no defined DC voltage, so the operating point that .op, .dc, .ac and
/// .tran without UIC start from is singular; ngspice does not refuse it but prints a warning,
/// adds gmin and goes on with an arbitrary voltage. Subcircuit instances are taken as conducting
/// between all their pins, so a path through one is never doubted (no false alarm).
/// Skipped when every analysis is a .tran with UIC, which starts from the given initial conditions.
/// Run by <see cref="ConnectivityCheck"/>, whose terminal counts and conducting groups it reuses.
/// </summary>
internal static class DcPathCheck
{
    /// <param name="terminals">Terminal count of every node (ports included), from <see cref="ConnectivityCheck"/>.</param>
    /// <param name="any">ConnectivityCheck's union of conducting groups, and <paramref name="anchored"/> its groups that hold ground or a port.</param>
    public static void Run(ValidationScope scope, IReadOnlyDictionary<string, int> terminals, NodeUnion any, HashSet<int> anchored,
        List<NetlistDiagnostic> diagnostics)
    {
        if (!NeedsOperatingPoint(scope.Netlist)) return;
        var dc = new NodeUnion();
        foreach (var e in scope.Elements.Where(ConductsAtDc))
            foreach (var group in ConnectivityCheck.ConductingGroups(e))
                for (int i = 1; i < group.Length; i++) dc.Union(group[0], group[i]);
        var anchoredDc = new HashSet<int> { dc.Find("0") };
        foreach (var port in scope.Ports) anchoredDc.Add(dc.Find(port));

        // Nodes in no group with ground at all are floating islands, and nodes with one terminal dangle:
        // ConnectivityCheck reports both, so they are not reported twice.
        var nodes = terminals.Keys
            .Where(n => !NodeNames.IsGround(n) && terminals[n] > 1 && anchored.Contains(any.Find(n)) && !anchoredDc.Contains(dc.Find(n)));
        foreach (var group in nodes.GroupBy(dc.Find))
        {
            var members = group.ToHashSet(NodeNames.Comparer);
            var blockers = scope.Elements.Where(e => !ConductsAtDc(e) && e.Nodes.Any(members.Contains)).ToList();
            var first = blockers.FirstOrDefault() ?? scope.Elements.First(e => e.Nodes.Any(members.Contains));
            var names = string.Join(", ", members.Order().Take(5)) + (members.Count > 5 ? ", ..." : "");
            var through = string.Join(", ", blockers.Take(4).Select(b => b.Name)) + (blockers.Count > 4 ? ", ..." : "");
            var target = scope.IsTop ? "ground" : "ground or a port";
            diagnostics.Add(new(first.Location,
                $"node(s) {names} reach {target} only through capacitors or current sources ({through}): no DC path, so the operating point is singular " +
                "(ngspice would add gmin and go on with an arbitrary voltage); add a resistor to ground, or use .tran ... uic"));
        }
    }

    /// <summary>Elements that carry no DC current set by the voltage across them: an open capacitor, or a current source.</summary>
    private static bool ConductsAtDc(Element e) =>
        e is not (Capacitor or CurrentSource or Vccs or Cccs or BehavioralSource { Kind: BehavioralKind.Current });

    /// <summary>False only when there are analyses and every one is a .tran with UIC.</summary>
    private static bool NeedsOperatingPoint(Netlist netlist) =>
        netlist.Analyses.Count == 0 || netlist.Analyses.Any(a => a is not TransientAnalysis { UseInitialConditions: true });
}
