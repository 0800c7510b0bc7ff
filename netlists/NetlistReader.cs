using Xbar.Netlists.Lexing;
using Xbar.Netlists.Reading;

namespace Xbar.Netlists;

/// <summary>
/// Reads SPICE netlists into <see cref="Netlist"/>s. Unlike ngspice, which silently defaults
/// missing values, comments out garbage and rescues floating nodes, the reader refuses anything
/// doubtful and reports every problem at once as <c>file:line: message</c> in a
/// <see cref="NetlistValidationException"/>.
/// </summary>
public static class NetlistReader
{
    /// <summary>Reads and validates the netlist file at <paramref name="path"/>.</summary>
    public static Netlist ReadFile(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var problems = new DiagnosticBag();
        var text = SourceFile.Read(path,
            message => problems.Add(path, 0, $"cannot read netlist: {message}"),
            (line, message) => problems.Add(path, line, message));
        problems.ThrowIfAny();
        return ReadText(text!, path);
    }

    /// <summary>
    /// Reads and validates netlist <paramref name="text"/>. <paramref name="fileName"/> names it in
    /// diagnostics and anchors relative <c>.include</c> paths (the current directory for "&lt;input&gt;").
    /// </summary>
    public static Netlist ReadText(string text, string fileName = "<input>")
    {
        var diagnostics = new DiagnosticBag();
        var (title, lines) = new IncludeExpander(diagnostics).ExpandMain(text, fileName);
        var netlist = new NetlistParser(diagnostics).Parse(title, lines);
        if (netlist.Elements.Count == 0 && !diagnostics.HasErrors)
            diagnostics.Add(fileName, 1, "the netlist has no elements (remember that the first line is always the title)");
        diagnostics.AddRange(NetlistValidator.Validate(netlist, includeTopology: !diagnostics.HasErrors));
        diagnostics.ThrowIfAny();
        return netlist;
    }
}
