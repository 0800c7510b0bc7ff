namespace Xbar.Netlists.Lexing;

/// <summary>
/// One SPICE statement after comments are stripped and <c>+</c> continuations joined; its
/// location is the first physical line.
/// </summary>
internal sealed record LogicalLine(string Text, SourceLocation Location);
