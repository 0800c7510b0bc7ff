namespace Xbar.Netlists;

/// <summary>
/// A <c>.subckt name port... [params: name=default ...]</c> ... <c>.ends</c> block. Its body is a scope
/// of its own: element names, nodes and local <c>.model</c>/<c>.param</c> cards are private to it,
/// and values may be expressions of its parameters (kept unevaluated, see <see cref="SpiceValue"/>).
/// Node <c>0</c>/<c>gnd</c> inside a body is still the global ground.
/// </summary>
public sealed record SubcircuitDefinition : Located
{
    private readonly ValueList<string> _ports;
    private readonly ValueList<NamedValue> _parameters = ValueList<NamedValue>.Empty;
    private readonly ValueList<Element> _elements;
    private readonly ValueList<ModelDefinition> _models = ValueList<ModelDefinition>.Empty;
    private readonly ValueList<ParameterDefinition> _localParameters = ValueList<ParameterDefinition>.Empty;

    public SubcircuitDefinition(string name, IEnumerable<string> ports, IEnumerable<Element> elements)
    {
        Name = name;
        _ports = ValueList.From(ports);
        _elements = ValueList.From(elements);
    }

    public string Name { get; init; }

    public IReadOnlyList<string> Ports { get => _ports; init => _ports = ValueList.From(value); }

    /// <summary>Parameters from the header's <c>params:</c> with their defaults.</summary>
    public IReadOnlyList<NamedValue> Parameters { get => _parameters; init => _parameters = ValueList.From(value); }

    public IReadOnlyList<Element> Elements { get => _elements; init => _elements = ValueList.From(value); }

    /// <summary><c>.model</c> cards defined inside the body (visible only there).</summary>
    public IReadOnlyList<ModelDefinition> Models { get => _models; init => _models = ValueList.From(value); }

    /// <summary><c>.param</c> cards inside the body (may refer to the subcircuit's parameters).</summary>
    public IReadOnlyList<ParameterDefinition> LocalParameters { get => _localParameters; init => _localParameters = ValueList.From(value); }
}
