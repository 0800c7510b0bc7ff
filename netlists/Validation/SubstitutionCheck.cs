using Xbar.Netlists.Flattening;

namespace Xbar.Netlists.Validation;

/// <summary>
/// Validates subcircuit bodies with their parameters substituted, instance by instance, as the
/// simulator will see them: <c>R1 p q {r}</c> called with <c>r=0</c> (or <c>1e-999</c>) is a zero
/// resistor that ngspice would silently replace by 1 mOhm, and <c>I=v(p)/{g}</c> with <c>g=0</c>
/// divides by zero. Also refuses hierarchies that expand to more than
/// <see cref="SubcircuitFlattener.MaxExpandedElements"/> elements (their size is counted per
/// definition first, so a doubling hierarchy is refused without being expanded).
/// </summary>
internal static class SubstitutionCheck
{
    /// <summary>Problems reported before the check stops (one bad value repeats in every instance).</summary>
    private const int MaxReported = 20;

    public static void Run(Netlist netlist, List<NetlistDiagnostic> diagnostics)
    {
        var calls = netlist.Elements.OfType<SubcircuitInstance>().ToList();
        if (calls.Count == 0) return;
        double total = 0;
        foreach (var call in calls)
        {
            total += SubcircuitWalk.ExpandedSize(netlist, call);
            if (total > SubcircuitFlattener.MaxExpandedElements)
            {
                diagnostics.Add(new(call.Location, double.IsInfinity(total)
                    ? $"{call.Name}: subcircuit '{call.Subcircuit}' calls itself (directly or through others) or nests deeper than {SubcircuitWalk.MaxDepth} levels"
                    : $"{call.Name}: the subcircuit hierarchy expands to more than {SubcircuitFlattener.MaxExpandedElements:N0} elements ({total:G3} with this call); Xbar refuses circuits that large"));
                return;
            }
        }

        int reported = 0;
        var walk = new SubcircuitWalk(netlist, SubcircuitFlattener.MaxExpandedElements, CancellationToken.None);
        var scopes = new Dictionary<SubcircuitDefinition, ValidationScope>();
        void Report(Element e, InstanceFrame frame, string problem)
        {
            diagnostics.Add(new(e.Location, $"{e.Name} in {frame.Path} (called as {frame.CallChain}): {problem}"));
            if (++reported >= MaxReported) throw new StopWalk();
        }
        try
        {
            foreach (var call in calls)
                walk.Expand(call, (e, frame) =>
                {
                    if (e is BehavioralSource b)
                    {
                        CheckBehavioral(netlist, b, frame, scopes, Report);
                        return;
                    }
                    var substituted = ElementRewriter.Apply(e, new Rewrite(n => n, n => n, m => m, v => walk.Evaluate(v, frame.Parameters, e)));
                    foreach (var problem in ValueCheck.Problems(substituted))
                        Report(e, frame, $"after parameter substitution, {problem}");
                });
        }
        catch (StopWalk) { }
        catch (NetlistValidationException e)
        {
            // An expression that cannot be evaluated with this instance's values (undefined, infinite).
            diagnostics.AddRange(e.Diagnostics);
        }
    }

    private static void CheckBehavioral(Netlist netlist, BehavioralSource b, InstanceFrame frame,
        Dictionary<SubcircuitDefinition, ValidationScope> scopes, Action<Element, InstanceFrame, string> report)
    {
        var definition = netlist.Subcircuits.First(s => s.Elements.Contains(b));
        if (!scopes.TryGetValue(definition, out var scope))
            scopes[definition] = scope = new ValidationScope(definition.Elements, definition.Ports, definition.Models, netlist, definition);
        var nodes = new HashSet<string>(NodeNames.Comparer); // node names were checked per definition; only values here
        foreach (var problem in BehavioralCheck.Problems(b, nodes, scope, frame.Parameters.ContainsKey, n => frame.Parameters.TryGetValue(n, out var v) ? v : null)
                     .Where(p => !p.Contains("names node", StringComparison.Ordinal) && !p.StartsWith("i(", StringComparison.Ordinal)))
            report(b, frame, $"with this instance's parameters, {problem}");
    }

    private sealed class StopWalk : Exception;
}
