namespace Xbar.Devices.Rram;

/// <summary>
/// RRAM read I-V: I = G V0 sinh(V / V0), so dI/dV = G cosh(V / V0) and the low-bias conductance
/// is G. The sinh law is the tunnelling-gap conduction of metal-oxide RRAM compact models
/// (Guan, Yu and Wong, IEEE Electron Device Letters 33(10), 1405 (2012): I = I0 exp(-g/g0) sinh(V/V0),
/// V0 = 0.25 V), with the gap term folded into G. Units: V, V0 in V; G in S; I in A.
/// A null V0 means an ohmic cell (I = G V).
/// </summary>
public static class RramLaw
{
    /// <summary>Cell current, in A.</summary>
    public static double Current(double v, double g, double v0) => g * v0 * Math.Sinh(v / v0);

    /// <summary>dI/dV, in S.</summary>
    public static double Conductance(double v, double g, double v0) => g * Math.Cosh(v / v0);

    /// <summary>ngspice B-source expression of <see cref="Current"/> with subcircuit parameters <c>g</c>, <c>v0</c>.</summary>
    public const string SpiceCurrentExpression = "g*v0*sinh(v(p,n)/v0)";

    /// <summary>Subcircuit name.</summary>
    public const string SubcircuitName = "xbar_rram";

    /// <summary>The <c>.subckt</c> wrapping the B source.</summary>
    public static IReadOnlyList<string> SpiceDefinitions() =>
    [
        "* RRAM (Xbar.Devices.Rram.RramLaw): I = G V0 sinh(V/V0)",
        $".subckt {SubcircuitName} p n g=1e-6 v0=0.25",
        $"B1 p n I={SpiceCurrentExpression}",
        ".ends",
    ];

    /// <summary>One instance with its own G (S) and V0 (V).</summary>
    public static string SpiceInstance(string name, string p, string n, double g, double v0) =>
        $"{SpiceName.With('X', name)} {p} {n} {SubcircuitName} params: g={SpiceText.Num(g)} v0={SpiceText.Num(v0)}";
}
