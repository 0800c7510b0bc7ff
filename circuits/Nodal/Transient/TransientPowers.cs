using Xbar.Devices;

namespace Xbar.Circuits.Nodal.Transient;

/// <summary>
/// Where the power of a crossbar goes at one instant, from its node voltages: what the word-line
/// sources deliver, and what the driver resistances, the wire segments (including each bit line's
/// last segment into the virtual ground) and the cells dissipate (W). The capacitors take the
/// difference; their stored energy is ½ Σ C v² (J). One accounting for both engines: the nodal
/// solver calls it at every step, and an ngspice transient is passed through it from its saved node
/// voltages.
/// </summary>
public sealed class TransientPowers
{
    private readonly TransientCrossbarSpec _spec;
    private readonly ICellArray _cells;
    private readonly double _gW, _gB, _gD;

    /// <param name="cellsAsSeen">The cells between the word-line and bit-line terminals (with any access resistance in series).</param>
    public TransientPowers(TransientCrossbarSpec spec, ICellArray cellsAsSeen)
    {
        _spec = spec;
        _cells = cellsAsSeen;
        _gW = 1.0 / spec.Array.WordLineSegmentResistance;
        _gB = 1.0 / spec.Array.BitLineSegmentResistance;
        _gD = 1.0 / spec.Array.DriverResistance;
    }

    /// <summary>One instant's powers (W) and stored energy (J).</summary>
    public readonly record struct Instant(double Source, double Driver, double Wires, double Cells, double Stored);

    /// <summary>
    /// The powers for source voltages <paramref name="sources"/> (one per row) and node voltages
    /// <paramref name="w"/>, <paramref name="b"/> (column-major, k = j m + i).
    /// </summary>
    public Instant At(double[] sources, double[] w, double[] b)
    {
        int m = _spec.Rows, n = _spec.Cols;
        double src = 0, drv = 0, wires = 0, cells = 0, stored = 0;
        for (int i = 0; i < m; i++)
        {
            double current = _gD * (sources[i] - w[i]);
            src += sources[i] * current;
            drv += current * current / _gD;
        }
        for (int j = 0; j < n; j++)
            for (int i = 0; i < m; i++)
            {
                int k = j * m + i;
                if (j < n - 1) { double d = w[k] - w[k + m]; wires += _gW * d * d; }
                double dBit = i < m - 1 ? b[k] - b[k + 1] : b[k];
                wires += _gB * dBit * dBit;
                double v = w[k] - b[k];
                cells += _cells.Current(i, j, v) * v;
            }
        double cw = _spec.WordLineSegmentCapacitance, cb = _spec.BitLineSegmentCapacitance;
        if (cw > 0 || cb > 0)
            for (int k = 0; k < w.Length; k++) stored += 0.5 * (cw * w[k] * w[k] + cb * b[k] * b[k]);
        return new Instant(src, drv, wires, cells, stored);
    }

    /// <summary>Current of column j into the virtual ground (A): through the last bit-line segment.</summary>
    public double ColumnCurrent(double[] b, int j) => _gB * b[j * _spec.Rows + _spec.Rows - 1];
}
