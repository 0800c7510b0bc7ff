namespace Xbar.Netlists;

/// <summary>
/// Linear inductor <c>L n+ n- value [IC=i]</c> (henries; initial current in amperes). At DC it is a
/// short, so validation treats it like a voltage source when looking for source loops.
/// </summary>
public sealed record Inductor(string Name, string Positive, string Negative, SpiceValue Value)
    : TwoTerminalElement(Name, Positive, Negative)
{
    public override char Letter => 'L';

    /// <summary>Inductance in henries (throws if it is a subcircuit expression).</summary>
    public double Inductance => Value.Number;

    /// <summary>Optional <c>IC=</c> initial current through the inductor (A).</summary>
    public SpiceValue? InitialCurrent { get; init; }
}
