using Xbar.Netlists.Lexing;

namespace Xbar.Netlists.Reading;

/// <summary>
/// Produces the statement stream of a netlist with <c>.include</c> files spliced in. An included
/// path is relative to the including file; its statements keep the included file's name so
/// diagnostics point into it. Reading of a file stops at its <c>.end</c> (as in ngspice, text after
/// <c>.end</c> is ignored). Only the main file has a title line.
/// </summary>
internal sealed class IncludeExpander(DiagnosticBag diagnostics)
{
    /// <summary>Deepest chain of files including each other (each level is a stack frame and an open file).</summary>
    public const int MaxNesting = 64;

    private readonly Stack<string> _open = new();

    public (string Title, List<LogicalLine> Lines) ExpandMain(string text, string fileName)
    {
        var lines = new List<LogicalLine>();
        _open.Push(FullPathOrName(fileName));
        var (title, own) = LineJoiner.Split(text, fileName, hasTitle: true, diagnostics);
        Append(own, fileName, lines);
        _open.Pop();
        return (title ?? "", lines);
    }

    private void Append(List<LogicalLine> own, string fileName, List<LogicalLine> output)
    {
        foreach (var line in own)
        {
            var keyword = FirstWord(line.Text);
            if (keyword is ".end") return;
            if (keyword is ".include" or ".inc")
            {
                Include(line, fileName, output);
                continue;
            }
            output.Add(line);
        }
    }

    private void Include(LogicalLine line, string includingFile, List<LogicalLine> output)
    {
        var argument = line.Text[FirstWordLength(line.Text)..].Trim().Trim('"', '\'');
        if (argument.Length == 0)
        {
            diagnostics.Add(line.Location, ".include needs a file name");
            return;
        }
        if (argument.Any(char.IsControl))
        {
            diagnostics.Add(line.Location, ".include file name contains a control character");
            return;
        }
        string path;
        try
        {
            var directory = Path.GetDirectoryName(Path.GetFullPath(includingFile)) ?? Directory.GetCurrentDirectory();
            path = Path.GetFullPath(Path.Combine(directory, argument));
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException or IOException)
        {
            diagnostics.Add(line.Location, $".include file name '{argument}' is not a valid path: {e.Message}");
            return;
        }
        if (_open.Contains(path))
        {
            diagnostics.Add(line.Location, $".include of '{argument}' includes itself (circular include)");
            return;
        }
        if (_open.Count > MaxNesting)
        {
            diagnostics.Add(line.Location, $".include files nest deeper than {MaxNesting} levels");
            return;
        }
        var text = SourceFile.Read(path,
            message => diagnostics.Add(line.Location, $".include file '{argument}' ({path}): {message}"),
            (at, message) => diagnostics.Add(path, at, message));
        if (text is null) return;
        _open.Push(path);
        var (_, own) = LineJoiner.Split(text, path, hasTitle: false, diagnostics);
        Append(own, path, output);
        _open.Pop();
    }

    private static string FullPathOrName(string fileName)
    {
        try { return Path.GetFullPath(fileName); }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException) { return fileName; }
    }

    private static int FirstWordLength(string text) => Tokenizer.FirstWordLength(text);

    private static string FirstWord(string text) => Tokenizer.FirstWord(text);
}
