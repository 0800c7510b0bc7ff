namespace Xbar.Netlists.Flattening;

/// <summary>
/// The renaming and value maps applied to a subcircuit body element when it is copied into its
/// caller: node names, element/source names, model names and parameter values.
/// </summary>
internal sealed record Rewrite(
    Func<string, string> Node,
    Func<string, string> Name,
    Func<string, string> Model,
    Func<SpiceValue, SpiceValue> Value);

/// <summary>Applies a <see cref="Rewrite"/> to every element kind (one place that knows every record's fields).</summary>
internal static class ElementRewriter
{
    public static Element Apply(Element e, Rewrite r)
    {
        SpiceValue V(SpiceValue v) => r.Value(v);
        SpiceValue? O(SpiceValue? v) => v is { } x ? r.Value(x) : null;
        string N(string n) => r.Node(n);
        IReadOnlyList<NamedValue> P(IReadOnlyList<NamedValue> list) => list.Select(p => p with { Value = V(p.Value) }).ToList();

        Element copy = e switch
        {
            Resistor x => x with { Positive = N(x.Positive), Negative = N(x.Negative), Value = V(x.Value) },
            Capacitor x => x with { Positive = N(x.Positive), Negative = N(x.Negative), Value = V(x.Value), InitialVoltage = O(x.InitialVoltage) },
            Inductor x => x with { Positive = N(x.Positive), Negative = N(x.Negative), Value = V(x.Value), InitialCurrent = O(x.InitialCurrent) },
            IndependentSource x => x with
            {
                Positive = N(x.Positive), Negative = N(x.Negative), Waveform = Waveform(x.Waveform, r.Value),
                Dc = O(x.Dc), AcMagnitude = O(x.AcMagnitude), AcPhase = O(x.AcPhase),
            },
            Vcvs x => x with { Positive = N(x.Positive), Negative = N(x.Negative), ControlPositive = N(x.ControlPositive), ControlNegative = N(x.ControlNegative), Gain = V(x.Gain) },
            Vccs x => x with { Positive = N(x.Positive), Negative = N(x.Negative), ControlPositive = N(x.ControlPositive), ControlNegative = N(x.ControlNegative), Transconductance = V(x.Transconductance) },
            Cccs x => x with { Positive = N(x.Positive), Negative = N(x.Negative), ControlSource = r.Name(x.ControlSource), Gain = V(x.Gain) },
            Ccvs x => x with { Positive = N(x.Positive), Negative = N(x.Negative), ControlSource = r.Name(x.ControlSource), Transresistance = V(x.Transresistance) },
            VoltageSwitch x => x with { Positive = N(x.Positive), Negative = N(x.Negative), ControlPositive = N(x.ControlPositive), ControlNegative = N(x.ControlNegative), Model = r.Model(x.Model) },
            CurrentSwitch x => x with { Positive = N(x.Positive), Negative = N(x.Negative), ControlSource = r.Name(x.ControlSource), Model = r.Model(x.Model) },
            Diode x => x with { Anode = N(x.Anode), Cathode = N(x.Cathode), Model = r.Model(x.Model), Area = O(x.Area) },
            Mosfet x => x with { Drain = N(x.Drain), Gate = N(x.Gate), Source = N(x.Source), Bulk = N(x.Bulk), Model = r.Model(x.Model), Parameters = P(x.Parameters) },
            SubcircuitInstance x => x with { Connections = x.Connections.Select(N).ToList() },
            BehavioralSource x => throw new InvalidInputException(
                $"{x.Location}: {x.Name}: B sources inside subcircuits cannot be flattened (their expression text names local nodes); keep the netlist hierarchical for ngspice"),
            _ => throw new ArgumentException($"cannot flatten element type {e.GetType().Name}", nameof(e)),
        };
        return copy with { Name = r.Name(e.Name) };
    }

    private static Waveform Waveform(Waveform w, Func<SpiceValue, SpiceValue> v) => w switch
    {
        DcWaveform d => new DcWaveform(v(d.Value)),
        PulseWaveform p => new PulseWaveform(v(p.Initial), v(p.Pulsed), Opt(p.Delay, v), Opt(p.Rise, v), Opt(p.Fall, v), Opt(p.Width, v), Opt(p.Period, v)),
        SinWaveform s => new SinWaveform(v(s.Offset), v(s.Amplitude), Opt(s.Frequency, v), Opt(s.Delay, v), Opt(s.Damping, v), Opt(s.Phase, v)),
        PwlWaveform p => new PwlWaveform(p.Points.Select(pt => new PwlPoint(v(pt.Time), v(pt.Value)))),
        _ => throw new ArgumentException($"cannot flatten waveform {w.GetType().Name}"),
    };

    private static SpiceValue? Opt(SpiceValue? value, Func<SpiceValue, SpiceValue> v) => value is { } x ? v(x) : null;
}
