namespace Xbar.Netlists.Validation;

/// <summary>
/// Rules on an element's numeric values, applied where the values are numbers: to top-level
/// elements while validating, and to every subcircuit element once its parameters are substituted
/// (<see cref="SubstitutionCheck"/>), since <c>R1 a b {r}</c> with <c>r=0</c> is as wrong as <c>R1 a b 0</c>.
/// </summary>
internal static class ValueCheck
{
    /// <summary>The problems of <paramref name="e"/>'s numeric values (expressions are skipped).</summary>
    public static IEnumerable<string> Problems(Element e)
    {
        switch (e)
        {
            // A value like 1e-999 reads as 0 too (it underflows).
            case Resistor { Value.IsExpression: false } r when r.Resistance == 0:
                yield return "zero resistance (ngspice silently substitutes a tiny resistor); use a 0 V source for a short";
                break;
        }
    }
}
