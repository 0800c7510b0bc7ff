namespace Xbar.Netlists;

/// <summary>
/// Subcircuit call <c>X n1 n2 ... subckt [params: name=value ...]</c>. The connections map to the
/// definition's ports in order; parameter overrides replace the definition's defaults.
/// </summary>
public sealed record SubcircuitInstance : Element
{
    private readonly ValueList<string> _connections;
    private readonly ValueList<NamedValue> _parameters = ValueList<NamedValue>.Empty;

    public SubcircuitInstance(string name, IEnumerable<string> connections, string subcircuit) : base(name)
    {
        _connections = ValueList.From(connections);
        Subcircuit = subcircuit;
    }

    public IReadOnlyList<string> Connections { get => _connections; init => _connections = ValueList.From(value); }

    /// <summary>Name of the <c>.subckt</c> definition called.</summary>
    public string Subcircuit { get; init; }

    /// <summary>The <c>params:</c> overrides, in line order.</summary>
    public IReadOnlyList<NamedValue> Parameters { get => _parameters; init => _parameters = ValueList.From(value); }

    public override IReadOnlyList<string> Nodes => _connections;
    public override char Letter => 'X';
}
