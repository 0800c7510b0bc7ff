namespace Xbar.Netlists;

/// <summary>Voltage-controlled switch <c>S n+ n- nc+ nc- model [ON|OFF]</c> (model type SW).</summary>
public sealed record VoltageSwitch(string Name, string Positive, string Negative, string ControlPositive, string ControlNegative, string Model)
    : Element(Name)
{
    /// <summary>Initial state hint (<c>ON</c>/<c>OFF</c>) when given.</summary>
    public bool? InitiallyOn { get; init; }

    public override IReadOnlyList<string> Nodes => [Positive, Negative, ControlPositive, ControlNegative];
    public override char Letter => 'S';
}

/// <summary>Current-controlled switch <c>W n+ n- vcontrol model [ON|OFF]</c> (model type CSW).</summary>
public sealed record CurrentSwitch(string Name, string Positive, string Negative, string ControlSource, string Model)
    : TwoTerminalElement(Name, Positive, Negative)
{
    /// <summary>Initial state hint (<c>ON</c>/<c>OFF</c>) when given.</summary>
    public bool? InitiallyOn { get; init; }

    public override char Letter => 'W';
}
