namespace Xbar.Netlists.Lexing;

/// <summary>
/// Splits a logical line into tokens. Whitespace and commas separate; <c>=</c>, <c>(</c>, <c>)</c>
/// are tokens of their own (so <c>W=1u</c>, <c>W = 1u</c> and <c>PULSE(0,1)</c> all tokenize alike);
/// braces and single quotes delimit expressions, which may contain any of those characters.
/// </summary>
internal static class Tokenizer
{
    /// <summary>Tokenizes <paramref name="text"/>; returns an error message for an unclosed expression.</summary>
    public static (List<Token> Tokens, string? Error) Tokenize(string text)
    {
        var tokens = new List<Token>();
        int i = 0;
        while (i < text.Length)
        {
            char c = text[i];
            if (char.IsWhiteSpace(c) || c == ',') { i++; continue; }
            switch (c)
            {
                case '=': tokens.Add(new Token(TokenKind.Equals, "=", i, i + 1)); i++; continue;
                case '(': tokens.Add(new Token(TokenKind.OpenParen, "(", i, i + 1)); i++; continue;
                case ')': tokens.Add(new Token(TokenKind.CloseParen, ")", i, i + 1)); i++; continue;
                case '{':
                {
                    int close = MatchingBrace(text, i);
                    if (close < 0) return (tokens, "unclosed '{' in expression");
                    tokens.Add(new Token(TokenKind.Expression, text[(i + 1)..close].Trim(), i, close + 1));
                    i = close + 1;
                    continue;
                }
                case '\'':
                {
                    int close = text.IndexOf('\'', i + 1);
                    if (close < 0) return (tokens, "unclosed quote in expression");
                    tokens.Add(new Token(TokenKind.Expression, text[(i + 1)..close].Trim(), i, close + 1));
                    i = close + 1;
                    continue;
                }
            }
            int start = i;
            while (i < text.Length && !char.IsWhiteSpace(text[i]) && text[i] is not (',' or '=' or '(' or ')' or '{' or '\''))
                i++;
            tokens.Add(new Token(TokenKind.Word, text[start..i], start, i));
        }
        return (tokens, null);
    }

    /// <summary>The statement's first word, lower-cased, cut where the tokenizer would cut it.</summary>
    public static string FirstWord(string text) => text[..FirstWordLength(text)].ToLowerInvariant();

    /// <summary>Length of the first word (up to whitespace or a character the tokenizer splits at).</summary>
    public static int FirstWordLength(string text)
    {
        int i = 0;
        while (i < text.Length && !char.IsWhiteSpace(text[i]) && text[i] is not (',' or '=' or '(' or ')' or '{' or '\''))
            i++;
        return i;
    }

    private static int MatchingBrace(string text, int open)
    {
        int depth = 0;
        for (int i = open; i < text.Length; i++)
        {
            if (text[i] == '{') depth++;
            else if (text[i] == '}' && --depth == 0) return i;
        }
        return -1;
    }
}
