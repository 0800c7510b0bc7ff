namespace Xbar.Netlists;

/// <summary>Voltage-controlled voltage source <c>E n+ n- nc+ nc- gain</c> (V/V).</summary>
public sealed record Vcvs(string Name, string Positive, string Negative, string ControlPositive, string ControlNegative, SpiceValue Gain)
    : Element(Name)
{
    public override IReadOnlyList<string> Nodes => [Positive, Negative, ControlPositive, ControlNegative];
    public override char Letter => 'E';
}

/// <summary>Voltage-controlled current source <c>G n+ n- nc+ nc- transconductance</c> (S).</summary>
public sealed record Vccs(string Name, string Positive, string Negative, string ControlPositive, string ControlNegative, SpiceValue Transconductance)
    : Element(Name)
{
    public override IReadOnlyList<string> Nodes => [Positive, Negative, ControlPositive, ControlNegative];
    public override char Letter => 'G';
}

/// <summary>Current-controlled current source <c>F n+ n- vcontrol gain</c> (A/A); the control is the current through a V source.</summary>
public sealed record Cccs(string Name, string Positive, string Negative, string ControlSource, SpiceValue Gain)
    : TwoTerminalElement(Name, Positive, Negative)
{
    public override char Letter => 'F';
}

/// <summary>Current-controlled voltage source <c>H n+ n- vcontrol transresistance</c> (ohms).</summary>
public sealed record Ccvs(string Name, string Positive, string Negative, string ControlSource, SpiceValue Transresistance)
    : TwoTerminalElement(Name, Positive, Negative)
{
    public override char Letter => 'H';
}
