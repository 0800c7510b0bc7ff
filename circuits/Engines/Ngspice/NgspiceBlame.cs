using System.Text.RegularExpressions;
using Xbar.Netlists;

namespace Xbar.Circuits.Engines.Ngspice;

/// <summary>
/// Maps what ngspice complains about back to the user's netlist, so a circuit ngspice rejects
/// (or "repairs": a resistor set to 1 mOhm, a parameter ignored, a singular matrix papered over by
/// gmin stepping) is reported as invalid input at its file and line (exit 2), like the reader's
/// own diagnostics, instead of as a failed simulation (exit 3) or a silent exit 0. ngspice names
/// the culprit in several ways (ngspice 39): "Error on line N" (a line of the deck it was sent),
/// "check node e1#branch" (a source's branch) or "check node n5", "r1: resistance to low",
/// "can't find model 'm'"; hierarchical names are flattened (<c>r.x1.r1</c>, <c>x1.mid</c>) and
/// point at the top-level call.
/// </summary>
internal static partial class NgspiceBlame
{
    /// <summary>Warnings after which ngspice's result is not the circuit written: it replaced or dropped something.</summary>
    public static bool IsRepair(string warning) =>
        warning.Contains("singular matrix", StringComparison.OrdinalIgnoreCase)
        || warning.Contains("ignored", StringComparison.OrdinalIgnoreCase)
        || warning.Contains(" set to ", StringComparison.OrdinalIgnoreCase)
        || warning.Contains("unrecognized", StringComparison.OrdinalIgnoreCase)
        || warning.Contains("can't find", StringComparison.OrdinalIgnoreCase);

    /// <summary>The location and name of what ngspice blames in <paramref name="lines"/>, or null when nothing in the netlist matches.</summary>
    public static (SourceLocation Location, string Name)? Find(Netlist netlist, string deck, IEnumerable<string> lines)
    {
        var deckLines = deck.Replace("\r\n", "\n").Split('\n');
        foreach (var line in lines)
        {
            if (DeckLine().Match(line) is { Success: true } m && int.TryParse(m.Groups[1].Value, out int n) && n >= 1 && n <= deckLines.Length
                && FirstWord(deckLines[n - 1]) is { Length: > 0 } word && Lookup(netlist, word) is { } byLine)
                return byLine;
            if (CheckNode().Match(line) is { Success: true } c && Lookup(netlist, c.Groups[1].Value.Replace("#branch", "", StringComparison.OrdinalIgnoreCase)) is { } byNode)
                return byNode;
            if (Model().Match(line) is { Success: true } model && netlist.Elements.FirstOrDefault(e => UsesModel(e, model.Groups[1].Value)) is { } user)
                return (user.Location, user.Name);
            if (Leading().Match(line) is { Success: true } lead && Lookup(netlist, lead.Groups[1].Value) is { } byLead)
                return byLead;
        }
        return null;
    }

    private static (SourceLocation, string)? Lookup(Netlist netlist, string name)
    {
        if (netlist.Find(name) is { } element) return (element.Location, element.Name);
        if (netlist.FindModel(name) is { } model) return (model.Location, model.Name);
        // Flattened names: element "r.x1.x2.r1", node "x1.mid": blame the top-level call x1.
        var parts = name.Split('.');
        foreach (var candidate in parts.Length > 2 && parts[0].Length == 1 ? parts[1..] : parts)
            if (netlist.Find(candidate) is SubcircuitInstance call) return (call.Location, call.Name);
        var touching = netlist.Elements.FirstOrDefault(e => e.Nodes.Contains(name, NodeNames.Comparer));
        return touching is null ? null : (touching.Location, touching.Name);
    }

    private static bool UsesModel(Element e, string model) => e switch
    {
        Diode d => d.Model.Equals(model, StringComparison.OrdinalIgnoreCase),
        Mosfet m => m.Model.Equals(model, StringComparison.OrdinalIgnoreCase),
        VoltageSwitch s => s.Model.Equals(model, StringComparison.OrdinalIgnoreCase),
        CurrentSwitch w => w.Model.Equals(model, StringComparison.OrdinalIgnoreCase),
        _ => false,
    };

    private static string FirstWord(string line)
    {
        var trimmed = line.TrimStart();
        int end = 0;
        while (end < trimmed.Length && !char.IsWhiteSpace(trimmed[end])) end++;
        return trimmed[..end];
    }

    [GeneratedRegex(@"\bline (\d+)", RegexOptions.IgnoreCase)]
    private static partial Regex DeckLine();

    [GeneratedRegex(@"check nodes? (\S+)", RegexOptions.IgnoreCase)]
    private static partial Regex CheckNode();

    [GeneratedRegex(@"can't find model '([^']+)'", RegexOptions.IgnoreCase)]
    private static partial Regex Model();

    [GeneratedRegex(@"^(?:Warning:\s*)?([A-Za-z][^\s:]*):\s", RegexOptions.IgnoreCase)]
    private static partial Regex Leading();
}
