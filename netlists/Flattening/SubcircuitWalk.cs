using Xbar.Netlists.Expressions;

namespace Xbar.Netlists.Flattening;

/// <summary>
/// One subcircuit instance during a walk: its hierarchical path (<c>X1.X2</c>), its parameters
/// evaluated as ngspice would (instance overrides, then the definition's defaults, then its local
/// <c>.param</c> cards, over the globals), how its nodes map to the caller's, which model names are
/// its own, and the chain of calls that led to it (outermost first) for messages.
/// </summary>
internal sealed record InstanceFrame(
    string Path,
    IReadOnlyDictionary<string, double> Parameters,
    Func<string, string> Node,
    IReadOnlySet<string> LocalModels,
    IReadOnlyList<SubcircuitInstance> Calls)
{
    /// <summary>"X1 (file:line) > X2 (file:line)": where the values of this instance come from.</summary>
    public string CallChain => string.Join(" > ", Calls.Select(c => $"{c.Name} ({c.Location})"));
}

/// <summary>
/// Expands subcircuit calls depth-first in file order and hands every body element to a visitor
/// with its <see cref="InstanceFrame"/>: the one traversal behind flattening (for the nodal solver)
/// and the reader's check of values after parameter substitution. It refuses hierarchies nested
/// deeper than <see cref="MaxDepth"/> or expanding to more than a budget of elements (a 1 KB
/// netlist whose subcircuits double at each level would otherwise fill the memory), and stops
/// when its cancellation token fires (the engines' timeout).
/// </summary>
internal sealed class SubcircuitWalk(Netlist netlist, long maxElements, CancellationToken cancellation)
{
    public const int MaxDepth = 64;

    private readonly Dictionary<string, ExpressionNode> _parsed = new(StringComparer.Ordinal);
    private long _visited;

    private readonly Dictionary<string, double> _globals = Globals(netlist);

    /// <summary>Expands the top-level call <paramref name="call"/>: <paramref name="visitElement"/> gets each body element, <paramref name="visitModel"/> each instance's local models.</summary>
    public void Expand(SubcircuitInstance call, Action<Element, InstanceFrame> visitElement, Action<ModelDefinition, InstanceFrame>? visitModel = null) =>
        Expand(call, call.Name, n => n, _globals, _globals, [call], visitElement, visitModel);

    private static Dictionary<string, double> Globals(Netlist netlist)
    {
        var globals = new Dictionary<string, double>(StringComparer.OrdinalIgnoreCase);
        foreach (var p in netlist.Parameters) globals[p.Name] = p.Value.Number;
        return globals;
    }

    private void Expand(SubcircuitInstance call, string path, Func<string, string> outerNode,
        IReadOnlyDictionary<string, double> callerParameters, IReadOnlyDictionary<string, double> globals,
        IReadOnlyList<SubcircuitInstance> calls, Action<Element, InstanceFrame> visitElement, Action<ModelDefinition, InstanceFrame>? visitModel)
    {
        cancellation.ThrowIfCancellationRequested();
        if (calls.Count > MaxDepth)
            throw Invalid(call.Location, $"{call.Name}: subcircuits nest deeper than {MaxDepth} levels (recursive definition?)");
        var definition = netlist.FindSubcircuit(call.Subcircuit)
            ?? throw Invalid(call.Location, $"{call.Name}: undefined subcircuit '{call.Subcircuit}'");
        if (definition.Ports.Count != call.Connections.Count)
            throw Invalid(call.Location, $"{call.Name}: subcircuit '{definition.Name}' has {definition.Ports.Count} port(s) but {call.Connections.Count} node(s) are given");

        var scope = new Dictionary<string, double>(globals, StringComparer.OrdinalIgnoreCase);
        var overrides = call.Parameters.ToDictionary(p => p.Name, p => Evaluate(p.Value, callerParameters, call).Number, StringComparer.OrdinalIgnoreCase);
        foreach (var p in definition.Parameters)
            scope[p.Name] = overrides.TryGetValue(p.Name, out var given) ? given : Evaluate(p.Value, scope, call).Number;
        foreach (var p in definition.LocalParameters) scope[p.Name] = Evaluate(p.Value, scope, p).Number;

        var ports = new Dictionary<string, string>(NodeNames.Comparer);
        for (int i = 0; i < definition.Ports.Count; i++) ports[definition.Ports[i]] = outerNode(call.Connections[i]);
        string Node(string n) => NodeNames.IsGround(n) ? NodeNames.Ground : ports.TryGetValue(n, out var outer) ? outer : $"{path}.{n}";

        var localModels = new HashSet<string>(definition.Models.Select(m => m.Name), StringComparer.OrdinalIgnoreCase);
        var frame = new InstanceFrame(path, scope, Node, localModels, calls);
        if (visitModel is not null)
            foreach (var m in definition.Models) visitModel(m, frame);

        foreach (var e in definition.Elements)
        {
            if (e is SubcircuitInstance inner)
            {
                Expand(inner, $"{path}.{inner.Name}", Node, scope, globals, [.. calls, inner], visitElement, visitModel);
                continue;
            }
            if (++_visited > maxElements)
                throw Invalid(calls[0].Location, $"{calls[0].Name}: the subcircuit hierarchy expands to more than {maxElements} elements; Xbar refuses circuits that large");
            if ((_visited & 0xFFF) == 0) cancellation.ThrowIfCancellationRequested();
            visitElement(e, frame);
        }
    }

    /// <summary>Evaluates an expression value with <paramref name="parameters"/>; a number stays as it is.</summary>
    public SpiceValue Evaluate(SpiceValue value, IReadOnlyDictionary<string, double> parameters, Located where)
    {
        if (!value.IsExpression) return value;
        try
        {
            if (!_parsed.TryGetValue(value.Expression!, out var tree))
                _parsed[value.Expression!] = tree = ExpressionParser.Parse(value.Expression!);
            var result = tree.Evaluate(n => parameters.TryGetValue(n, out var v) ? v : null);
            if (!double.IsFinite(result)) throw new ExpressionException($"'{{{value.Expression}}}' evaluates to {result}");
            return result;
        }
        catch (ExpressionException e)
        {
            throw Invalid(where.Location, e.Message);
        }
    }

    private static NetlistValidationException Invalid(SourceLocation at, string message) => new([new NetlistDiagnostic(at, message)]);

    /// <summary>
    /// How many elements the hierarchy expands to, counted per definition (so a doubling hierarchy
    /// costs nothing to measure); infinity for a recursive or too deep one.
    /// </summary>
    public static double ExpandedSize(Netlist netlist, SubcircuitInstance call)
    {
        var memo = new Dictionary<string, double>(StringComparer.OrdinalIgnoreCase);
        var open = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        double Size(string name, int depth)
        {
            if (memo.TryGetValue(name, out var known)) return known;
            var definition = netlist.FindSubcircuit(name);
            if (definition is null) return 0; // reported by the reference check
            if (depth > MaxDepth || !open.Add(name)) return double.PositiveInfinity;
            double size = 0;
            foreach (var e in definition.Elements)
                size += e is SubcircuitInstance x ? Size(x.Subcircuit, depth + 1) : 1;
            open.Remove(name);
            return memo[name] = size;
        }
        return Size(call.Subcircuit, 1);
    }
}
