namespace Xbar.Netlists.Writing;

/// <summary>
/// One element as an ngspice line. Forms are chosen so <see cref="NetlistReader"/> reads them back
/// to the same record: explicit <c>DC</c> keywords, waveform arguments in parentheses, and
/// subcircuit parameters as plain <c>name=value</c> (a form every ngspice version reads).
/// </summary>
internal static class ElementFormatter
{
    public static string Format(Element element) => element switch
    {
        Resistor r => Join(r.Name, r.Positive, r.Negative, r.Value),
        Capacitor c => Join(c.Name, c.Positive, c.Negative, c.Value) + Ic(c.InitialVoltage),
        Inductor l => Join(l.Name, l.Positive, l.Negative, l.Value) + Ic(l.InitialCurrent),
        IndependentSource s => Join(s.Name, s.Positive, s.Negative) + SourceSpec(s),
        Vcvs e => Join(e.Name, e.Positive, e.Negative, e.ControlPositive, e.ControlNegative, e.Gain),
        Vccs g => Join(g.Name, g.Positive, g.Negative, g.ControlPositive, g.ControlNegative, g.Transconductance),
        Cccs f => Join(f.Name, f.Positive, f.Negative, f.ControlSource, f.Gain),
        Ccvs h => Join(h.Name, h.Positive, h.Negative, h.ControlSource, h.Transresistance),
        BehavioralSource b => Join(b.Name, b.Positive, b.Negative) + (b.Kind == BehavioralKind.Voltage ? " V=" : " I=") + b.Expression,
        VoltageSwitch s => Join(s.Name, s.Positive, s.Negative, s.ControlPositive, s.ControlNegative, s.Model) + OnOff(s.InitiallyOn),
        CurrentSwitch w => Join(w.Name, w.Positive, w.Negative, w.ControlSource, w.Model) + OnOff(w.InitiallyOn),
        Diode d => Join(d.Name, d.Anode, d.Cathode, d.Model) + (d.Area is { } a ? " " + a : ""),
        Mosfet m => Join(m.Name, m.Drain, m.Gate, m.Source, m.Bulk, m.Model) + Assignments(m.Parameters),
        SubcircuitInstance x => string.Join(" ", [x.Name, .. x.Connections, x.Subcircuit]) + Assignments(x.Parameters),
        _ => throw new ArgumentException($"the writer does not know element type {element.GetType().Name}", nameof(element)),
    };

    /// <summary><c> name=value</c> for each pair (empty when none).</summary>
    public static string Assignments(IEnumerable<NamedValue> values) => string.Concat(values.Select(v => $" {v.Name}={v.Value}"));

    private static string Join(params object[] parts) => string.Join(" ", parts.Select(p => p.ToString()));

    private static string Ic(SpiceValue? value) => value is { } v ? $" IC={v}" : "";

    private static string OnOff(bool? on) => on switch { true => " ON", false => " OFF", null => "" };

    private static string SourceSpec(IndependentSource s)
    {
        var text = new System.Text.StringBuilder();
        if (s.Waveform is DcWaveform dc)
        {
            if (s.Dc is not null)
                throw new ArgumentException($"{s.Name}: give the DC value either as a DcWaveform or as Dc, not both");
            text.Append(" DC ").Append(dc.Value);
        }
        else if (s.Dc is { } explicitDc)
            text.Append(" DC ").Append(explicitDc);
        if (s.AcMagnitude is { } mag) text.Append(" AC ").Append(mag);
        if (s.AcPhase is { } phase) text.Append(' ').Append(phase);
        switch (s.Waveform)
        {
            case PulseWaveform p: text.Append(" PULSE(").AppendJoin(' ', p.Arguments()).Append(')'); break;
            case SinWaveform sin: text.Append(" SIN(").AppendJoin(' ', sin.Arguments()).Append(')'); break;
            case PwlWaveform pwl: text.Append(" PWL(").AppendJoin(' ', pwl.Points.Select(pt => $"{pt.Time} {pt.Value}")).Append(')'); break;
            case DcWaveform: break;
            default: throw new ArgumentException($"{s.Name}: the writer does not know waveform {s.Waveform.GetType().Name}");
        }
        return text.ToString();
    }
}
