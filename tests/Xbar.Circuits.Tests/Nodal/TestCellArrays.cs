using System.Globalization;
using Xbar.Devices;

namespace Xbar.Circuits.Tests.Nodal;

/// <summary>Ohmic test cells with explicit conductances (S); SPICE form a resistor.</summary>
internal sealed class OhmicTestCells : ICellArray
{
    private readonly double[,] _g;
    public OhmicTestCells(double[,] g) => _g = g;
    public int Rows => _g.GetLength(0);
    public int Cols => _g.GetLength(1);
    public bool IsLinear => true;
    public double G(int i, int j) => _g[i, j];
    public double Current(int i, int j, double v) => _g[i, j] * v;
    public double Conductance(int i, int j, double v) => _g[i, j];
    public IReadOnlyList<string> SpiceDefinitions() => [];
    public IReadOnlyList<string> SpiceInstance(string name, string wl, string bl, int i, int j) =>
        [$"R{name} {wl} {bl} {(1.0 / _g[i, j]).ToString("R", CultureInfo.InvariantCulture)}"];

    /// <summary>Random conductances between 1/10 kOhm and 1/1 kOhm.</summary>
    public static OhmicTestCells Random(int m, int n, int seed)
    {
        var rng = new Random(seed);
        var g = new double[m, n];
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++) g[i, j] = 1e-4 + 9e-4 * rng.NextDouble();
        return new OhmicTestCells(g);
    }
}

/// <summary>
/// MTJ-like bias-dependent test cells: G(V) = x G_P + (1 - x) G_P / (1 + TMR(V)),
/// TMR(V) = TMR0 / (1 + (V/V_h)^2), I = V G(V); SPICE form a B source with the same law.
/// </summary>
internal sealed class MtjLikeTestCells : ICellArray
{
    private readonly double[,] _x;
    private readonly double _gp, _tmr0, _vh;

    public MtjLikeTestCells(double[,] x, double rp = 3360, double tmr0 = 1.74, double vh = 0.5)
    {
        _x = x; _gp = 1 / rp; _tmr0 = tmr0; _vh = vh;
    }

    public int Rows => _x.GetLength(0);
    public int Cols => _x.GetLength(1);
    public bool IsLinear => false;

    public double Current(int i, int j, double v) => v * G(i, j, v);

    public double Conductance(int i, int j, double v)
    {
        double u = v / _vh, den = 1 + u * u;
        double t = _tmr0 / den;
        double dt = -_tmr0 * 2 * v / (_vh * _vh) / (den * den);
        double dg = -(1 - _x[i, j]) * _gp * dt / ((1 + t) * (1 + t));
        return G(i, j, v) + v * dg;
    }

    private double G(int i, int j, double v)
    {
        double u = v / _vh;
        double t = _tmr0 / (1 + u * u);
        return _x[i, j] * _gp + (1 - _x[i, j]) * _gp / (1 + t);
    }

    public IReadOnlyList<string> SpiceDefinitions() => [];

    public IReadOnlyList<string> SpiceInstance(string name, string wl, string bl, int i, int j)
    {
        string F(double d) => d.ToString("R", CultureInfo.InvariantCulture);
        string v = $"V({wl},{bl})";
        if (bl == "0") v = $"V({wl})";
        return [$"B{name} {wl} {bl} I = {v}*({F(_x[i, j] * _gp)} + {F((1 - _x[i, j]) * _gp)}/(1 + {F(_tmr0)}/(1 + ({v}/{F(_vh)})*({v}/{F(_vh)}))))"];
    }

    /// <summary>Random parallel fractions on K uniform levels.</summary>
    public static MtjLikeTestCells Random(int m, int n, int seed, int states = 4)
    {
        var rng = new Random(seed);
        var x = new double[m, n];
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++) x[i, j] = rng.Next(states) / (double)(states - 1);
        return new MtjLikeTestCells(x);
    }
}

/// <summary>
/// Another array's cells without its column-major layout (<see cref="ICellArray.ColumnMajor"/> null),
/// so the solver evaluates them row by row: for tests comparing the two paths.
/// </summary>
internal sealed class RowByRowCells(ICellArray inner) : ICellArray
{
    public int Rows => inner.Rows;
    public int Cols => inner.Cols;
    public bool IsLinear => inner.IsLinear;
    public double Current(int i, int j, double v) => inner.Current(i, j, v);
    public double Conductance(int i, int j, double v) => inner.Conductance(i, j, v);
    public void EvaluateRow(int i, int j0, ReadOnlySpan<double> v, Span<double> current, Span<double> conductance) =>
        inner.EvaluateRow(i, j0, v, current, conductance);
    public IReadOnlyList<string> SpiceDefinitions() => inner.SpiceDefinitions();
    public IReadOnlyList<string> SpiceInstance(string name, string wl, string bl, int i, int j) => inner.SpiceInstance(name, wl, bl, i, j);
}
