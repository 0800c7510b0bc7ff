namespace Xbar.Netlists;

/// <summary>MOSFET <c>M drain gate source bulk model [W=.. L=.. ...]</c> (model type NMOS or PMOS).</summary>
public sealed record Mosfet(string Name, string Drain, string Gate, string Source, string Bulk, string Model) : Element(Name)
{
    private readonly ValueList<NamedValue> _parameters = ValueList<NamedValue>.Empty;

    /// <summary>Instance parameters such as W and L (metres), in line order.</summary>
    public IReadOnlyList<NamedValue> Parameters { get => _parameters; init => _parameters = ValueList.From(value); }

    public override IReadOnlyList<string> Nodes => [Drain, Gate, Source, Bulk];
    public override char Letter => 'M';
}
