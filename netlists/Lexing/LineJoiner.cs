namespace Xbar.Netlists.Lexing;

/// <summary>
/// Turns the physical lines of one file into <see cref="LogicalLine"/>s: drops <c>*</c> comment
/// lines and blank lines, cuts inline comments (<c>;</c> anywhere, <c>$</c> after whitespace, as
/// ngspice does) and appends <c>+</c> lines to the statement before them. A comment or blank line
/// between a statement and its continuation is allowed, as in ngspice. Lines end at LF (CR LF
/// too), as for ngspice; a line holding a control character (NUL, a lone CR, form feed, ...) is
/// refused, since ngspice would cut the line there or read it otherwise, and so is a statement
/// with non-ASCII characters outside comments (ngspice compares names byte by byte and folds case
/// only for ASCII letters, so two spellings we take as one node could be two nodes to it).
/// </summary>
internal static class LineJoiner
{
    /// <summary>
    /// Splits <paramref name="text"/>. When <paramref name="hasTitle"/> the first physical line is the
    /// title (returned separately, never parsed), which is SPICE's rule for the main file only.
    /// </summary>
    public static (string? Title, List<LogicalLine> Lines) Split(
        string text, string file, bool hasTitle, DiagnosticBag diagnostics)
    {
        if (text.StartsWith('\uFEFF')) text = text[1..]; // a UTF-8 byte-order mark decoded
        var physical = text.Split('\n');
        for (int i = 0; i < physical.Length; i++)
        {
            if (physical[i].EndsWith('\r')) physical[i] = physical[i][..^1];
            if (ControlCharacter(physical[i]) is { } bad)
            {
                diagnostics.Add(file, i + 1, $"control character {Describe(bad)} in the line: a netlist is plain text (ngspice would cut or misread the line here)");
                physical[i] = "";
            }
        }
        string? title = null;
        int start = 0;
        if (hasTitle && physical.Length > 0)
        {
            title = physical[0].Trim();
            start = 1;
        }

        // Builders, not strings, so a statement continued over thousands of '+' lines (a long PWL)
        // is joined in linear time.
        var statements = new List<(System.Text.StringBuilder Text, SourceLocation Location)>();
        for (int i = start; i < physical.Length; i++)
        {
            var content = StripInlineComment(physical[i]).Trim();
            if (content.Length == 0 || content[0] == '*') continue;
            if (NonAscii(content) is { } wide && !AllowsNonAscii(content))
            {
                diagnostics.Add(file, i + 1, $"non-ASCII character '{wide}' ({Describe(wide)}) outside a comment: names, nodes and values must be ASCII " +
                                             "(ngspice compares names byte by byte and folds case only for ASCII letters)");
                continue;
            }
            if (content[0] == '+')
            {
                if (statements.Count == 0)
                {
                    diagnostics.Add(file, i + 1, "continuation line '+' has no statement before it");
                    continue;
                }
                statements[^1].Text.Append(' ').Append(content.AsSpan(1).Trim());
                continue;
            }
            statements.Add((new System.Text.StringBuilder(content), new SourceLocation(file, i + 1)));
        }
        return (title, statements.Select(s => new LogicalLine(s.Text.ToString(), s.Location)).ToList());
    }

    /// <summary>The first character ngspice would not read as text: C0/C1 controls but tab, DEL, line and paragraph separators.</summary>
    private static char? ControlCharacter(string line)
    {
        foreach (var c in line)
            if ((char.IsControl(c) && c != '\t') || c is '\u2028' or '\u2029' or '\uFEFF') return c;
        return null;
    }

    private static char? NonAscii(string content)
    {
        foreach (var c in content)
            if (c > '\u007F') return c;
        return null;
    }

    /// <summary>A title or a file name may be any text.</summary>
    private static bool AllowsNonAscii(string content) =>
        Tokenizer.FirstWord(content) is ".title" or ".include" or ".inc";

    private static string Describe(char c) => c switch
    {
        '\0' => "U+0000 (NUL)",
        '\r' => "U+000D (carriage return without line feed)",
        '\f' => "U+000C (form feed)",
        _ => $"U+{(int)c:X4}",
    };

    private static string StripInlineComment(string line)
    {
        int cut = line.IndexOf(';');
        for (int i = 1; i < line.Length; i++)
        {
            if (line[i] == '$' && char.IsWhiteSpace(line[i - 1]))
            {
                if (cut < 0 || i < cut) cut = i;
                break;
            }
        }
        return cut < 0 ? line : line[..cut];
    }
}
