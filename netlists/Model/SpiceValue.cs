using System.Globalization;

namespace Xbar.Netlists;

/// <summary>
/// A numeric element value that is either a number or a still-unevaluated <c>{expression}</c>.
/// Global-scope values are evaluated while reading; values inside a <c>.subckt</c> body stay
/// expressions because they depend on the instance's <c>params:</c>, which only the simulator
/// (or a flattener) knows.
/// </summary>
public readonly record struct SpiceValue
{
    private readonly double _number;

    private SpiceValue(double number, string? expression)
    {
        _number = number;
        Expression = expression;
    }

    /// <summary>The expression text without braces, or null for a plain number.</summary>
    public string? Expression { get; }

    public bool IsExpression => Expression is not null;

    /// <summary>The number; throws when the value is an unevaluated expression.</summary>
    public double Number => Expression is null
        ? _number
        : throw new InvalidOperationException($"value '{{{Expression}}}' is an unevaluated expression");

    public static SpiceValue Of(double number) => new(number, null);

    /// <summary>An expression value; <paramref name="expression"/> is the text between the braces.</summary>
    public static SpiceValue Expr(string expression) =>
        new(0, expression ?? throw new ArgumentNullException(nameof(expression)));

    public static implicit operator SpiceValue(double number) => Of(number);

    /// <summary>SPICE text: a round-trip number or <c>{expression}</c>.</summary>
    public override string ToString() =>
        Expression is null ? SpiceNumber.Format(_number) : "{" + Expression + "}";

    /// <summary>The number when it is one (for messages and quick checks), else null.</summary>
    public double? AsNumberOrNull() => Expression is null ? _number : null;
}
