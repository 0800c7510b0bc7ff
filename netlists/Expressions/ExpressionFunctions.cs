namespace Xbar.Netlists.Expressions;

/// <summary>
/// The math functions usable in <c>{...}</c> parameter expressions: the common subset of ngspice's
/// numparam functions (ngspice manual, "Parameters, functions, expressions"), plus, in B-source
/// expressions only, the step and ramp functions of ngspice's B source (ngspice manual, section
/// "Non-linear Dependent Sources (B Source)": u, u2, uramp) and the inverse hyperbolic functions.
/// </summary>
internal static class ExpressionFunctions
{
    private static readonly Dictionary<string, (int Arity, Func<double[], double> Body)> Behavioral =
        new(StringComparer.OrdinalIgnoreCase)
        {
            ["u"] = (1, a => a[0] > 0 ? 1 : 0),
            ["u2"] = (1, a => Math.Clamp(a[0], 0, 1)),
            ["uramp"] = (1, a => Math.Max(a[0], 0)),
            ["asinh"] = (1, a => Math.Asinh(a[0])),
            ["acosh"] = (1, a => Math.Acosh(a[0])),
            ["atanh"] = (1, a => Math.Atanh(a[0])),
        };

    private static readonly Dictionary<string, (int Arity, Func<double[], double> Body)> Table =
        new(StringComparer.OrdinalIgnoreCase)
        {
            ["sqrt"] = (1, a => Math.Sqrt(a[0])),
            ["exp"] = (1, a => Math.Exp(a[0])),
            ["ln"] = (1, a => Math.Log(a[0])),
            ["log"] = (1, a => Math.Log(a[0])),
            ["log10"] = (1, a => Math.Log10(a[0])),
            ["abs"] = (1, a => Math.Abs(a[0])),
            ["sin"] = (1, a => Math.Sin(a[0])),
            ["cos"] = (1, a => Math.Cos(a[0])),
            ["tan"] = (1, a => Math.Tan(a[0])),
            ["asin"] = (1, a => Math.Asin(a[0])),
            ["acos"] = (1, a => Math.Acos(a[0])),
            ["atan"] = (1, a => Math.Atan(a[0])),
            ["sinh"] = (1, a => Math.Sinh(a[0])),
            ["cosh"] = (1, a => Math.Cosh(a[0])),
            ["tanh"] = (1, a => Math.Tanh(a[0])),
            ["floor"] = (1, a => Math.Floor(a[0])),
            ["ceil"] = (1, a => Math.Ceiling(a[0])),
            ["int"] = (1, a => Math.Truncate(a[0])),
            ["nint"] = (1, a => Math.Round(a[0], MidpointRounding.AwayFromZero)),
            ["sgn"] = (1, a => Math.Sign(a[0])),
            ["min"] = (2, a => Math.Min(a[0], a[1])),
            ["max"] = (2, a => Math.Max(a[0], a[1])),
            ["pow"] = (2, a => Math.Pow(a[0], a[1])),
            ["pwr"] = (2, a => Math.Pow(Math.Abs(a[0]), a[1])),
        };

    public static bool IsKnown(string name, bool behavioral = false) =>
        Table.ContainsKey(name) || (behavioral && Behavioral.ContainsKey(name));

    public static double Call(string name, double[] args)
    {
        if (!Table.TryGetValue(name, out var f) && !Behavioral.TryGetValue(name, out f))
            throw new ExpressionException($"unknown function '{name}'");
        if (args.Length != f.Arity)
            throw new ExpressionException($"function '{name}' takes {f.Arity} argument(s), got {args.Length}");
        return f.Body(args);
    }
}
