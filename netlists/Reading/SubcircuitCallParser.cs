using Xbar.Netlists.Lexing;

namespace Xbar.Netlists.Reading;

/// <summary>
/// Parses <c>X n1 ... subckt [params:] [name=value ...]</c>: the subcircuit name is the last word
/// before the parameters (or the line end); everything before it is a connection.
/// </summary>
internal static class SubcircuitCallParser
{
    public static Element? Parse(string name, TokenCursor c, ValueScope scope)
    {
        var words = new List<string>();
        while (!c.AtEnd)
        {
            var t = c.Peek()!;
            if (t.IsWord("params:") || (t.Kind == TokenKind.Word && c.Peek(1)?.Kind == TokenKind.Equals)) break;
            if (t.Kind != TokenKind.Word)
            {
                c.Error($"expected a node or subcircuit name, found '{t}'");
                c.SkipAll();
                return null;
            }
            words.Add(c.Next().Text);
        }
        c.Accept("params:");
        if (words.Count == 0)
        {
            c.Error("missing subcircuit name");
            c.SkipAll();
            return null;
        }
        var parameters = AssignmentReader.ToValues(AssignmentReader.Read(c), scope, c, "parameter");
        return new SubcircuitInstance(name, words.Take(words.Count - 1), words[^1]) { Parameters = parameters };
    }
}
