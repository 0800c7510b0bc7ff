using Xbar.Netlists.Lexing;

namespace Xbar.Netlists.Reading;

/// <summary>
/// Walks the tokens of one statement, reporting each problem with the statement's location and
/// a prefix naming the element or command, so parsers stay short and messages stay uniform.
/// </summary>
internal sealed class TokenCursor(LogicalLine line, List<Token> tokens, string subject, DiagnosticBag diagnostics)
{
    private int _index;

    public LogicalLine Line => line;
    public SourceLocation Location => line.Location;
    public string Subject => subject;
    public bool AtEnd => _index >= tokens.Count;
    public Token? Peek(int ahead = 0) => _index + ahead < tokens.Count ? tokens[_index + ahead] : null;
    public int Remaining => tokens.Count - _index;

    public Token Next() => tokens[_index++];

    /// <summary>Adds a diagnostic <c>subject: message</c> at this statement's line; returns false for chaining.</summary>
    public bool Error(string message)
    {
        diagnostics.Add(line.Location, $"{subject}: {message}");
        return false;
    }

    /// <summary>Reads a node (or model/source name): a bare word. Reports a missing or malformed one.</summary>
    public string? Word(string role)
    {
        if (AtEnd)
        {
            Error($"missing {role}");
            return null;
        }
        var token = Next();
        if (token.Kind == TokenKind.Word) return token.Text;
        Error($"expected {role}, found '{token}'");
        return null;
    }

    /// <summary>True (and consumes it) when the next token is <paramref name="keyword"/>.</summary>
    public bool Accept(string keyword)
    {
        if (Peek() is { } t && t.IsWord(keyword)) { _index++; return true; }
        return false;
    }

    public bool Accept(TokenKind kind)
    {
        if (Peek() is { } t && t.Kind == kind) { _index++; return true; }
        return false;
    }

    /// <summary>Reports every token left on the line as unexpected (once, listing them); false if there were any.</summary>
    public bool ExpectEnd()
    {
        if (AtEnd) return true;
        var rest = string.Join(" ", tokens.Skip(_index));
        _index = tokens.Count;
        return Error($"unexpected '{rest}'");
    }

    /// <summary>Skips the rest of the statement (after an error, to avoid follow-up noise).</summary>
    public void SkipAll() => _index = tokens.Count;

    /// <summary>The raw text of the statement after <paramref name="token"/> (for B-source expressions).</summary>
    public string TextAfter(Token token) => line.Text[token.End..].Trim();
}
