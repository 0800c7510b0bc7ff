namespace Xbar.Netlists;

/// <summary>
/// Time function of an independent source, as in the ngspice manual section "Independent
/// Sources" (DC, PULSE, PWL, SIN). Optional trailing PULSE/SIN arguments stay null when the
/// netlist omits them, because their ngspice defaults depend on the analysis (TSTEP, TSTOP).
/// </summary>
public abstract record Waveform
{
    /// <summary>The value at t = 0, which ngspice uses for DC analyses when no DC value is given.</summary>
    public abstract SpiceValue ValueAtZero { get; }

    public static implicit operator Waveform(double value) => new DcWaveform(value);
}

/// <summary>A constant value (V or A).</summary>
public sealed record DcWaveform(SpiceValue Value) : Waveform
{
    public override SpiceValue ValueAtZero => Value;
}

/// <summary><c>PULSE(V1 V2 TD TR TF PW PER)</c>: initial and pulsed value, delay, rise, fall, width, period (s).</summary>
public sealed record PulseWaveform(
    SpiceValue Initial,
    SpiceValue Pulsed,
    SpiceValue? Delay = null,
    SpiceValue? Rise = null,
    SpiceValue? Fall = null,
    SpiceValue? Width = null,
    SpiceValue? Period = null) : Waveform
{
    public override SpiceValue ValueAtZero => Initial;

    /// <summary>The given arguments in SPICE order, stopping at the first omitted one.</summary>
    public IEnumerable<SpiceValue> Arguments()
    {
        yield return Initial;
        yield return Pulsed;
        foreach (var v in new[] { Delay, Rise, Fall, Width, Period })
        {
            if (v is null) yield break;
            yield return v.Value;
        }
    }
}

/// <summary>One (time s, value) corner of a piecewise-linear waveform.</summary>
public sealed record PwlPoint(SpiceValue Time, SpiceValue Value);

/// <summary><c>PWL(t1 v1 t2 v2 ...)</c>: piecewise linear, held constant before the first and after the last point.</summary>
public sealed record PwlWaveform : Waveform
{
    private readonly ValueList<PwlPoint> _points;

    public PwlWaveform(IEnumerable<PwlPoint> points) => _points = ValueList.From(points);

    public IReadOnlyList<PwlPoint> Points { get => _points; init => _points = ValueList.From(value); }

    public override SpiceValue ValueAtZero => _points.Count > 0 ? _points[0].Value : SpiceValue.Of(0);
}

/// <summary><c>SIN(VO VA FREQ TD THETA PHASE)</c>: offset, amplitude, frequency (Hz), delay (s), damping (1/s), phase (degrees).</summary>
public sealed record SinWaveform(
    SpiceValue Offset,
    SpiceValue Amplitude,
    SpiceValue? Frequency = null,
    SpiceValue? Delay = null,
    SpiceValue? Damping = null,
    SpiceValue? Phase = null) : Waveform
{
    public override SpiceValue ValueAtZero => Offset;

    /// <summary>The given arguments in SPICE order, stopping at the first omitted one.</summary>
    public IEnumerable<SpiceValue> Arguments()
    {
        yield return Offset;
        yield return Amplitude;
        foreach (var v in new[] { Frequency, Delay, Damping, Phase })
        {
            if (v is null) yield break;
            yield return v.Value;
        }
    }
}
