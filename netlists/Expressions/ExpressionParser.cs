namespace Xbar.Netlists.Expressions;

/// <summary>
/// Recursive-descent parser for parameter expressions. Precedence, lowest first: <c>?:</c>,
/// <c>||</c>, <c>&amp;&amp;</c>, comparisons, <c>+ -</c>, <c>* /</c>, unary, <c>^ **</c> (right-associative).
/// Numbers take SPICE scale suffixes (<c>{2*1k}</c>), as in ngspice.
/// </summary>
public sealed class ExpressionParser
{
    private readonly string _text;
    private int _pos;

    private ExpressionParser(string text) => _text = text;

    /// <summary>Parses <paramref name="text"/>; throws <see cref="ExpressionException"/> when malformed.</summary>
    public static ExpressionNode Parse(string text)
    {
        var parser = new ExpressionParser(text);
        var node = parser.ParseConditional();
        parser.SkipSpace();
        if (parser._pos < text.Length)
            throw new ExpressionException($"unexpected '{text[parser._pos..]}' in expression '{text}'");
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
        var condition = ParseBinary(0);
        if (!Accept("?")) return condition;
        var whenTrue = ParseConditional();
        Expect(":");
        var whenFalse = ParseConditional();
        return new ConditionalNode(condition, whenTrue, whenFalse);
    }

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
            left = new BinaryNode(op, left, ParseBinary(level + 1));
        }
    }

    private ExpressionNode ParseUnary()
    {
        if (Accept("-")) return new UnaryNode('-', ParseUnary());
        if (Accept("+")) return ParseUnary();
        if (Accept("!")) return new UnaryNode('!', ParseUnary());
        return ParsePower();
    }

    private ExpressionNode ParsePower()
    {
        var baseNode = ParsePrimary();
        if (Accept("**") || Accept("^")) return new BinaryNode("^", baseNode, ParseUnary());
        return baseNode;
    }

    private ExpressionNode ParsePrimary()
    {
        SkipSpace();
        if (_pos >= _text.Length) throw new ExpressionException($"expression '{_text}' ends too early");
        char c = _text[_pos];
        if (Accept("("))
        {
            var inner = ParseConditional();
            Expect(")");
            return inner;
        }
        if (char.IsAsciiDigit(c) || c == '.') return ParseNumber();
        if (char.IsAsciiLetter(c) || c == '_') return ParseIdentifierOrCall();
        throw new ExpressionException($"unexpected '{c}' in expression '{_text}'");
    }

    private ExpressionNode ParseNumber()
    {
        int start = _pos;
        while (_pos < _text.Length && (char.IsAsciiLetterOrDigit(_text[_pos]) || _text[_pos] == '.'
               || ((_text[_pos] == '+' || _text[_pos] == '-') && _pos > start && (_text[_pos - 1] is 'e' or 'E') && IsExponentSign(start))))
            _pos++;
        var word = _text[start.._pos];
        if (!SpiceNumber.TryParse(word, out var value))
            throw new ExpressionException($"'{word}' is not a number in expression '{_text}'");
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
        if (!ExpressionFunctions.IsKnown(name))
            throw new ExpressionException($"unknown function '{name}' in expression '{_text}'");
        var args = new List<ExpressionNode>();
        if (!Accept(")"))
        {
            do args.Add(ParseConditional()); while (Accept(","));
            Expect(")");
        }
        return new CallNode(name, args);
    }

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
        if (!Accept(s)) throw new ExpressionException($"expected '{s}' in expression '{_text}'");
    }
}
