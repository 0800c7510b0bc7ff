namespace Xbar.Netlists.Expressions;

/// <summary>
/// Parsed <c>{expression}</c> tree. It exists so the reader can both evaluate global expressions
/// and list the parameter names an unevaluated subcircuit expression needs (to report undefined
/// parameters at read time instead of leaving them to ngspice).
/// </summary>
public abstract record ExpressionNode
{
    /// <summary>Evaluates with <paramref name="lookup"/> resolving parameter names (null = undefined).</summary>
    public abstract double Evaluate(Func<string, double?> lookup);

    /// <summary>The parameter names this expression reads.</summary>
    public abstract IEnumerable<string> Identifiers();

    /// <summary>Levels of the tree (a number is 1), which bounds the recursion of evaluation.</summary>
    public abstract int Depth { get; }
}

internal sealed record NumberNode(double Value) : ExpressionNode
{
    public override int Depth => 1;
    public override double Evaluate(Func<string, double?> lookup) => Value;
    public override IEnumerable<string> Identifiers() => [];
}

internal sealed record IdentifierNode(string Name) : ExpressionNode
{
    public override int Depth => 1;
    public override double Evaluate(Func<string, double?> lookup) =>
        lookup(Name) ?? BuiltinConstant(Name) ?? throw new ExpressionException($"undefined parameter '{Name}'");

    public override IEnumerable<string> Identifiers() => BuiltinConstant(Name) is null ? [Name] : [];

    /// <summary>Constants ngspice's numparam knows without a .param.</summary>
    internal static double? BuiltinConstant(string name) => name.ToLowerInvariant() switch
    {
        "pi" => Math.PI,
        _ => null,
    };
}

internal sealed record UnaryNode(char Operator, ExpressionNode Operand) : ExpressionNode
{
    public override int Depth { get; } = Operand.Depth + 1;

    public override double Evaluate(Func<string, double?> lookup)
    {
        double v = Operand.Evaluate(lookup);
        return Operator switch { '-' => -v, '!' => v == 0 ? 1 : 0, _ => v };
    }

    public override IEnumerable<string> Identifiers() => Operand.Identifiers();
}

internal sealed record BinaryNode(string Operator, ExpressionNode Left, ExpressionNode Right) : ExpressionNode
{
    public override int Depth { get; } = Math.Max(Left.Depth, Right.Depth) + 1;

    public override double Evaluate(Func<string, double?> lookup)
    {
        double a = Left.Evaluate(lookup), b = Right.Evaluate(lookup);
        return Operator switch
        {
            "+" => a + b,
            "-" => a - b,
            "*" => a * b,
            "/" => a / b,
            "^" or "**" => Math.Pow(a, b),
            "<" => a < b ? 1 : 0,
            ">" => a > b ? 1 : 0,
            "<=" => a <= b ? 1 : 0,
            ">=" => a >= b ? 1 : 0,
            "==" => a == b ? 1 : 0,
            "!=" => a != b ? 1 : 0,
            "&&" => a != 0 && b != 0 ? 1 : 0,
            "||" => a != 0 || b != 0 ? 1 : 0,
            _ => throw new ExpressionException($"unknown operator '{Operator}'"),
        };
    }

    public override IEnumerable<string> Identifiers() => Left.Identifiers().Concat(Right.Identifiers());
}

internal sealed record ConditionalNode(ExpressionNode Condition, ExpressionNode WhenTrue, ExpressionNode WhenFalse) : ExpressionNode
{
    public override int Depth { get; } = Math.Max(Condition.Depth, Math.Max(WhenTrue.Depth, WhenFalse.Depth)) + 1;

    public override double Evaluate(Func<string, double?> lookup) =>
        Condition.Evaluate(lookup) != 0 ? WhenTrue.Evaluate(lookup) : WhenFalse.Evaluate(lookup);

    public override IEnumerable<string> Identifiers() =>
        Condition.Identifiers().Concat(WhenTrue.Identifiers()).Concat(WhenFalse.Identifiers());
}

internal sealed record CallNode(string Function, IReadOnlyList<ExpressionNode> Arguments) : ExpressionNode
{
    public override int Depth { get; } = Arguments.Select(a => a.Depth).DefaultIfEmpty(0).Max() + 1;

    public override double Evaluate(Func<string, double?> lookup)
    {
        var args = Arguments.Select(a => a.Evaluate(lookup)).ToArray();
        return ExpressionFunctions.Call(Function, args);
    }

    public override IEnumerable<string> Identifiers() => Arguments.SelectMany(a => a.Identifiers());
}
