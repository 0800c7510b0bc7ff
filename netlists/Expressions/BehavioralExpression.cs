using System.Text.RegularExpressions;

namespace Xbar.Netlists.Expressions;

/// <summary>A probe of a B-source expression: <c>v(a)</c>, <c>v(a,b)</c> (Kind 'v', node names) or <c>i(vname)</c> (Kind 'i').</summary>
public sealed record BehavioralProbe(char Kind, IReadOnlyList<string> Names);

/// <summary>
/// The expression of a B source (<c>B n+ n- V=expr</c> or <c>I=expr</c>) read the way ngspice's
/// B-source parser reads it (ngspice manual, "Non-linear Dependent Sources (B Source)"): probes
/// <c>v(node)</c>, <c>v(n1,n2)</c>, <c>i(vsource)</c>, the variables <c>time</c>, <c>temper</c>,
/// <c>hertz</c>, parameters with or without braces, the usual operators and functions. ngspice
/// passes a B expression it cannot read to its own parser at run time, which reports a syntax
/// error (or crashes the library on unbalanced parentheses), uses 1e32 for a division by zero and
/// treats an unknown name as a fatal error; this class finds those while reading instead.
/// </summary>
public sealed partial class BehavioralExpression
{
    private const string ProbePrefix = "__probe";
    private static readonly HashSet<string> Variables = new(StringComparer.OrdinalIgnoreCase) { "time", "temper", "hertz" };

    private BehavioralExpression(ExpressionNode tree, IReadOnlyList<BehavioralProbe> probes)
    {
        Tree = tree;
        Probes = probes;
    }

    public ExpressionNode Tree { get; }

    /// <summary>Every v(...) and i(...) in the expression, in text order.</summary>
    public IReadOnlyList<BehavioralProbe> Probes { get; }

    /// <summary>Parses <paramref name="text"/> (as written after V= or I=); throws <see cref="ExpressionException"/> when it is malformed.</summary>
    public static BehavioralExpression Parse(string text)
    {
        var probes = new List<BehavioralProbe>();
        var written = new List<string>();
        // ngspice substitutes {expr} before its parser runs: braces group like parentheses.
        var plain = Probe().Replace(text.Replace('{', '(').Replace('}', ')'), m =>
        {
            var names = new List<string> { m.Groups[2].Value };
            if (m.Groups[3].Success) names.Add(m.Groups[3].Value);
            var kind = char.ToLowerInvariant(m.Groups[1].Value[0]);
            if (kind == 'i' && names.Count == 2) throw new ExpressionException($"i(...) takes one voltage source name, got '{m.Value}'");
            probes.Add(new BehavioralProbe(kind, names));
            written.Add(m.Value);
            return ProbePrefix + (probes.Count - 1);
        });
        try
        {
            return new BehavioralExpression(ExpressionParser.Parse(plain, behavioral: true), probes);
        }
        catch (ExpressionException e)
        {
            // Messages quote the text the parser saw: put the probes back as written.
            var message = e.Message;
            for (int k = written.Count - 1; k >= 0; k--) message = message.Replace(ProbePrefix + k, written[k]);
            throw new ExpressionException(message);
        }
    }

    /// <summary>
    /// Problems of the constant parts of the expression: names that are neither probes, variables
    /// nor parameters (<paramref name="isParameter"/>), divisions by a constant zero, and constant
    /// parts that are not finite. <paramref name="parameterValue"/> gives a parameter's value, or
    /// null when it is known only by name (a subcircuit parameter before substitution).
    /// </summary>
    public IReadOnlyList<string> ConstantProblems(Func<string, bool> isParameter, Func<string, double?> parameterValue)
    {
        var problems = new List<string>();
        Fold(Tree, isParameter, parameterValue, problems);
        return problems.Distinct().ToList();
    }

    /// <summary>The value of a constant subtree, or null when it depends on the circuit (a probe, time, an unknown value).</summary>
    private static double? Fold(ExpressionNode node, Func<string, bool> isParameter, Func<string, double?> value, List<string> problems)
    {
        switch (node)
        {
            case NumberNode n:
                return n.Value;
            case IdentifierNode id:
                if (id.Name.StartsWith(ProbePrefix, StringComparison.Ordinal) || Variables.Contains(id.Name)) return null;
                if (IdentifierNode.BuiltinConstant(id.Name) is { } constant) return constant;
                if (!isParameter(id.Name))
                {
                    problems.Add($"undefined parameter '{id.Name}' (ngspice stops with a fatal error)");
                    return null;
                }
                return value(id.Name);
            case UnaryNode u:
                return Fold(u.Operand, isParameter, value, problems) is { } operand ? Checked(u with { Operand = new NumberNode(operand) }, problems) : null;
            case BinaryNode b:
            {
                var left = Fold(b.Left, isParameter, value, problems);
                var right = Fold(b.Right, isParameter, value, problems);
                if (b.Operator == "/" && right == 0)
                {
                    problems.Add("division by a constant zero (ngspice would quietly use 1e32)");
                    return null;
                }
                return left is { } l && right is { } r ? Checked(new BinaryNode(b.Operator, new NumberNode(l), new NumberNode(r)), problems) : null;
            }
            case ConditionalNode c:
            {
                var condition = Fold(c.Condition, isParameter, value, problems);
                var whenTrue = Fold(c.WhenTrue, isParameter, value, problems);
                var whenFalse = Fold(c.WhenFalse, isParameter, value, problems);
                return condition is { } k ? (k != 0 ? whenTrue : whenFalse) : null;
            }
            case CallNode call:
            {
                var args = call.Arguments.Select(a => Fold(a, isParameter, value, problems)).ToArray();
                if (args.Any(a => a is null)) return null;
                return Checked(new CallNode(call.Function, args.Select(a => (ExpressionNode)new NumberNode(a!.Value)).ToArray()), problems);
            }
            default:
                return null;
        }
    }

    private static double? Checked(ExpressionNode constant, List<string> problems)
    {
        try
        {
            double v = constant.Evaluate(_ => null);
            if (double.IsFinite(v)) return v;
            problems.Add($"a constant part evaluates to {v}");
        }
        catch (ExpressionException e)
        {
            problems.Add(e.Message);
        }
        return null;
    }

    [GeneratedRegex(@"(?<![A-Za-z0-9_.$#])([vViI])\s*\(\s*([^(){}\s,]+)\s*(?:,\s*([^(){}\s,]+)\s*)?\)")]
    private static partial Regex Probe();
}
