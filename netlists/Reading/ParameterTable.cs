using Xbar.Netlists.Lexing;
using Xbar.Netlists.Expressions;

namespace Xbar.Netlists.Reading;

/// <summary>
/// The global <c>.param</c> definitions, evaluated on demand so a parameter may refer to one
/// defined later in the file (ngspice allows this); cycles and undefined names are reported at the
/// defining line, once. Evaluation recurses through the definitions a value depends on, so the
/// summed depth of the expressions along one chain is bounded (<see cref="MaxChainDepth"/>):
/// 100,000 parameters each defined by the next are refused, not a stack overflow.
/// </summary>
internal sealed class ParameterTable(DiagnosticBag diagnostics)
{
    /// <summary>Largest summed expression depth along one chain of parameters that refer to each other.</summary>
    public const int MaxChainDepth = 1000;

    private int _chainDepth;

    private readonly Dictionary<string, (string Name, string Text, SourceLocation Location)> _definitions =
        new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, double?> _values = new(StringComparer.OrdinalIgnoreCase);
    private readonly HashSet<string> _evaluating = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<string> _order = [];

    /// <summary>Registers <c>name = text</c>; a second definition of the same name is an error.</summary>
    public void Define(string name, string text, SourceLocation location)
    {
        if (_definitions.TryGetValue(name, out var first))
        {
            diagnostics.Add(location, $".param: parameter '{name}' is already defined at {first.Location}");
            return;
        }
        _definitions[name] = (name, text, location);
        _order.Add(name);
    }

    public bool IsDefined(string name) => _definitions.ContainsKey(name);

    /// <summary>The value of <paramref name="name"/>, or null when undefined or in error (already reported).</summary>
    public double? Lookup(string name)
    {
        if (!_definitions.TryGetValue(name, out var definition)) return null;
        if (_values.TryGetValue(name, out var known)) return known;
        if (!_evaluating.Add(name))
        {
            diagnostics.Add(definition.Location, $".param: parameter '{definition.Name}' depends on itself");
            _values[name] = null;
            return null;
        }
        double? value = null;
        int entered = 0;
        try
        {
            var tree = ExpressionParser.Parse(definition.Text);
            entered = tree.Depth;
            _chainDepth += entered;
            if (_chainDepth > MaxChainDepth)
                throw new ExpressionException($"parameters refer to one another too deeply (more than {MaxChainDepth} levels of expressions along one chain)");
            value = tree.Evaluate(n => Lookup(n) ?? throw Undefined(n));
            if (!double.IsFinite(value.Value))
            {
                diagnostics.Add(definition.Location, $".param: '{definition.Name}' evaluates to {value}");
                value = null;
            }
        }
        catch (ExpressionException e) when (e.Message.Length > 0)
        {
            if (e is not ReportedException)
                diagnostics.Add(definition.Location, $".param: '{definition.Name} = {ExpressionParser.Short(definition.Text)}': {e.Message}");
        }
        _chainDepth -= entered;
        _evaluating.Remove(name);
        _values[name] = value;
        return value;
    }

    /// <summary>The evaluated definitions in file order (those in error are left out; they were reported).</summary>
    public List<ParameterDefinition> EvaluateAll()
    {
        var result = new List<ParameterDefinition>();
        foreach (var name in _order)
            if (Lookup(name) is { } value)
                result.Add(new ParameterDefinition(_definitions[name].Name, value) { Location = _definitions[name].Location });
        return result;
    }

    private ExpressionException Undefined(string name) =>
        _definitions.ContainsKey(name) ? new ReportedException() : new ExpressionException($"undefined parameter '{name}'");

    /// <summary>A failure in a parameter this one depends on, already reported at that parameter's line.</summary>
    private sealed class ReportedException() : ExpressionException("(reported)");
}
