namespace Xbar.Netlists;

/// <summary>
/// Independent source <c>V|I n+ n- [DC v] [AC mag [phase]] [waveform]</c>. Current flows from n+
/// through the source to n- (ngspice's convention, so a source delivering power reports a
/// negative current).
/// </summary>
public abstract record IndependentSource(string Name, string Positive, string Negative, Waveform Waveform)
    : TwoTerminalElement(Name, Positive, Negative)
{
    /// <summary>An explicit <c>DC</c> value given next to a time-varying waveform, else null.</summary>
    public SpiceValue? Dc { get; init; }

    /// <summary>Optional <c>AC</c> magnitude (kept so AC-ready netlists read back unchanged).</summary>
    public SpiceValue? AcMagnitude { get; init; }

    /// <summary>Optional <c>AC</c> phase in degrees.</summary>
    public SpiceValue? AcPhase { get; init; }

    /// <summary>The value used by DC analyses: the explicit DC value, else the waveform at t = 0 (as ngspice does).</summary>
    public double DcValue => (Dc ?? Waveform.ValueAtZero).Number;
}

/// <summary>Independent voltage source (V). Its current is a circuit unknown, readable as <c>i(name)</c>.</summary>
public sealed record VoltageSource(string Name, string Positive, string Negative, Waveform Waveform)
    : IndependentSource(Name, Positive, Negative, Waveform)
{
    public VoltageSource(string name, string positive, string negative, double dc)
        : this(name, positive, negative, new DcWaveform(dc)) { }

    public override char Letter => 'V';
}

/// <summary>Independent current source (I), current in amperes from n+ through the source to n-.</summary>
public sealed record CurrentSource(string Name, string Positive, string Negative, Waveform Waveform)
    : IndependentSource(Name, Positive, Negative, Waveform)
{
    public CurrentSource(string name, string positive, string negative, double dc)
        : this(name, positive, negative, new DcWaveform(dc)) { }

    public override char Letter => 'I';
}
