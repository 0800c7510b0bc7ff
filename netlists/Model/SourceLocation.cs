namespace Xbar.Netlists;

/// <summary>
/// Where a netlist object came from: the file (the included file for objects read through
/// <c>.include</c>) and the 1-based line of its first physical line, so a diagnostic about a
/// <c>+</c>-continued statement points at the line the user starts reading from.
/// </summary>
public sealed record SourceLocation(string File, int Line)
{
    /// <summary>Location of objects built in code rather than read from text.</summary>
    public static SourceLocation Code { get; } = new("<code>", 0);

    public override string ToString() => $"{File}:{Line}";
}
