using Xbar.Netlists.Lexing;

namespace Xbar.Netlists.Reading;

/// <summary>
/// Parses one element statement, chosen by the first letter of its name. Every missing,
/// non-numeric or surplus field is reported (ngspice would default or ignore it); the element is
/// returned only when the whole line made sense.
/// </summary>
internal static class ElementParser
{
    /// <summary>Element letters Xbar models, for the "unknown element" message.</summary>
    public const string KnownLetters = "R C L V I E G F H B S W D M X";

    /// <summary>Parses the statement whose name token has already been consumed from <paramref name="c"/>.</summary>
    public static Element? Parse(string name, TokenCursor c, ValueScope scope)
    {
        Element? element = char.ToUpperInvariant(name[0]) switch
        {
            'R' => TwoNodesAndValue(c, scope, "resistance", (p, n, v) => new Resistor(name, p, n, v)),
            'C' => Capacitor(name, c, scope),
            'L' => Inductor(name, c, scope),
            'V' => SourceParser.Parse(c, scope, (p, n, w) => new VoltageSource(name, p, n, w)),
            'I' => SourceParser.Parse(c, scope, (p, n, w) => new CurrentSource(name, p, n, w)),
            'E' => VoltageControlled(c, scope, "gain", (p, n, cp, cn, v) => new Vcvs(name, p, n, cp, cn, v)),
            'G' => VoltageControlled(c, scope, "transconductance", (p, n, cp, cn, v) => new Vccs(name, p, n, cp, cn, v)),
            'F' => CurrentControlled(c, scope, "gain", (p, n, s, v) => new Cccs(name, p, n, s, v)),
            'H' => CurrentControlled(c, scope, "transresistance", (p, n, s, v) => new Ccvs(name, p, n, s, v)),
            'B' => Behavioral(name, c),
            'S' => VoltageSwitch(name, c),
            'W' => CurrentSwitch(name, c),
            'D' => Diode(name, c, scope),
            'M' => Mosfet(name, c, scope),
            'X' => SubcircuitCallParser.Parse(name, c, scope),
            _ => Unknown(name, c),
        };
        if (element is null || !c.ExpectEnd()) return null;
        return element with { Location = c.Location };
    }

    private static Element? Unknown(string name, TokenCursor c)
    {
        c.Error(char.IsAsciiLetter(name[0])
            ? $"unknown or unsupported element letter '{char.ToUpperInvariant(name[0])}' (supported: {KnownLetters})"
            : "unparsable line: a statement starts with an element name, '.', '*' or '+'");
        c.SkipAll();
        return null;
    }

    private static Element? TwoNodesAndValue(TokenCursor c, ValueScope scope, string role, Func<string, string, SpiceValue, Element> build)
    {
        var p = c.Word("node n+");
        var n = p is null ? null : c.Word("node n-");
        var v = n is null ? null : scope.Next(c, role);
        if (v is null) { c.SkipAll(); return null; }
        return build(p!, n!, v.Value);
    }

    private static Element? Capacitor(string name, TokenCursor c, ValueScope scope)
    {
        var element = (Capacitor?)TwoNodesAndValue(c, scope, "capacitance", (p, n, v) => new Capacitor(name, p, n, v));
        return element is null ? null : element with { InitialVoltage = InitialCondition(c, scope) };
    }

    private static Element? Inductor(string name, TokenCursor c, ValueScope scope)
    {
        var element = (Inductor?)TwoNodesAndValue(c, scope, "inductance", (p, n, v) => new Inductor(name, p, n, v));
        return element is null ? null : element with { InitialCurrent = InitialCondition(c, scope) };
    }

    /// <summary>An optional trailing <c>IC=value</c>.</summary>
    private static SpiceValue? InitialCondition(TokenCursor c, ValueScope scope)
    {
        if (!c.Accept("ic")) return null;
        if (!c.Accept(TokenKind.Equals)) { c.Error("expected '=' after IC"); return null; }
        return scope.Next(c, "initial condition");
    }

