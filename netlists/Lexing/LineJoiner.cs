namespace Xbar.Netlists.Lexing;

/// <summary>
/// Turns the physical lines of one file into <see cref="LogicalLine"/>s: drops <c>*</c> comment
/// lines and blank lines, cuts inline comments (<c>;</c> anywhere, <c>$</c> after whitespace, as
/// ngspice does) and appends <c>+</c> lines to the statement before them. A comment or blank line
/// between a statement and its continuation is allowed, as in ngspice.
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
        var physical = text.ReplaceLineEndings("\n").Split('\n');
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
