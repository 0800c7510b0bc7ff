namespace Xbar.Netlists;

/// <summary>
/// A <c>.model name type (param=value ...)</c> card. <see cref="Type"/> is the SPICE model type
/// (D, NMOS, PMOS, SW, CSW, R, C, ...) that validation matches against the elements using it.
/// </summary>
public sealed record ModelDefinition(string Name, string Type) : Located
{
    private readonly ValueList<NamedValue> _parameters = ValueList<NamedValue>.Empty;

    public IReadOnlyList<NamedValue> Parameters { get => _parameters; init => _parameters = ValueList.From(value); }
}
