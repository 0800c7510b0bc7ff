namespace Xbar.Netlists;

/// <summary>
/// One SPICE element line. The first letter of <see cref="Name"/> selects the element kind as in
/// SPICE (R1 is a resistor); <see cref="Letter"/> states the letter each concrete type requires so
/// the writer and validator can check names given in code.
/// </summary>
public abstract record Element(string Name) : Located
{
    /// <summary>Every node this element touches, in SPICE line order (control nodes included).</summary>
    public abstract IReadOnlyList<string> Nodes { get; }

    /// <summary>The SPICE letter the name must start with (R, C, L, V, ...).</summary>
    public abstract char Letter { get; }
}

/// <summary>An element with one pair of terminals, <see cref="Positive"/> and <see cref="Negative"/>.</summary>
public abstract record TwoTerminalElement(string Name, string Positive, string Negative) : Element(Name)
{
    public override IReadOnlyList<string> Nodes => [Positive, Negative];
}
