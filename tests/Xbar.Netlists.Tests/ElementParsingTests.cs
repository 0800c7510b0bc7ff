namespace Xbar.Netlists.Tests;

public class ElementParsingTests
{
    private static Netlist AllElements() => NetlistReader.ReadFile(TestData.Path_("valid/all_elements.cir"));

    [Fact]
    public void When_PassiveElements_Expect_ValuesInSiUnits()
    {
        var n = AllElements();
        Assert.Equal(new Resistor("R1", "vdd", "n1", 1000), n.Get<Resistor>("R1"));
        Assert.Equal(10e-12, n.Get<Capacitor>("C1").Capacitance, 1e-24);
        Assert.Equal(1e-6, n.Get<Inductor>("L1").Inductance, 1e-18);
        Assert.Equal(["n1", "n2"], n.Get<Inductor>("L1").Nodes);
    }

    [Fact]
    public void When_IndependentSources_Expect_DcAndAcParts()
    {
        var n = AllElements();
        var v1 = n.Get<VoltageSource>("V1");
        Assert.Equal(1.8, v1.DcValue);
        Assert.Equal(1.0, v1.AcMagnitude!.Value.Number);
        Assert.Equal(1e-3, n.Get<CurrentSource>("I1").DcValue, 1e-15);
        Assert.Equal(["0", "n1"], n.Get<CurrentSource>("I1").Nodes);
    }

    [Fact]
    public void When_ControlledSources_Expect_ControlsAndGains()
    {
        var n = AllElements();
        Assert.Equal(new Vcvs("E1", "e1", "0", "n1", "0", 2), n.Get<Vcvs>("E1"));
        Assert.Equal(new Vccs("G1", "g1", "0", "n1", "0", 1e-3), n.Get<Vccs>("G1"));
        Assert.Equal(new Cccs("F1", "f1", "0", "Vsense", 0.5), n.Get<Cccs>("F1"));
        Assert.Equal(new Ccvs("H1", "h1", "0", "Vsense", 100), n.Get<Ccvs>("H1"));
    }

    [Fact]
    public void When_BehavioralSources_Expect_ExpressionTextKept()
    {
        var n = AllElements();
        Assert.Equal(new BehavioralSource("B1", "b1", "0", BehavioralKind.Voltage, "{2}*v(n1)+1"), n.Get<BehavioralSource>("B1"));
        Assert.Equal(BehavioralKind.Current, n.Get<BehavioralSource>("B2").Kind);
        Assert.Equal("v(n1)/1k", n.Get<BehavioralSource>("B2").Expression);
    }

    [Fact]
    public void When_SwitchesDiodeMosfet_Expect_ModelsAndParameters()
    {
        var n = AllElements();
        var s1 = n.Get<VoltageSwitch>("S1");
        Assert.Equal("sw1", s1.Model);
        Assert.False(s1.InitiallyOn);
        Assert.Equal("Vsense", n.Get<CurrentSwitch>("W1").ControlSource);
        Assert.Equal(["n1", "d1"], n.Get<Diode>("D1").Nodes);
        var m1 = n.Get<Mosfet>("M1");
        Assert.Equal(["vdd", "n1", "m1", "0"], m1.Nodes);
        Assert.Equal([new NamedValue("W", 2e-6), new NamedValue("L", 180e-9)], m1.Parameters);
        Assert.Equal("NMOS", n.FindModel("nch")!.Type);
        Assert.Contains(new NamedValue("kp", 110e-6), n.FindModel("nch")!.Parameters);
    }

    [Fact]
    public void When_OptionsTempAndAnalyses_Expect_Modelled()
    {
        var n = AllElements();
        Assert.Equal([new OptionSetting("reltol", "1e-6"), new OptionSetting("method", "gear"), new OptionSetting("noacct"), new OptionSetting("temp", "27")], n.Options);
        Assert.Equal<Analysis>([new OperatingPointAnalysis(), new DcSweepAnalysis("V1", 0, 1.8, 0.1), new TransientAnalysis(1e-9, 1e-6)], n.Analyses);
    }

    [Fact]
    public void When_Waveforms_Expect_ArgumentsAndDefaultsLeftOpen()
    {
        var n = NetlistReader.ReadFile(TestData.Path_("valid/sources.cir"));
        Assert.Equal(new PulseWaveform(0, 1.2, 10e-9, 1e-9, 1e-9, 50e-9, 100e-9), n.Get<VoltageSource>("Vp").Waveform);
        var pwl = Assert.IsType<PwlWaveform>(n.Get<VoltageSource>("Vw").Waveform);
        Assert.Equal([new PwlPoint(0, 0), new PwlPoint(1e-6, 1), new PwlPoint(2e-6, 1), new PwlPoint(3e-6, 0)], pwl.Points);
        Assert.Equal(new SinWaveform(0.5, 0.25, 1e6), n.Get<VoltageSource>("Vs").Waveform);
        var vd = n.Get<VoltageSource>("Vd");
        Assert.Equal(0.3, vd.DcValue);
        Assert.Equal(new SinWaveform(0.3, 0.1, 10e3, 0, 0, 90), vd.Waveform);
        Assert.Equal(new PulseWaveform(0, 1e-3, 0, 1e-9), n.Get<CurrentSource>("Ip").Waveform);
        Assert.Equal(0.5, n.Get<VoltageSource>("Vs").DcValue);
        Assert.Equal(new TransientAnalysis(10e-9, 5e-6), n.Analyses.Single());
    }

    [Fact]
    public void When_TransientWithStartMaxStepUic_Expect_AllFields()
    {
        var n = NetlistReader.ReadFile(TestData.Path_("valid/rc_step.cir"));
        Assert.Equal(new TransientAnalysis(1e-6, 5e-3, 0, 1e-6) { UseInitialConditions = true }, n.Analyses.Single());
        Assert.Equal(0, n.Get<Capacitor>("C1").InitialVoltage!.Value.Number);
        Assert.Equal([new InitialCondition("out", 0)], n.InitialConditions);
    }

    [Fact]
    public void When_OutputCards_Expect_KeptVerbatim()
    {
        var n = NetlistReader.ReadText("t\nV1 a 0 DC 1\nR1 a 0 1k\n.op\n.print dc v(a) i(V1)\n.save all\n");
        Assert.Equal([new OutputDirective(".print", "dc v(a) i(V1)"), new OutputDirective(".save", "all")], n.OutputDirectives);
    }

    [Fact]
    public void When_ElementRead_Expect_LocationOfItsLine()
    {
        var n = NetlistReader.ReadFile(TestData.Path_("valid/divider.cir"));
        Assert.Equal(new SourceLocation(TestData.Path_("valid/divider.cir"), 5), n.Get<Resistor>("R2").Location);
        Assert.Equal(6, n.Analyses[0].Location.Line);
    }
}
