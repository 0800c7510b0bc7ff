namespace Xbar.Netlists;

/// <summary>Linear resistor <c>R n+ n- value</c> (ohms). Negative values are legal SPICE; zero is rejected by validation.</summary>
public sealed record Resistor(string Name, string Positive, string Negative, SpiceValue Value)
    : TwoTerminalElement(Name, Positive, Negative)
{
    public override char Letter => 'R';

    /// <summary>Resistance in ohms (throws if it is a subcircuit expression).</summary>
    public double Resistance => Value.Number;
}
