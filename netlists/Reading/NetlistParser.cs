using Xbar.Netlists.Lexing;

namespace Xbar.Netlists.Reading;

/// <summary>
/// Builds a <see cref="Netlist"/> from the statement stream. Global <c>.param</c> cards are read
/// first (so values may use parameters defined further down, as ngspice allows), then every
/// statement in order, with element values resolved by the current scope.
/// </summary>
internal sealed class NetlistParser
{
    private readonly DiagnosticBag _diagnostics;
    private readonly ParameterTable _globals;
    private readonly ScopeBuilder _top;
    private SubcircuitBuilder? _subcircuit;
    private readonly DotCommandParser _dot;

    public NetlistParser(DiagnosticBag diagnostics)
    {
        _diagnostics = diagnostics;
        _globals = new ParameterTable(diagnostics);
        _top = new ScopeBuilder(new GlobalValueScope(_globals));
        _dot = new DotCommandParser(this);
    }

    internal ParameterTable Globals => _globals;
    internal ScopeBuilder Top => _top;
    internal ScopeBuilder Current => (ScopeBuilder?)_subcircuit ?? _top;
    internal SubcircuitBuilder? Subcircuit { get => _subcircuit; set => _subcircuit = value; }
    internal List<SubcircuitDefinition> Subcircuits { get; } = [];
    internal List<OptionSetting> Options { get; } = [];
    internal List<InitialCondition> InitialConditions { get; } = [];
    internal List<OutputDirective> OutputDirectives { get; } = [];
    internal List<Analysis> Analyses { get; } = [];
    internal string? Title { get; set; }

    public Netlist Parse(string title, List<LogicalLine> lines)
    {
        Title = title;
        ReadGlobalParameters(lines);
        var parameters = _globals.EvaluateAll();
        bool inControl = false;
        foreach (var line in lines)
        {
            var keyword = FirstWord(line.Text);
            if (inControl)
            {
                inControl = keyword != ".endc";
                continue;
            }
            if (keyword == ".control")
            {
                _diagnostics.Add(line.Location, ".control blocks are not supported: Xbar runs the netlist's analyses itself; remove the block");
                inControl = true;
                continue;
            }
            if (keyword == ".param" && _subcircuit is null) continue; // read in the first pass
            Statement(line);
        }
        if (_subcircuit is not null)
            _diagnostics.Add(_subcircuit.Location, $".subckt {_subcircuit.Name} has no matching .ends");

        return new Netlist(Title ?? "", _top.Elements, Analyses)
        {
            Models = _top.Models,
            Subcircuits = Subcircuits,
            Parameters = parameters,
            Options = Options,
            InitialConditions = InitialConditions,
            OutputDirectives = OutputDirectives,
        };
    }

    private void Statement(LogicalLine line)
    {
        var (tokens, error) = Tokenizer.Tokenize(line.Text);
        if (error is not null)
        {
            _diagnostics.Add(line.Location, error);
            return;
        }
        if (tokens.Count == 0 || tokens[0].Kind != TokenKind.Word)
        {
            _diagnostics.Add(line.Location, $"unparsable line '{line.Text}'");
            return;
        }
        var first = tokens[0];
        var cursor = new TokenCursor(line, tokens, first.Text, _diagnostics);
        cursor.Next();
        if (first.Text.StartsWith('.'))
        {
            _dot.Parse(first.Text.ToLowerInvariant(), cursor);
            return;
        }
        if (!char.IsAsciiLetter(first.Text[0]))
        {
            _diagnostics.Add(line.Location, $"unparsable line '{line.Text}': a statement starts with an element name, '.', '*' or '+'");
            return;
        }
        if (ElementParser.Parse(first.Text, cursor, Current.Values) is { } element)
            Current.Elements.Add(element);
    }

    /// <summary>First pass: collect top-level <c>.param</c> definitions (those outside any .subckt).</summary>
    private void ReadGlobalParameters(List<LogicalLine> lines)
    {
        int depth = 0;
        foreach (var line in lines)
        {
            var keyword = FirstWord(line.Text);
            if (keyword == ".subckt") depth++;
            else if (keyword == ".ends") depth = Math.Max(0, depth - 1);
            else if (keyword == ".param" && depth == 0)
            {
                var (tokens, error) = Tokenizer.Tokenize(line.Text);
                if (error is not null) { _diagnostics.Add(line.Location, error); continue; }
                var cursor = new TokenCursor(line, tokens, ".param", _diagnostics);
                cursor.Next();
                if (cursor.AtEnd) cursor.Error("missing 'name=value'");
                foreach (var a in AssignmentReader.Read(cursor))
                    _globals.Define(a.Name, a.Text, line.Location);
            }
        }
    }

    internal static string FirstWord(string text) => Tokenizer.FirstWord(text);
}
