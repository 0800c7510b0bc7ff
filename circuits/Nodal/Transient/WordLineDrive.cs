using System.Globalization;
using System.Text;

namespace Xbar.Circuits.Nodal.Transient;

/// <summary>
/// The voltage waveform of every word-line source during one MVM: a piecewise-linear function of
/// time per row (V against s), 0 V at t = 0. Two encodings of an input vector x in [0, 1]:
/// <list type="bullet">
/// <item><see cref="Amplitude"/>: row i ramps to x_i V_read in the rise time and holds (a DAC sets the
/// level; the column current is read once settled);</item>
/// <item><see cref="PulseWidth"/>: row i is driven at V_read for a time proportional to x_i (ramped up
/// and down in the rise time; the column charge is integrated).</item>
/// </list>
/// Both engines evaluate the same points: the nodal solver by interpolation, ngspice as a PWL source.
/// </summary>
public sealed class WordLineDrive
{
    private readonly double[][] _t;
    private readonly double[][] _v;

    private WordLineDrive(double[][] times, double[][] volts, double end)
    {
        _t = times;
        _v = volts;
        End = end;
    }

    /// <summary>Number of word lines driven.</summary>
    public int Rows => _t.Length;

    /// <summary>Time after which no source changes any more (s).</summary>
    public double End { get; }

    /// <summary>Amplitude encoding: row i ramps linearly from 0 to <paramref name="volts"/>[i] in <paramref name="riseTime"/> s and holds.</summary>
    public static WordLineDrive Amplitude(IReadOnlyList<double> volts, double riseTime)
    {
        ArgumentNullException.ThrowIfNull(volts);
        CheckTime(riseTime, "rise time", positive: true);
        var t = new double[volts.Count][];
        var v = new double[volts.Count][];
        for (int i = 0; i < volts.Count; i++)
        {
            if (!double.IsFinite(volts[i])) throw new InvalidInputException($"word-line voltage {i} is not a finite number ({volts[i]})");
            t[i] = [0, riseTime];
            v[i] = [0, volts[i]];
        }
        return new WordLineDrive(t, v, riseTime);
    }

    /// <summary>
    /// Pulse-width encoding: row i is at <paramref name="amplitude"/> V for <paramref name="widths"/>[i] s
    /// measured between the half-amplitude points (ramp up in <paramref name="riseTime"/> from t = 0,
    /// hold, ramp down in the rise time ending at width + rise time), so the row's volt-seconds are
    /// exactly amplitude x width; a zero width leaves the row at 0 V. A non-zero width shorter than
    /// the rise time is refused.
    /// </summary>
    public static WordLineDrive PulseWidth(IReadOnlyList<double> widths, double amplitude, double riseTime)
    {
        ArgumentNullException.ThrowIfNull(widths);
        CheckTime(riseTime, "rise time", positive: true);
        if (!double.IsFinite(amplitude)) throw new InvalidInputException($"pulse amplitude must be finite (got {amplitude})");
        var t = new double[widths.Count][];
        var v = new double[widths.Count][];
        double end = 0;
        for (int i = 0; i < widths.Count; i++)
        {
            double w = widths[i];
            CheckTime(w, $"pulse width of row {i}", positive: false);
            if (w == 0)
            {
                t[i] = [0];
                v[i] = [0];
                continue;
            }
            if (w < riseTime)
                throw new InvalidInputException($"pulse width of row {i} ({w.ToString("R", CultureInfo.InvariantCulture)} s) is shorter than the rise time ({riseTime.ToString("R", CultureInfo.InvariantCulture)} s)");
            t[i] = w == riseTime ? [0, riseTime, 2 * riseTime] : [0, riseTime, w, w + riseTime];
            v[i] = w == riseTime ? [0, amplitude, 0] : [0, amplitude, amplitude, 0];
            end = Math.Max(end, w + riseTime);
        }
        return new WordLineDrive(t, v, end);
    }

    /// <summary>Source voltage of row <paramref name="row"/> at time <paramref name="time"/> (V).</summary>
    public double Voltage(int row, double time)
    {
        var t = _t[row];
        var v = _v[row];
        if (time <= t[0]) return v[0];
        for (int k = 1; k < t.Length; k++)
            if (time <= t[k]) return v[k - 1] + (v[k] - v[k - 1]) * (time - t[k - 1]) / (t[k] - t[k - 1]);
        return v[^1];
    }

    /// <summary>The largest |source voltage| of any row at any time (V).</summary>
    public double MaxAbsVoltage => _v.Max(row => row.Max(Math.Abs));

    /// <summary>Every time at which some source changes slope (s, sorted, distinct, including 0).</summary>
    public IReadOnlyList<double> Breakpoints() => _t.SelectMany(x => x).Distinct().Order().ToArray();

    /// <summary>The ngspice source value of row <paramref name="row"/>: <c>PWL(t0 v0 t1 v1 ...)</c>.</summary>
    public string SpiceValue(int row)
    {
        var sb = new StringBuilder("PWL(");
        for (int k = 0; k < _t[row].Length; k++)
        {
            if (k > 0) sb.Append(' ');
            sb.Append(_t[row][k].ToString("R", CultureInfo.InvariantCulture)).Append(' ')
              .Append(_v[row][k].ToString("R", CultureInfo.InvariantCulture));
        }
        return sb.Append(')').ToString();
    }

    private static void CheckTime(double value, string field, bool positive)
    {
        if (!double.IsFinite(value) || value < 0 || (positive && value == 0))
            throw new InvalidInputException($"{field} must be a finite number {(positive ? "> 0" : ">= 0")} s (got {value.ToString("R", CultureInfo.InvariantCulture)})");
    }
}
