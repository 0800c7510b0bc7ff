namespace Xbar.Netlists.Tests;

public class FlattenerTests
{
    [Fact]
    public void When_SubcircuitsFlattened_Expect_NgspiceNamesAndResolvedValues()
    {
        var flat = SubcircuitFlattener.Flatten(NetlistReader.ReadFile(TestData.Path_("valid/subcircuit.cir")));
        Assert.Empty(flat.Subcircuits);
        Assert.Empty(NetlistValidator.Validate(flat));
        Assert.Equal<Element>(
        [
            new VoltageSource("V1", "in", "0", 1.0),
            new Resistor("R.X1.R1", "in", "X1.mid", 2500),
            new Resistor("R.X1.R2", "X1.mid", "out", 2500),
            new Resistor("R.X2.R1", "out", "X2.mid", 5000),
            new Resistor("R.X2.R2", "X2.mid", "0", 15000),
        ], flat.Elements);
    }

    [Fact]
    public void When_NestedWithLocalModelsAndSources_Expect_ControlAndModelNamesRewritten()
    {
        var flat = SubcircuitFlattener.Flatten(NetlistReader.ReadFile(TestData.Path_("valid/nested_subcircuits.cir")));
        Assert.Equal(new Cccs("F.X1.Xl.F1", "0", "out", "V.X1.Xl.Vs", 0.5), flat.Get<Cccs>("F.X1.Xl.F1"));
        Assert.Equal("X1.Xl.dl", flat.Get<Diode>("D.X1.Xl.D1").Model);
        Assert.NotNull(flat.FindModel("X2.Xl.dl"));
        Assert.Equal(4000, flat.Get<Resistor>("R.X1.Rin").Resistance);
        Assert.Equal(1000, flat.Get<Resistor>("R.X1.Xl.R1").Resistance);
        Assert.Equal(500, flat.Get<Resistor>("R.X2.Xl.R1").Resistance);
        Assert.Empty(NetlistValidator.Validate(flat));
    }

    [Fact]
    public void When_FlattenedNetlistRunInNgspice_Expect_SameNodeVoltagesAsHierarchical()
    {
        var hierarchical = NetlistReader.ReadFile(TestData.Path_("valid/nested_subcircuits.cir"));
        var expected = NgspiceAcceptanceTests.RunOperatingPoint(hierarchical);
        var actual = NgspiceAcceptanceTests.RunOperatingPoint(SubcircuitFlattener.Flatten(hierarchical));
        foreach (var node in new[] { "in", "out", "x1.mid", "x2.mid", "x1.xl.m", "x2.xl.m" })
            Assert.Equal(expected[node], actual[node], 6);
    }

    [Fact]
    public void When_BehavioralSourceInsideSubcircuit_Expect_InvalidInput()
    {
        var n = NetlistReader.ReadText("t\n.subckt s p q\nB1 p q I=v(p)/1k\n.ends\nV1 a 0 DC 1\nX1 a 0 s\n");
        var e = Assert.Throws<InvalidInputException>(() => SubcircuitFlattener.Flatten(n));
        Assert.StartsWith("<input>:3: B1:", e.Message);
    }
}
