using Xbar.Netlists.Expressions;

namespace Xbar.Netlists.Validation;

/// <summary>
/// Checks B-source expressions while reading, where ngspice checks them only when it runs (and
/// then crashes on unbalanced parentheses, stops on an unknown name, or simulates on with 1e32 for
/// a division by zero): the expression must parse, every <c>v(node)</c> must name a node of the
/// scope, every <c>i(name)</c> a voltage source of the scope, every other name a parameter, and
/// no constant part may divide by zero or overflow. Inside a subcircuit, parameter values are
/// known only per instance; <see cref="SubstitutionCheck"/> folds them there.
/// </summary>
internal static class BehavioralCheck
{
    public static void Run(ValidationScope scope, List<NetlistDiagnostic> diagnostics)
    {
        var sources = scope.Elements.OfType<BehavioralSource>().ToList();
        if (sources.Count == 0) return;
        var nodes = new HashSet<string>(scope.Elements.SelectMany(e => e.Nodes).Concat(scope.Ports).Select(NodeNames.Canonical), NodeNames.Comparer) { NodeNames.Ground };
        var (isParameter, value) = Parameters(scope);
        foreach (var b in sources)
            foreach (var problem in Problems(b, nodes, scope, isParameter, value))
                diagnostics.Add(new(b.Location, $"{b.Name}: {problem}"));
    }

    /// <summary>The problems of one B source's expression (empty when it is sound).</summary>
    internal static IEnumerable<string> Problems(BehavioralSource b, IReadOnlySet<string> nodes, ValidationScope scope,
        Func<string, bool> isParameter, Func<string, double?> value)
    {
        BehavioralExpression expression;
        try
        {
            expression = BehavioralExpression.Parse(b.Expression);
        }
        catch (ExpressionException e)
        {
            return [$"expression '{ExpressionParser.Short(b.Expression)}': {e.Message}"];
        }
        var problems = new List<string>();
        foreach (var probe in expression.Probes)
        {
            if (probe.Kind == 'v')
            {
                foreach (var node in probe.Names.Where(n => !nodes.Contains(NodeNames.Canonical(n))))
                    problems.Add($"v({string.Join(",", probe.Names)}) names node '{node}', which no element of this {(scope.IsTop ? "netlist" : "subcircuit")} connects");
            }
            else if (scope.FindElement(probe.Names[0]) is not VoltageSource)
                problems.Add($"i({probe.Names[0]}): '{probe.Names[0]}' is not a voltage source in this {(scope.IsTop ? "netlist" : "subcircuit")} (ngspice measures currents only through V sources)");
        }
        problems.AddRange(expression.ConstantProblems(isParameter, value).Select(p => $"expression '{ExpressionParser.Short(b.Expression)}': {p}"));
        return problems;
    }

    /// <summary>Which names are parameters in <paramref name="scope"/>, and their values where known now (globals at the top level).</summary>
    private static (Func<string, bool> IsParameter, Func<string, double?> Value) Parameters(ValidationScope scope)
    {
        var globals = scope.Netlist.Parameters.Where(p => !p.Value.IsExpression)
            .GroupBy(p => p.Name, StringComparer.OrdinalIgnoreCase).ToDictionary(g => g.Key, g => g.First().Value.Number, StringComparer.OrdinalIgnoreCase);
        if (scope.Subcircuit is not { } sub)
            return (globals.ContainsKey, n => globals.TryGetValue(n, out var v) ? v : null);
        var local = new HashSet<string>(sub.Parameters.Select(p => p.Name).Concat(sub.LocalParameters.Select(p => p.Name)), StringComparer.OrdinalIgnoreCase);
        return (n => local.Contains(n) || globals.ContainsKey(n), n => !local.Contains(n) && globals.TryGetValue(n, out var v) ? v : null);
    }
}
