namespace Xbar.Netlists;

/// <summary>
/// A <c>name=value</c> pair: an instance parameter (<c>W=1u</c> on a MOSFET, an <c>X</c> line's
/// <c>params:</c> override), a <c>.model</c> parameter, or a subcircuit parameter default.
/// </summary>
public sealed record NamedValue(string Name, SpiceValue Value)
{
    public override string ToString() => $"{Name}={Value}";
}
