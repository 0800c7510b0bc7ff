namespace Xbar.Netlists;

/// <summary>One problem found in a netlist, printed as <c>file:line: message</c> like a compiler error.</summary>
public sealed record NetlistDiagnostic(string File, int Line, string Message)
{
    public NetlistDiagnostic(SourceLocation location, string message) : this(location.File, location.Line, message) { }

    public override string ToString() => $"{File}:{Line}: {Message}";
}
