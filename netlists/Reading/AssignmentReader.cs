using Xbar.Netlists.Lexing;

namespace Xbar.Netlists.Reading;

/// <summary>
/// Reads <c>name=value</c> lists (.param, .model, MOSFET and subcircuit parameters). A value runs
/// until the next <c>name =</c> pair, so ngspice's unbraced forms such as <c>.param b = 2*a</c> and
/// <c>.param c = a + 1</c> read as expressions; a lone number stays a number.
/// </summary>
internal static class AssignmentReader
{
    /// <summary>One assignment: the name, its location and the value text (expression unless numeric).</summary>
    public sealed record Assignment(string Name, string Text, bool IsNumber, double Number);

    /// <summary>Reads assignments until the end of the statement (or a closing parenthesis, consumed).</summary>
    public static List<Assignment> Read(TokenCursor cursor)
    {
        var result = new List<Assignment>();
        while (!cursor.AtEnd)
        {
            if (cursor.Accept(TokenKind.CloseParen) || cursor.Accept(TokenKind.OpenParen)) continue;
            var nameToken = cursor.Next();
            if (nameToken.Kind != TokenKind.Word || !cursor.Accept(TokenKind.Equals))
            {
                cursor.Error($"expected 'name=value', found '{nameToken}'");
                cursor.SkipAll();
                break;
            }
            var valueTokens = new List<Token>();
            int depth = 0;
            while (cursor.Peek() is { } t && !(depth == 0 && t.Kind == TokenKind.CloseParen)
                   && !(depth == 0 && t.Kind == TokenKind.Word && cursor.Peek(1)?.Kind == TokenKind.Equals))
            {
                if (t.Kind == TokenKind.OpenParen) depth++;
                if (t.Kind == TokenKind.CloseParen) depth--;
                valueTokens.Add(cursor.Next());
            }
            if (valueTokens.Count == 0)
            {
                cursor.Error($"missing value for '{nameToken.Text}'");
                continue;
            }
            result.Add(ToAssignment(nameToken.Text, valueTokens, cursor.Line.Text));
        }
        return result;
    }

    /// <summary>Converts assignments to values in <paramref name="scope"/> (reporting bad ones).</summary>
    public static List<NamedValue> ToValues(List<Assignment> assignments, ValueScope scope, TokenCursor cursor, string role)
    {
        var values = new List<NamedValue>();
        foreach (var a in assignments)
        {
            var value = a.IsNumber ? SpiceValue.Of(a.Number) : scope.FromExpression(a.Text, cursor, $"{role} '{a.Name}'");
            if (value is { } v) values.Add(new NamedValue(a.Name, v));
        }
        return values;
    }

    private static Assignment ToAssignment(string name, List<Token> tokens, string lineText)
    {
        if (tokens.Count == 1 && tokens[0].Kind == TokenKind.Word && SpiceNumber.TryParse(tokens[0].Text, out var n))
            return new Assignment(name, tokens[0].Text, true, n);
        if (tokens.Count == 1 && tokens[0].Kind == TokenKind.Expression)
            return new Assignment(name, tokens[0].Text, false, 0);
        var raw = lineText[tokens[0].Start..tokens[^1].End].Trim();
        return new Assignment(name, raw, false, 0);
    }
}