    private static Element? VoltageControlled(TokenCursor c, ValueScope scope, string role,
        Func<string, string, string, string, SpiceValue, Element> build)
    {
        if (c.Peek(2) is { Kind: TokenKind.Word } form && IsNonlinearForm(form.Text))
            return Fail(c, $"the {form.Text.ToUpperInvariant()} form is not supported; use a B source (B n+ n- V=expr or I=expr)");
        var nodes = Words(c, "node n+", "node n-", "control node nc+", "control node nc-");
        if (nodes is null) return null;
        var v = scope.Next(c, role);
        return v is null ? Fail(c) : build(nodes[0], nodes[1], nodes[2], nodes[3], v.Value);
    }

    private static Element? CurrentControlled(TokenCursor c, ValueScope scope, string role,
        Func<string, string, string, SpiceValue, Element> build)
    {
        if (c.Peek(2) is { Kind: TokenKind.Word } form && IsNonlinearForm(form.Text))
            return Fail(c, $"the {form.Text.ToUpperInvariant()} form is not supported; use a B source (B n+ n- V=expr or I=expr)");
        var words = Words(c, "node n+", "node n-", "controlling voltage source");
        if (words is null) return null;
        var v = scope.Next(c, role);
        return v is null ? Fail(c) : build(words[0], words[1], words[2], v.Value);
    }

    private static Element? Behavioral(string name, TokenCursor c)
    {
        var nodes = Words(c, "node n+", "node n-");
        if (nodes is null) return null;
        BehavioralKind kind;
        if (c.Accept("v")) kind = BehavioralKind.Voltage;
        else if (c.Accept("i")) kind = BehavioralKind.Current;
        else return Fail(c, "expected V=expression or I=expression");
        var equals = c.Peek();
        if (equals is null || equals.Kind != TokenKind.Equals) return Fail(c, "expected '=' after V or I");
        c.Next();
        var text = c.TextAfter(equals);
        c.SkipAll();
        if (text.Length == 0) return Fail(c, "missing expression");
        return new BehavioralSource(name, nodes[0], nodes[1], kind, text);
    }

    private static Element? VoltageSwitch(string name, TokenCursor c)
    {
        var w = Words(c, "node n+", "node n-", "control node nc+", "control node nc-", "model name");
        return w is null ? null : new VoltageSwitch(name, w[0], w[1], w[2], w[3], w[4]) { InitiallyOn = OnOff(c) };
    }

    private static Element? CurrentSwitch(string name, TokenCursor c)
    {
        var w = Words(c, "node n+", "node n-", "controlling voltage source", "model name");
        return w is null ? null : new CurrentSwitch(name, w[0], w[1], w[2], w[3]) { InitiallyOn = OnOff(c) };
    }

    /// <summary>ngspice's nonlinear E/G/F/H forms, which Xbar leaves to B sources.</summary>
    private static bool IsNonlinearForm(string word) =>
        word.ToLowerInvariant() is "value" or "poly" or "vol" or "cur" or "table" or "laplace" or "freq";

    private static bool? OnOff(TokenCursor c) => c.Accept("on") ? true : c.Accept("off") ? false : null;

    private static Element? Diode(string name, TokenCursor c, ValueScope scope)
    {
        var w = Words(c, "anode", "cathode", "model name");
        if (w is null) return null;
        SpiceValue? area = null;
        if (!c.AtEnd)
        {
            area = scope.Next(c, "area");
            if (area is null) return Fail(c);
        }
        return new Diode(name, w[0], w[1], w[2]) { Area = area };
    }

    private static Element? Mosfet(string name, TokenCursor c, ValueScope scope)
    {
        var w = Words(c, "drain", "gate", "source", "bulk", "model name");
        if (w is null) return null;
        var parameters = AssignmentReader.ToValues(AssignmentReader.Read(c), scope, c, "parameter");
        return new Mosfet(name, w[0], w[1], w[2], w[3], w[4]) { Parameters = parameters };
    }

    /// <summary>Reads bare words for each role; on the first missing one reports and returns null.</summary>
    internal static string[]? Words(TokenCursor c, params string[] roles)
    {
        var words = new string[roles.Length];
        for (int i = 0; i < roles.Length; i++)
        {
            var w = c.Word(roles[i]);
            if (w is null) { c.SkipAll(); return null; }
            words[i] = w;
        }
        return words;
    }

    private static Element? Fail(TokenCursor c, string? message = null)
    {
        if (message is not null) c.Error(message);
        c.SkipAll();
        return null;
    }
}
