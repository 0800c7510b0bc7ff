namespace Xbar.Netlists.Validation;

/// <summary>Analyses and initial conditions must name things that exist at the top level.</summary>
internal static class AnalysisCheck
{
    public static void Run(Netlist netlist, List<NetlistDiagnostic> diagnostics)
    {
        foreach (var dc in netlist.Analyses.OfType<DcSweepAnalysis>())
            if (netlist.Find(dc.Source) is not IndependentSource)
                diagnostics.Add(new(dc.Location, $".dc: swept source '{dc.Source}' is not an independent V or I source of the netlist"));

        var nodes = new HashSet<string>(netlist.Nodes, NodeNames.Comparer);
        foreach (var ic in netlist.InitialConditions)
            if (!nodes.Contains(ic.Node))
                diagnostics.Add(new(ic.Location, $".ic: node '{ic.Node}' is not a node of the netlist"));
    }
}
