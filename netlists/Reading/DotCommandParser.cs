using Xbar.Netlists.Lexing;

namespace Xbar.Netlists.Reading;

/// <summary>
/// Parses dot-commands. Modelled: .subckt/.ends, .model, .param, .options/.option/.opt, .temp (as
/// the option temp), .ic, .title, the analyses (see <see cref="AnalysisParser"/>), and the output cards .save/.print/.plot/.probe/
/// .width (kept verbatim). Everything else (.lib, .global, .func, .meas, .ac, .nodeset, ...) is
/// rejected with a diagnostic rather than ignored, because ignoring it would simulate a different
/// circuit from the one the user wrote.
/// </summary>
internal sealed class DotCommandParser(NetlistParser parser)
{
    private static readonly HashSet<string> OutputCommands = [".save", ".print", ".plot", ".probe", ".width"];

    public void Parse(string command, TokenCursor c)
    {
        if (OutputCommands.Contains(command))
        {
            var arguments = c.Line.Text[NetlistParser.FirstWord(c.Line.Text).Length..].Trim();
            parser.OutputDirectives.Add(new OutputDirective(command, arguments) { Location = c.Location });
            return;
        }
        switch (command)
        {
            case ".subckt": SubcircuitStart(c); return;
            case ".ends": SubcircuitEnd(c); return;
            case ".model": Model(c); return;
            case ".param": LocalParameters(c); return;
            case ".title": parser.Title = c.Line.Text[6..].Trim(); return;
            case ".end": return; // the include expander stops at .end; a stray one is harmless
            case ".endc": c.Error(".endc without .control"); return;
        }
        if (parser.Subcircuit is not null)
        {
            c.Error($"not allowed inside .subckt {parser.Subcircuit.Name}");
            return;
        }
        switch (command)
        {
            case ".options" or ".option" or ".opt": Options(c); break;
            case ".temp": Temperature(c); break;
            case ".ic": InitialConditions(c); break;
            case ".op" or ".dc" or ".tran": AnalysisParser.Parse(command, c, parser.Top.Values, parser.Analyses); break;
            case ".ac" or ".noise" or ".tf" or ".disto" or ".pz" or ".sens" or ".four" or ".pss" or ".sp":
                c.Error("analysis is not supported (supported: .op, .dc, .tran)"); break;
            case ".lib" or ".global" or ".func" or ".meas" or ".measure" or ".nodeset" or ".csparam" or ".if" or ".else" or ".endif" or ".data":
                c.Error("is not supported by Xbar's reader; rewrite without it"); break;
            default:
                c.Error("unknown dot-command"); break;
        }
    }

    private void SubcircuitStart(TokenCursor c)
    {
        if (parser.Subcircuit is { } open)
        {
            c.Error($"nested .subckt is not supported (inside .subckt {open.Name} from {open.Location})");
            return;
        }
        var name = c.Word("subcircuit name");
        if (name is null) return;
        var ports = new List<string>();
        while (c.Peek() is { Kind: TokenKind.Word } t && !t.IsWord("params:") && c.Peek(1)?.Kind != TokenKind.Equals)
            ports.Add(c.Next().Text);
        c.Accept("params:");
        var scope = new SubcircuitValueScope();
        var builder = new SubcircuitBuilder(name, ports, c.Location, scope);
        builder.Parameters = AssignmentReader.ToValues(AssignmentReader.Read(c), scope, c, "parameter");
        if (parser.Subcircuits.FirstOrDefault(s => s.Name.Equals(name, StringComparison.OrdinalIgnoreCase)) is { } twin)
            c.Error($"subcircuit '{name}' is already defined at {twin.Location}");
        parser.Subcircuit = builder;
    }

    private void SubcircuitEnd(TokenCursor c)
    {
        if (parser.Subcircuit is not { } builder)
        {
            c.Error("without .subckt");
            return;
        }
        if (!c.AtEnd && c.Next() is { } t && !t.Text.Equals(builder.Name, StringComparison.OrdinalIgnoreCase))
            c.Error($"closes '{t.Text}' but the open subcircuit is '{builder.Name}'");
        c.ExpectEnd();
        var known = new HashSet<string>(builder.Parameters.Select(p => p.Name)
            .Concat(builder.LocalParameters.Select(p => p.Name)), StringComparer.OrdinalIgnoreCase);
        builder.SubcircuitValues.CheckNames(n => known.Contains(n) || parser.Globals.IsDefined(n));
        parser.Subcircuits.Add(builder.Build());
        parser.Subcircuit = null;
    }

    private void Model(TokenCursor c)
    {
        var name = c.Word("model name");
        var type = name is null ? null : c.Word("model type");
        if (type is null) { c.SkipAll(); return; }
        var parameters = AssignmentReader.ToValues(AssignmentReader.Read(c), parser.Current.Values, c, "model parameter");
        var models = parser.Current.Models;
        if (models.FirstOrDefault(m => m.Name.Equals(name, StringComparison.OrdinalIgnoreCase)) is { } twin)
        {
            c.Error($"model '{name}' is already defined at {twin.Location}");
            return;
        }
        models.Add(new ModelDefinition(name!, type) { Parameters = parameters, Location = c.Location });
    }

    /// <summary>A <c>.param</c> inside a subcircuit body (global ones are read in the first pass).</summary>
    private void LocalParameters(TokenCursor c)
    {
        if (parser.Subcircuit is not { } builder) return; // global .param: read in the first pass
        if (c.AtEnd) c.Error("missing 'name=value'");
        foreach (var p in AssignmentReader.ToValues(AssignmentReader.Read(c), builder.Values, c, "parameter"))
            builder.LocalParameters.Add(new ParameterDefinition(p.Name, p.Value) { Location = c.Location });
    }

    private void Options(TokenCursor c)
    {
        while (!c.AtEnd)
        {
            var name = c.Word("option name");
            if (name is null) { c.SkipAll(); return; }
            string? value = null;
            if (c.Accept(TokenKind.Equals))
            {
                if (c.AtEnd) { c.Error($"missing value for option '{name}'"); return; }
                value = c.Next().ToString();
            }
            parser.Options.Add(new OptionSetting(name, value) { Location = c.Location });
        }
    }

    private void Temperature(TokenCursor c)
    {
        if (parser.Top.Values.Next(c, "temperature") is { } t)
            parser.Options.Add(new OptionSetting("temp", t.ToString()) { Location = c.Location });
        c.ExpectEnd();
    }

    private void InitialConditions(TokenCursor c)
    {
        if (c.AtEnd) c.Error("missing v(node)=value");
        while (!c.AtEnd)
        {
            if (!c.Accept("v") || !c.Accept(TokenKind.OpenParen)) { c.Error("expected v(node)=value"); c.SkipAll(); return; }
            var node = c.Word("node");
            if (node is null || !c.Accept(TokenKind.CloseParen) || !c.Accept(TokenKind.Equals))
            {
                c.Error("expected v(node)=value");
                c.SkipAll();
                return;
            }
            if (parser.Top.Values.Next(c, $"initial voltage of {node}") is not { } v) { c.SkipAll(); return; }
            parser.InitialConditions.Add(new InitialCondition(node, v) { Location = c.Location });
        }
    }
}
