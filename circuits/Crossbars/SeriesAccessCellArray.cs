using Xbar.Devices;

namespace Xbar.Circuits.Crossbars;

/// <summary>
/// A 1T1R cell array seen from its terminals: every memory element of <paramref name="inner"/> in
/// series with the access transistor's on-resistance R_on (Ohm). The internal node voltage v_c
/// solves v_c + R_on * I(v_c) = V (scalar Newton per call); then I = I(v_c) and
/// dI/dV = g / (1 + g R_on) with g = dI/dv_c. Both solvers see the same composite cell, and the
/// SPICE form keeps the internal node explicit (a resistor plus the inner cell).
/// </summary>
public sealed class SeriesAccessCellArray : ICellArray
{
    private readonly ICellArray _inner;
    private readonly double _ron;
    private readonly Func<int, int, string> _internalNode;

    /// <param name="inner">The memory elements.</param>
    /// <param name="accessResistance">Access-transistor on-resistance (Ohm, >= 0).</param>
    /// <param name="internalNode">Name of the node between transistor and memory element of cell (i, j).</param>
    public SeriesAccessCellArray(ICellArray inner, double accessResistance, Func<int, int, string> internalNode)
    {
        _inner = inner ?? throw new ArgumentNullException(nameof(inner));
        if (!double.IsFinite(accessResistance) || accessResistance < 0)
            throw new InvalidInputException($"access resistance must be a finite, non-negative number of Ohm (got {accessResistance})");
        _ron = accessResistance;
        _internalNode = internalNode ?? throw new ArgumentNullException(nameof(internalNode));
    }

    public int Rows => _inner.Rows;
    public int Cols => _inner.Cols;
    public bool IsLinear => _inner.IsLinear;

    public double Current(int i, int j, double v) => _inner.Current(i, j, InternalVoltage(i, j, v));

    public double Conductance(int i, int j, double v)
    {
        double g = _inner.Conductance(i, j, InternalVoltage(i, j, v));
        return g / (1.0 + g * _ron);
    }

    public IReadOnlyList<string> SpiceDefinitions() => _inner.SpiceDefinitions();

    public IReadOnlyList<string> SpiceInstance(string name, string wordLineNode, string bitLineNode, int i, int j)
    {
        if (_ron == 0) return _inner.SpiceInstance(name, wordLineNode, bitLineNode, i, j);
        string mid = _internalNode(i, j);
        var lines = new List<string>
        {
            $"RT{name} {wordLineNode} {mid} {_ron.ToString("R", System.Globalization.CultureInfo.InvariantCulture)}",
        };
        lines.AddRange(_inner.SpiceInstance(name, mid, bitLineNode, i, j));
        return lines;
    }

    /// <summary>Voltage across the memory element when V is across the series pair (V).</summary>
    private double InternalVoltage(int i, int j, double v)
    {
        if (_ron == 0) return v;
        if (_inner.IsLinear)
        {
            double g = _inner.Conductance(i, j, 0.0);
            return v / (1.0 + g * _ron);
        }
        // Newton on f(x) = x + R I(x) - V; f' = 1 + R g >= 1, so it converges monotonically for
        // monotone I(V) cells. Start from the linear estimate.
        double x = v / (1.0 + _inner.Conductance(i, j, 0.0) * _ron);
        for (int k = 0; k < 60; k++)
        {
            double f = x + _ron * _inner.Current(i, j, x) - v;
            double fp = 1.0 + _ron * Math.Max(_inner.Conductance(i, j, x), 0.0);
            double dx = f / fp;
            x -= dx;
            if (Math.Abs(dx) <= 1e-15 * (Math.Abs(v) + 1e-30) + 1e-300) break;
        }
        return x;
    }
}
