using Xbar.Netlists.Lexing;

namespace Xbar.Netlists.Reading;

/// <summary>Mutable collector for one scope (the top level or a subcircuit body) while reading.</summary>
internal class ScopeBuilder(ValueScope values)
{
    public ValueScope Values { get; } = values;
    public List<Element> Elements { get; } = [];
    public List<ModelDefinition> Models { get; } = [];
}

/// <summary>A <c>.subckt</c> being read: its header plus the body collected until <c>.ends</c>.</summary>
internal sealed class SubcircuitBuilder(string name, List<string> ports, SourceLocation location, SubcircuitValueScope values)
    : ScopeBuilder(values)
{
    public string Name { get; } = name;
    public List<string> Ports { get; } = ports;
    public SourceLocation Location { get; } = location;
    public SubcircuitValueScope SubcircuitValues { get; } = values;
    public List<NamedValue> Parameters { get; set; } = [];
    public List<ParameterDefinition> LocalParameters { get; } = [];

    public SubcircuitDefinition Build() => new(Name, Ports, Elements)
    {
        Parameters = Parameters,
        Models = Models,
        LocalParameters = LocalParameters,
        Location = Location,
    };
}
