namespace Xbar.Netlists.Tests;

/// <summary>
/// Builds random but valid netlists in code (seeded, reproducible): a resistor ladder for a
/// grounded backbone plus random elements of every kind, with values spread over 18 decades and
/// full double precision, so round trips exercise formatting as much as syntax.
/// </summary>
internal sealed class RandomNetlistGenerator(int seed)
{
    private readonly Random _random = new(seed);
    private int _fresh;

    public Netlist Next()
    {
        int nodeCount = _random.Next(2, 7);
        var nodes = Enumerable.Range(1, nodeCount).Select(i => $"n{i}").ToList();
        var elements = new List<Element> { new VoltageSource("V1", "n1", "0", RandomWaveform()) };
        for (int i = 0; i < nodeCount; i++)
        {
            elements.Add(new Resistor($"Rg{i}", nodes[i], "0", Positive()));
            if (i + 1 < nodeCount) elements.Add(new Resistor($"Rs{i}", nodes[i], nodes[i + 1], Positive()));
        }
        int extra = _random.Next(0, 14);
        for (int i = 0; i < extra; i++) elements.AddRange(RandomElement(i, nodes));

        var cell = new SubcircuitDefinition("cell", ["p", "q"],
            [new Resistor("R1", "p", "m", SpiceValue.Expr("1/g")), new Capacitor("C1", "m", "q", Positive())])
        { Parameters = [new NamedValue("g", Positive())], Models = [new ModelDefinition("dloc", "D")] };

        var analyses = new List<Analysis>();
        if (_random.Next(2) == 0) analyses.Add(new OperatingPointAnalysis());
        if (_random.Next(2) == 0) analyses.Add(new DcSweepAnalysis("V1", 0, 1, 0.125));
        if (_random.Next(2) == 0) analyses.Add(new TransientAnalysis(Positive(), 1, _random.Next(2) * 0.5, _random.Next(2) == 0 ? null : Positive()) { UseInitialConditions = _random.Next(2) == 0 });

        return new Netlist($"random netlist {seed}", elements, analyses)
        {
            Models = [new ModelDefinition("dmod", "D") { Parameters = [new NamedValue("is", Positive())] },
                      new ModelDefinition("nch", "NMOS"), new ModelDefinition("sw1", "SW"), new ModelDefinition("csw1", "CSW")],
            Subcircuits = [cell],
            Parameters = [new ParameterDefinition("p1", Any())],
            Options = [new OptionSetting("reltol", "1e-6"), new OptionSetting("noacct")],
        };
    }

    private IEnumerable<Element> RandomElement(int i, List<string> nodes)
    {
        string A() => nodes[_random.Next(nodes.Count)];
        string Fresh() => $"x{_fresh++}";
        switch (_random.Next(14))
        {
            case 0: yield return new Resistor($"R{i}", A(), A(), Positive()); break;
            case 1: yield return new Capacitor($"C{i}", A(), "0", Positive()) { InitialVoltage = _random.Next(2) == 0 ? Any() : null }; break;
            case 2:
            {
                var x = Fresh();
                yield return new Inductor($"L{i}", A(), x, Positive()) { InitialCurrent = _random.Next(2) == 0 ? Any() : null };
                yield return new Resistor($"Rl{i}", x, "0", Positive());
                break;
            }
            case 3: yield return new CurrentSource($"I{i}", A(), A(), RandomWaveform()) { AcMagnitude = _random.Next(2) == 0 ? 1.0 : null }; break;
            case 4:
            {
                var x = Fresh();
                yield return new Vcvs($"E{i}", x, "0", A(), A(), Any());
                yield return new Resistor($"Re{i}", x, "0", Positive());
                break;
            }
            case 5: yield return new Vccs($"G{i}", A(), A(), A(), "0", Any()); break;
            case 6: yield return new Cccs($"F{i}", A(), "0", "V1", Any()); break;
            case 7:
            {
                var x = Fresh();
                yield return new Ccvs($"H{i}", x, "0", "V1", Any());
                yield return new Resistor($"Rh{i}", x, "0", Positive());
                break;
            }
            case 8: yield return new BehavioralSource($"B{i}", A(), "0", BehavioralKind.Current, $"v({A()})*{SpiceNumber.Format(Positive())}"); break;
            case 9: yield return new VoltageSwitch($"S{i}", A(), A(), A(), "0", "sw1") { InitiallyOn = _random.Next(3) switch { 0 => true, 1 => false, _ => null } }; break;
            case 10: yield return new CurrentSwitch($"W{i}", A(), "0", "V1", "csw1"); break;
            case 11: yield return new Diode($"D{i}", A(), "0", "dmod") { Area = _random.Next(2) == 0 ? Positive() : null }; break;
            case 12: yield return new Mosfet($"M{i}", A(), A(), "0", "0", "nch") { Parameters = [new NamedValue("W", Positive()), new NamedValue("L", Positive())] }; break;
            default: yield return new SubcircuitInstance($"X{i}", [A(), "0"], "cell") { Parameters = _random.Next(2) == 0 ? [new NamedValue("g", Positive())] : [] }; break;
        }
    }

    private Waveform RandomWaveform() => _random.Next(4) switch
    {
        0 => new DcWaveform(Any()),
        1 => new PulseWaveform(Any(), Any(), Positive(), Positive(), Positive(), Positive(), _random.Next(2) == 0 ? Positive() : null),
        2 => new PwlWaveform(Enumerable.Range(0, _random.Next(1, 5)).Select(k => new PwlPoint(k * 1e-6, Any()))),
        _ => new SinWaveform(Any(), Any(), Positive()),
    };

    private double Positive() => (0.5 + _random.NextDouble()) * Math.Pow(10, _random.Next(-15, 4));

    private double Any() => (_random.NextDouble() - 0.5) * Math.Pow(10, _random.Next(-12, 4));
}
