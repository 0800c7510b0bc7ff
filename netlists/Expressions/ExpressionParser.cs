namespace Xbar.Netlists.Expressions;

/// <summary>
/// Recursive-descent parser for parameter expressions. Precedence, lowest first: <c>?:</c>,
/// <c>||</c>, <c>&amp;&amp;</c>, comparisons, <c>+ -</c>, <c>* /</c>, unary, <c>^ **</c> (right-associative).
/// Numbers take SPICE scale suffixes (<c>{2*1k}</c>), as in ngspice. Nesting (parentheses, unary
/// signs, powers, conditionals, calls) is bounded by <see cref="MaxNesting"/> and the depth of the
/// tree by <see cref="MaxTreeDepth"/>, so a hostile 20,000-deep or 100,000-term expression is
/// refused with a message instead of overflowing the stack in parsing or evaluation.
/// </summary>
public sealed class ExpressionParser
{
    /// <summary>Deepest nesting of parentheses, signs, powers, conditionals and calls accepted.</summary>
    public const int MaxNesting = 200;

    /// <summary>
    /// Deepest expression tree accepted (a chain <c>a+b+c+...</c> of n terms is n deep). Evaluation
    /// recurses once per level; 1,000 levels stay far inside a thread's stack.
    /// </summary>
    public const int MaxTreeDepth = 1000;

    private readonly string _text;
    private int _pos;
    private int _nesting;

    private readonly bool _behavioral;

    private ExpressionParser(string text, bool behavioral)
    {
        _text = text;
        _behavioral = behavioral;
    }

    /// <summary>Parses <paramref name="text"/>; throws <see cref="ExpressionException"/> when malformed.</summary>
    public static ExpressionNode Parse(string text) => Parse(text, behavioral: false);

    /// <summary>Parses; <paramref name="behavioral"/> also allows the B-source-only functions (u, u2, uramp, ...).</summary>
    internal static ExpressionNode Parse(string text, bool behavioral)
    {
        var parser = new ExpressionParser(text, behavioral);
        var node = parser.ParseConditional();
        parser.SkipSpace();
        if (parser._pos < text.Length)
            throw new ExpressionException($"unexpected '{Short(text[parser._pos..])}' in expression '{Short(text)}'");
        return node;
    }

    /// <summary>Parses and evaluates <paramref name="text"/> against <paramref name="parameters"/> (names case-insensitive).</summary>
    public static double Evaluate(string text, IReadOnlyDictionary<string, double> parameters)
    {
        var byName = new Dictionary<string, double>(parameters, StringComparer.OrdinalIgnoreCase);
        return Parse(text).Evaluate(name => byName.TryGetValue(name, out var v) ? v : null);
    }

    private ExpressionNode ParseConditional()
    {
        Enter();
        var condition = ParseBinary(0);
        if (!Accept("?")) { _nesting--; return condition; }
        var whenTrue = ParseConditional();
        Expect(":");
        var whenFalse = ParseConditional();
        _nesting--;
        return Bounded(new ConditionalNode(condition, whenTrue, whenFalse));
    }

    /// <summary>Counts one level of recursion; refuses the expression past <see cref="MaxNesting"/>.</summary>
    private void Enter()
    {
        if (++_nesting > MaxNesting)
            throw new ExpressionException($"expression nests deeper than {MaxNesting} levels (parentheses, signs or powers)");
    }

    /// <summary>Refuses a tree deeper than <see cref="MaxTreeDepth"/> (evaluation recurses once per level).</summary>
    private static ExpressionNode Bounded(ExpressionNode node) =>
        node.Depth <= MaxTreeDepth ? node
            : throw new ExpressionException($"expression is more than {MaxTreeDepth} operations deep; split it into several .param lines");

    private static readonly string[][] Levels =
    [
        ["||"], ["&&"], ["==", "!=", "<=", ">=", "<", ">"], ["+", "-"], ["*", "/"],
    ];

    private ExpressionNode ParseBinary(int level)
    {
        if (level == Levels.Length) return ParseUnary();
        var left = ParseBinary(level + 1);
        while (true)
        {
            var op = Levels[level].FirstOrDefault(o => Peek(o) && !(o == "*" && Peek("**")));
            if (op is null) return left;
            _pos += op.Length;
            left = Bounded(new BinaryNode(op, left, ParseBinary(level + 1)));
        }
    }

