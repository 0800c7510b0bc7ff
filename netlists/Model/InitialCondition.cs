namespace Xbar.Netlists;

/// <summary>One node voltage of a <c>.ic v(node)=value</c> card (volts).</summary>
public sealed record InitialCondition(string Node, SpiceValue Voltage) : Located;
