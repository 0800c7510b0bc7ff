namespace Xbar.Netlists;

/// <summary>Junction diode <c>D anode cathode model [area]</c> (model type D).</summary>
public sealed record Diode(string Name, string Anode, string Cathode, string Model) : Element(Name)
{
    /// <summary>Optional area factor (dimensionless).</summary>
    public SpiceValue? Area { get; init; }

    public override IReadOnlyList<string> Nodes => [Anode, Cathode];
    public override char Letter => 'D';
}