    private ExpressionNode ParseUnary()
    {
        Enter();
        ExpressionNode node;
        if (Accept("-")) node = Bounded(new UnaryNode('-', ParseUnary()));
        else if (Accept("+")) node = ParseUnary();
        else if (Accept("!")) node = Bounded(new UnaryNode('!', ParseUnary()));
        else node = ParsePower();
        _nesting--;
        return node;
    }

    private ExpressionNode ParsePower()
    {
        var baseNode = ParsePrimary();
        if (Accept("**") || Accept("^")) return Bounded(new BinaryNode("^", baseNode, ParseUnary()));
        return baseNode;
    }

    private ExpressionNode ParsePrimary()
    {
        SkipSpace();
        if (_pos >= _text.Length) throw new ExpressionException($"expression '{Short(_text)}' ends too early");
        char c = _text[_pos];
        if (Accept("("))
        {
            var inner = ParseConditional();
            Expect(")");
            return inner;
        }
        if (char.IsAsciiDigit(c) || c == '.') return ParseNumber();
        if (char.IsAsciiLetter(c) || c == '_') return ParseIdentifierOrCall();
        throw new ExpressionException($"unexpected '{c}' in expression '{Short(_text)}'");
    }

    private ExpressionNode ParseNumber()
    {
        int start = _pos;
        while (_pos < _text.Length && (char.IsAsciiLetterOrDigit(_text[_pos]) || _text[_pos] == '.'
               || ((_text[_pos] == '+' || _text[_pos] == '-') && _pos > start && (_text[_pos - 1] is 'e' or 'E') && IsExponentSign(start))))
            _pos++;
        var word = _text[start.._pos];
        if (!SpiceNumber.TryParse(word, out var value))
            throw new ExpressionException($"'{word}' is not a number in expression '{Short(_text)}'");
        return new NumberNode(value);
    }

    /// <summary>An 'e' followed by a sign is an exponent only when everything before it is a plain decimal.</summary>
    private bool IsExponentSign(int start)
    {
        for (int i = start; i < _pos - 1; i++)
            if (!char.IsAsciiDigit(_text[i]) && _text[i] != '.') return false;
        return _pos + 1 < _text.Length && char.IsAsciiDigit(_text[_pos + 1]);
    }

    private ExpressionNode ParseIdentifierOrCall()
    {
        int start = _pos;
        while (_pos < _text.Length && (char.IsAsciiLetterOrDigit(_text[_pos]) || _text[_pos] == '_' || _text[_pos] == '.'))
            _pos++;
        var name = _text[start.._pos];
        if (!Accept("(")) return new IdentifierNode(name);
        if (!ExpressionFunctions.IsKnown(name, _behavioral))
            throw new ExpressionException($"unknown function '{name}' in expression '{Short(_text)}'");
        var args = new List<ExpressionNode>();
        if (!Accept(")"))
        {
            do args.Add(ParseConditional()); while (Accept(","));
            Expect(")");
        }
        return Bounded(new CallNode(name, args));
    }

    /// <summary>
    /// The text for a message: whole when short, else its start and end (a hostile 100,000-term
    /// expression must not turn into a megabyte-long diagnostic).
    /// </summary>
    internal static string Short(string text, int max = 80) =>
        text.Length <= max ? text : $"{text[..(max / 2)]} ... {text[^(max / 2)..]} ({text.Length} characters)";

    private void SkipSpace()
    {
        while (_pos < _text.Length && char.IsWhiteSpace(_text[_pos])) _pos++;
    }

    private bool Peek(string s)
    {
        SkipSpace();
        return string.CompareOrdinal(_text, _pos, s, 0, s.Length) == 0;
    }

    private bool Accept(string s)
    {
        if (!Peek(s)) return false;
        _pos += s.Length;
        return true;
    }

    private void Expect(string s)
    {
        if (!Accept(s)) throw new ExpressionException($"expected '{s}' in expression '{Short(_text)}'");
    }
}
