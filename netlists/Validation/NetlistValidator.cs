using Xbar.Netlists.Validation;

namespace Xbar.Netlists;

/// <summary>
/// Checks a <see cref="Netlist"/> (read or built in code) for what ngspice would accept silently
/// but simulate wrongly, or choke on: bad names, duplicates, undefined models/subcircuits/sources,
/// wrong node counts, zero resistors, dangling nodes, floating islands, nodes with no DC path
/// (only capacitors or current sources to ground), no ground, loops of voltage sources
/// (E/H/B-voltage sources and inductors, which are shorts at DC, included), controlled sources
/// sensing their own output, B-source expressions (syntax, probes, constant parts), options and
/// model parameters ngspice does not know, and values that become invalid once subcircuit
/// parameters are substituted.
/// </summary>
public static class NetlistValidator
{
    /// <summary>
    /// All problems found. With <paramref name="includeTopology"/> false the connectivity checks are
    /// skipped: the reader does that when some lines failed to parse, since a missing element would
    /// make its neighbours look dangling and bury the real error under follow-ups.
    /// </summary>
    public static IReadOnlyList<NetlistDiagnostic> Validate(Netlist netlist, bool includeTopology = true)
    {
        var diagnostics = new List<NetlistDiagnostic>();
        var scopes = new List<ValidationScope> { new(netlist.Elements, [], netlist.Models, netlist, null) };
        scopes.AddRange(netlist.Subcircuits.Select(s => new ValidationScope(s.Elements, s.Ports, s.Models, netlist, s)));
        foreach (var scope in scopes)
        {
            NamingCheck.Run(scope, diagnostics);
            ReferenceCheck.Run(scope, diagnostics);
            OptionAndModelCheck.Models(scope, diagnostics);
            if (!includeTopology) continue;
            BehavioralCheck.Run(scope, diagnostics);
            ConnectivityCheck.Run(scope, diagnostics);
            VoltageLoopCheck.Run(scope, diagnostics);
        }
        AnalysisCheck.Run(netlist, diagnostics);
        OptionAndModelCheck.Options(netlist, diagnostics);
        // Per-instance values only make sense once every definition is sound.
        if (includeTopology && diagnostics.Count == 0) SubstitutionCheck.Run(netlist, diagnostics);
        return diagnostics;
    }

    /// <summary>Throws <see cref="NetlistValidationException"/> when <see cref="Validate"/> finds anything.</summary>
    public static void ThrowIfInvalid(Netlist netlist)
    {
        var diagnostics = Validate(netlist);
        if (diagnostics.Count > 0) throw new NetlistValidationException(diagnostics);
    }
}
