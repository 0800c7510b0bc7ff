using Xbar.Netlists.Expressions;
using Xbar.Netlists.Flattening;

namespace Xbar.Netlists;

/// <summary>
/// Expands every subcircuit call into plain elements, for engines that solve flat circuits (the
/// C# nodal solver). Names follow ngspice's flattening so results compare by name across engines:
/// internal node <c>mid</c> of <c>X1</c> becomes <c>X1.mid</c> (<c>X1.X2.mid</c> when nested), and
/// element <c>R1</c> of <c>X1</c> becomes <c>R.X1.R1</c>. Parameters resolve as in ngspice: instance
/// overrides, then the subcircuit's defaults, then its local <c>.param</c> cards, then globals.
/// Local models are hoisted to the top level as <c>X1.model</c>.
/// </summary>
public static class SubcircuitFlattener
{
    private const int MaxDepth = 64;

    /// <summary>A netlist without subcircuits; throws <see cref="InvalidInputException"/> for what cannot be flattened.</summary>
    public static Netlist Flatten(Netlist netlist)
    {
        var globals = new Dictionary<string, double>(StringComparer.OrdinalIgnoreCase);
        foreach (var p in netlist.Parameters) globals[p.Name] = p.Value.Number;
        var elements = new List<Element>();
        var models = new List<ModelDefinition>(netlist.Models);
        foreach (var e in netlist.Elements)
        {
            if (e is SubcircuitInstance x) Expand(netlist, x, x.Name, n => n, globals, globals, elements, models, 1);
            else elements.Add(e);
        }
        return netlist with { Elements = elements, Models = models, Subcircuits = [] };
    }

    private static void Expand(Netlist netlist, SubcircuitInstance call, string path, Func<string, string> outerNode,
        IReadOnlyDictionary<string, double> callerParameters, IReadOnlyDictionary<string, double> globals,
        List<Element> output, List<ModelDefinition> models, int depth)
    {
        if (depth > MaxDepth)
            throw new InvalidInputException($"{call.Location}: {call.Name}: subcircuits nest deeper than {MaxDepth} levels (recursive definition?)");
        var definition = netlist.FindSubcircuit(call.Subcircuit)
            ?? throw new InvalidInputException($"{call.Location}: {call.Name}: undefined subcircuit '{call.Subcircuit}'");
        if (definition.Ports.Count != call.Connections.Count)
            throw new InvalidInputException($"{call.Location}: {call.Name}: subcircuit '{definition.Name}' has {definition.Ports.Count} port(s) but {call.Connections.Count} node(s) are given");

        var scope = new Dictionary<string, double>(globals, StringComparer.OrdinalIgnoreCase);
        var overrides = call.Parameters.ToDictionary(p => p.Name, p => Evaluate(p.Value, callerParameters, call).Number, StringComparer.OrdinalIgnoreCase);
        foreach (var p in definition.Parameters)
            scope[p.Name] = overrides.TryGetValue(p.Name, out var given) ? given : Evaluate(p.Value, scope, call).Number;
        foreach (var p in definition.LocalParameters) scope[p.Name] = Evaluate(p.Value, scope, p).Number;

        var ports = new Dictionary<string, string>(NodeNames.Comparer);
        for (int i = 0; i < definition.Ports.Count; i++) ports[definition.Ports[i]] = outerNode(call.Connections[i]);
        string Node(string n) => NodeNames.IsGround(n) ? NodeNames.Ground : ports.TryGetValue(n, out var outer) ? outer : $"{path}.{n}";

        var localModels = new HashSet<string>(definition.Models.Select(m => m.Name), StringComparer.OrdinalIgnoreCase);
        foreach (var m in definition.Models)
            models.Add(m with { Name = $"{path}.{m.Name}", Parameters = m.Parameters.Select(p => p with { Value = Evaluate(p.Value, scope, m) }).ToList() });

        foreach (var e in definition.Elements)
        {
            var rewrite = new Rewrite(
                Node,
                name => $"{char.ToUpperInvariant(name[0])}.{path}.{name}",
                model => localModels.Contains(model) ? $"{path}.{model}" : model,
                value => Evaluate(value, scope, e));
            if (e is SubcircuitInstance inner)
                Expand(netlist, inner, $"{path}.{inner.Name}", Node, scope, globals, output, models, depth + 1);
            else
                output.Add(ElementRewriter.Apply(e, rewrite));
        }
    }

    private static SpiceValue Evaluate(SpiceValue value, IReadOnlyDictionary<string, double> parameters, Located where)
    {
        if (!value.IsExpression) return value;
        try
        {
            var result = ExpressionParser.Parse(value.Expression!).Evaluate(n => parameters.TryGetValue(n, out var v) ? v : null);
            if (!double.IsFinite(result)) throw new ExpressionException($"'{{{value.Expression}}}' evaluates to {result}");
            return result;
        }
        catch (ExpressionException e)
        {
            throw new InvalidInputException($"{where.Location}: {e.Message}", e);
        }
    }
}
