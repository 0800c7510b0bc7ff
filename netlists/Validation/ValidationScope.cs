namespace Xbar.Netlists.Validation;

/// <summary>
/// What one validation pass looks at: the top level or one subcircuit body. Checks run per scope
/// because element names and nodes are local to a subcircuit, and a subcircuit's ports are
/// connected from outside (they count as one connection each and as a path to ground).
/// </summary>
internal sealed record ValidationScope(
    IReadOnlyList<Element> Elements,
    IReadOnlyList<string> Ports,
    IReadOnlyList<ModelDefinition> LocalModels,
    Netlist Netlist,
    SubcircuitDefinition? Subcircuit)
{
    public bool IsTop => Subcircuit is null;

    /// <summary>Local models shadow global ones, as in ngspice.</summary>
    public ModelDefinition? FindModel(string name) =>
        LocalModels.FirstOrDefault(m => m.Name.Equals(name, StringComparison.OrdinalIgnoreCase)) ?? Netlist.FindModel(name);

    public Element? FindElement(string name) =>
        Elements.FirstOrDefault(e => e.Name.Equals(name, StringComparison.OrdinalIgnoreCase));

    /// <summary>Where a scope-wide problem is reported: the .subckt line, else the first element (else line 1).</summary>
    public SourceLocation Anchor => Subcircuit?.Location ?? Elements.FirstOrDefault()?.Location ?? SourceLocation.Code;
}
