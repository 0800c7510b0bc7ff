using Xbar.Netlists.Lexing;
using Xbar.Netlists.Expressions;

namespace Xbar.Netlists.Reading;

/// <summary>
/// Turns value tokens into <see cref="SpiceValue"/>s according to where the statement sits:
/// at global scope expressions are evaluated now, inside a subcircuit they are kept (see
/// <see cref="SubcircuitValueScope"/>). Non-numeric values are reported, never defaulted.
/// </summary>
internal abstract class ValueScope
{
    /// <summary>Reads the next token as a value; reports and returns null when missing or malformed.</summary>
    public SpiceValue? Next(TokenCursor cursor, string role)
    {
        if (cursor.AtEnd)
        {
            cursor.Error($"missing {role}");
            return null;
        }
        return FromToken(cursor.Next(), cursor, role);
    }

    public SpiceValue? FromToken(Token token, TokenCursor cursor, string role)
    {
        switch (token.Kind)
        {
            case TokenKind.Word when SpiceNumber.TryParse(token.Text, out var number):
                return SpiceValue.Of(number);
            case TokenKind.Word:
                var hint = cursor.Remaining > 0 && !cursor.Peek()!.IsWord("ic") ? " (too many nodes on the line?)"
                    : char.IsAsciiLetter(token.Text[0]) ? $" (write {{{token.Text}}} to use a parameter)" : "";
                cursor.Error($"{role} '{token.Text}' is not a number{hint}");
                return null;
            case TokenKind.Expression:
                return FromExpression(token.Text, cursor, role);
            default:
                cursor.Error($"expected {role}, found '{token}'");
                return null;
        }
    }

    /// <summary>Handles expression text (braces removed) for this scope.</summary>
    public abstract SpiceValue? FromExpression(string text, TokenCursor cursor, string role);
}

/// <summary>Global scope: every expression is evaluated with the global <c>.param</c> values.</summary>
internal sealed class GlobalValueScope(ParameterTable parameters) : ValueScope
{
    public override SpiceValue? FromExpression(string text, TokenCursor cursor, string role)
    {
        try
        {
            var value = ExpressionParser.Parse(text).Evaluate(parameters.Lookup);
            if (double.IsFinite(value)) return SpiceValue.Of(value);
            cursor.Error($"{role} '{{{ExpressionParser.Short(text)}}}' evaluates to {value}");
        }
        catch (ExpressionException e)
        {
            cursor.Error($"{role} '{{{ExpressionParser.Short(text)}}}': {e.Message}");
        }
        return null;
    }
}

/// <summary>
/// Subcircuit scope: expressions stay text (they depend on instance parameters), but their syntax
/// is checked now and the names they use are checked at <c>.ends</c>, when all of the body's
/// <c>.param</c> cards are known.
/// </summary>
internal sealed class SubcircuitValueScope : ValueScope
{
    private readonly List<(IReadOnlyList<string> Names, TokenCursor Cursor, string Role)> _pending = [];

    public override SpiceValue? FromExpression(string text, TokenCursor cursor, string role)
    {
        try
        {
            var names = ExpressionParser.Parse(text).Identifiers().ToList();
            if (names.Count > 0) _pending.Add((names, cursor, role));
            return SpiceValue.Expr(text);
        }
        catch (ExpressionException e)
        {
            cursor.Error($"{role} '{{{ExpressionParser.Short(text)}}}': {e.Message}");
            return null;
        }
    }

    /// <summary>Reports every name no parameter in <paramref name="isKnown"/> defines.</summary>
    public void CheckNames(Func<string, bool> isKnown)
    {
        foreach (var (names, cursor, role) in _pending)
            foreach (var name in names.Distinct(StringComparer.OrdinalIgnoreCase).Where(n => !isKnown(n)))
                cursor.Error($"{role} uses undefined parameter '{name}'");
    }
}
