namespace Xbar.Devices.Mtj;

/// <summary>
/// The multi-state MTJ conduction law, shared by the C# model and its SPICE B source so both
/// evaluate the same expression in the same order.
/// </summary>
/// <remarks>
/// A cell whose free layer is a fraction <c>x</c> parallel (P) and <c>1 - x</c> antiparallel (AP)
/// conducts through both areas in parallel ([Moureaux 2026], N-ary MTJ crossbar; [Gupte 2026],
/// granular free layer; full references in <see cref="MtjParameters"/>):
/// <code>
///   G(V, x)  = x G_P + (1 - x) G_AP(V)
///   G_AP(V)  = G_P / (1 + TMR(V)),   TMR(V) = TMR0 / (1 + (V / V_h)^2)
///   I(V, x)  = V G(V, x)
/// </code>
/// The bias dependence of TMR is an empirical Lorentzian that halves the TMR at V_h, the form of
/// MTJ compact models such as Y. Zhang, W. Zhao, Y. Lakys, J.-O. Klein, J.-V. Kim, D. Ravelosona,
/// C. Chappert, "Compact modeling of perpendicular-anisotropy CoFeB/MgO magnetic tunnel junctions",
/// IEEE Trans. Electron Devices 59, 819-826 (2012); its use here, and V_h = 0.5 V, are our
/// assumptions. (Julliere's model, Phys. Lett. A 54, 225 (1975), gives only the zero-bias TMR
/// from the spin polarizations; it says nothing about the bias dependence.)
/// With u = (V/V_h)^2, G_AP = G_P (1 + u) / (1 + u + TMR0), and the small-signal conductance is
/// <code>
///   dI/dV = G(V, x) + V dG/dV = G(V, x) + (1 - x) G_P TMR0 2u / (1 + u + TMR0)^2 .
/// </code>
/// Units: V in V, G_P in S, TMR0 dimensionless (1.74 = 174 %), V_h in V, I in A.
/// </remarks>
public static class MtjLaw
{
    /// <summary>Cell current I(V, x), in A.</summary>
    public static double Current(double v, double gp, double tmr0, double vh, double x)
    {
        double r = v / vh;
        return v * (x * gp + (1 - x) * gp / (1 + tmr0 / (1 + r * r)));
    }

    /// <summary>Small-signal conductance dI/dV (analytic), in S.</summary>
    public static double Conductance(double v, double gp, double tmr0, double vh, double x)
    {
        double r = v / vh;
        double u = r * r;
        double d = 1 + u + tmr0;
        double chord = x * gp + (1 - x) * gp * (1 + u) / d;
        return chord + (1 - x) * gp * tmr0 * 2 * u / (d * d);
    }

    /// <summary>
    /// <see cref="Current"/> and <see cref="Conductance"/> together with one division, for solvers that
    /// evaluate every cell at every Newton step: with u = (V / V_h)^2 and d = 1 + u + TMR0,
    /// G(V, x) = x G_P + (1 - x) G_P (1 + u) / d (the same law: G_P / (1 + TMR0 / (1 + u)) = G_P (1 + u) / d),
    /// I = V G(V, x), dI/dV = G(V, x) + (1 - x) G_P TMR0 2u / d^2. Equal to the separate forms up to
    /// round-off (a few units in the last place). <paramref name="inverseVh"/> is 1 / V_h (1/V).
    /// </summary>
    public static (double Current, double Conductance) CurrentAndConductance(double v, double gp, double tmr0, double inverseVh, double x)
    {
        double r = v * inverseVh;
        double u = r * r;
        double inverseD = 1 / (1 + u + tmr0);
        double ap = (1 - x) * gp;
        double chord = x * gp + ap * (1 + u) * inverseD;
        return (v * chord, chord + ap * tmr0 * 2 * u * inverseD * inverseD);
    }

    /// <summary>Low-bias conductance G(0, x) = x G_P + (1 - x) G_P / (1 + TMR0), in S.</summary>
    public static double LowBiasConductance(double gp, double tmr0, double x) => x * gp + (1 - x) * gp / (1 + tmr0);

    /// <summary>
    /// The ngspice B-source current expression of <see cref="Current"/> between nodes p and n,
    /// using subcircuit parameters <c>gp</c>, <c>tmr0</c>, <c>vh</c>, <c>x</c>. The operations are the
    /// same as in <see cref="Current"/> (squares as products, not <c>^</c>/<c>pwr</c>, so negative bias is exact).
    /// </summary>
    public const string SpiceCurrentExpression =
        "v(p,n)*(x*gp+(1-x)*gp/(1+tmr0/(1+(v(p,n)/vh)*(v(p,n)/vh))))";

    /// <summary>Name of the subcircuit written by <see cref="SpiceDefinitions"/>.</summary>
    public const string SubcircuitName = "xbar_mtj";

    /// <summary>The <c>.subckt</c> wrapping the B source; parameters are overridden per instance with <c>params:</c>.</summary>
    public static IReadOnlyList<string> SpiceDefinitions() =>
    [
        "* Multi-state MTJ (Xbar.Devices.Mtj.MtjLaw): I = V (x Gp + (1-x) Gp/(1+TMR0/(1+(V/Vh)^2)))",
        $".subckt {SubcircuitName} p n gp=1e-4 tmr0=1 vh=0.5 x=1",
        $"B1 p n I={SpiceCurrentExpression}",
        ".ends",
    ];

    /// <summary>One subcircuit instance with its own parameters.</summary>
    public static string SpiceInstance(string name, string p, string n, double gp, double tmr0, double vh, double x) =>
        $"{SpiceName.With('X', name)} {p} {n} {SubcircuitName} params: gp={SpiceText.Num(gp)} tmr0={SpiceText.Num(tmr0)} vh={SpiceText.Num(vh)} x={SpiceText.Num(x)}";
}
