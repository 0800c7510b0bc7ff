namespace Xbar.Netlists;

/// <summary>Whether a B source defines a voltage (<c>V=</c>) or a current (<c>I=</c>).</summary>
public enum BehavioralKind { Voltage, Current }

/// <summary>
/// Arbitrary behavioral source <c>B n+ n- V=expr</c> or <c>I=expr</c>. The expression (which may
/// use v(node), i(vsource), time and {parameters}) is kept exactly as written after <c>V=</c>/<c>I=</c>,
/// braces included, because braces there mean "substitute parameters first" to ngspice.
/// </summary>
public sealed record BehavioralSource(string Name, string Positive, string Negative, BehavioralKind Kind, string Expression)
    : TwoTerminalElement(Name, Positive, Negative)
{
    public override char Letter => 'B';
}
