namespace Xbar.Netlists;

/// <summary>Linear capacitor <c>C n+ n- value [IC=v]</c> (farads; initial voltage in volts, used with UIC).</summary>
public sealed record Capacitor(string Name, string Positive, string Negative, SpiceValue Value)
    : TwoTerminalElement(Name, Positive, Negative)
{
    public override char Letter => 'C';

    /// <summary>Capacitance in farads (throws if it is a subcircuit expression).</summary>
    public double Capacitance => Value.Number;

    /// <summary>Optional <c>IC=</c> initial voltage across the capacitor (V).</summary>
    public SpiceValue? InitialVoltage { get; init; }
}
