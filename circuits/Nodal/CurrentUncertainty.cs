using System.Globalization;
using Xbar.Netlists;

namespace Xbar.Circuits.Nodal;

/// <summary>
/// How far the nodal engine's source currents can be trusted. A branch current g (v_a - v_b) is
/// known to about g (eps (|v_a| + |v_b|) + |dv_a - dv_b|): the rounding of the two voltages
/// (eps = 2^-52) and their forward error, estimated by the one refinement step dv. A source current
/// is a KCL sum of such currents, so its uncertainty is the sum of theirs. With conductances
/// spanning about 16 decades (a 1e-12 Ohm wire beside a 10 kOhm cell) the wire's term alone,
/// 1e12 S x 2e-16 x 0.2 V = 4e-5 A, exceeds the cell currents: the source currents are noise
/// (ngspice's too), while node voltages and currents through the high-resistance branches stay
/// accurate. Uncertainty above <see cref="WarnAbove"/> of the largest source current gives a
/// warning; above <see cref="RefuseAbove"/> the run is refused, naming the offending resistor.
/// </summary>
internal static class CurrentUncertainty
{
    public const double WarnAbove = 1e-6;
    public const double RefuseAbove = 1e-2;

    /// <summary>rhs - A x for the reduced Laplacian (diagonal plus upper off-diagonal entries keyed (i, j), i &lt; j).</summary>
    public static double[] Residual(double[] diag, Dictionary<(int, int), double> off, double[] rhs, double[] x)
    {
        var r = new double[x.Length];
        for (int i = 0; i < x.Length; i++) r[i] = rhs[i] - diag[i] * x[i];
        foreach (var ((i, j), a) in off)
        {
            r[i] -= a * x[j];
            r[j] -= a * x[i];
        }
        return r;
    }

    /// <summary>Uncertainty (A) of the current g (v_a - v_b) through one resistor.</summary>
    public static double OfBranch(double g, double va, double vb, double dva, double dvb) =>
        g * (Eps * (Math.Abs(va) + Math.Abs(vb)) + Math.Abs(dva - dvb));

    private const double Eps = 2.220446049250313e-16; // 2^-52, the spacing of doubles near 1

    /// <summary>Whether supernode <paramref name="node"/> reaches ground (supernode 0) through resistors (union-find over the resistor edges).</summary>
    public static bool ReachesGround(int node, int[] root, IEnumerable<(int A, int B)> resistors)
    {
        var parent = Enumerable.Range(0, root.Length).ToArray();
        int Find(int x) { while (parent[x] != x) x = parent[x] = parent[parent[x]]; return x; }
        foreach (var (a, b) in resistors) parent[Find(root[a])] = Find(root[b]);
        return Find(node) == Find(0);
    }

    /// <summary>The factorization broke down although every node reaches ground: the conductances span more than double precision holds.</summary>
    public static InvalidInputException IllConditioned(IReadOnlyList<(double G, Element Element)> resistors, string node)
    {
        var widest = resistors.MaxBy(r => r.G);
        double decades = Math.Log10(widest.G / resistors.Min(r => r.G));
        return new InvalidInputException(
            $"{widest.Element.Location}: {widest.Element.Name}: the nodal matrix lost its positive definiteness at node '{node}' although every node reaches ground: " +
            $"resistances span {decades.ToString("G3", CultureInfo.InvariantCulture)} decades ({widest.Element.Name} = {(1 / widest.G).ToString("G3", CultureInfo.InvariantCulture)} Ohm), " +
            "more than double precision resolves; use larger wire resistances (or merge the nodes)");
    }

    /// <summary>Warns about or refuses source currents whose uncertainty is a large share of the currents flowing.</summary>
    public static void Judge(IReadOnlyList<(string Name, Element Element, double Current, double Uncertainty)> sources,
        IReadOnlyList<(double G, Element Element)> resistors, List<string> warnings)
    {
        if (sources.Count == 0 || resistors.Count == 0) return;
        double scale = sources.Max(s => Math.Abs(s.Current));
        if (!(scale > 0)) return;
        var worst = sources.MaxBy(s => s.Uncertainty);
        double share = worst.Uncertainty / scale;
        if (share <= WarnAbove) return;
        var widest = resistors.MaxBy(r => r.G);
        double gMin = resistors.Min(r => r.G);
        string F(double v) => v.ToString("G3", CultureInfo.InvariantCulture);
        string detail = $"source currents are uncertain by up to {F(worst.Uncertainty)} A (i({worst.Name}) = {F(worst.Current)} A; largest source current {F(scale)} A): " +
                        $"resistances span {F(Math.Log10(widest.G / gMin))} decades ({widest.Element.Name} = {F(1 / widest.G)} Ohm), beyond what double precision resolves";
        if (share > RefuseAbove)
            throw new InvalidInputException($"{widest.Element.Location}: {widest.Element.Name}: {detail}; use larger wire resistances (or merge the nodes) so the source currents mean something");
        warnings.Add($"{detail}; node voltages are fine, source currents carry that error");
    }
}
