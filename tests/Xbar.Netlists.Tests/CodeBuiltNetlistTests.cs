namespace Xbar.Netlists.Tests;

public class CodeBuiltNetlistTests
{
    private static Netlist Divider() => new("divider",
        [new VoltageSource("V1", "in", "0", 1.0), new Resistor("R1", "in", "out", 1e3), new Resistor("R2", "out", "0", 1e3)],
        [new OperatingPointAnalysis()]);

    [Fact]
    public void When_BuiltInCode_Expect_ValidAndEqualToReadText()
    {
        var built = Divider();
        Assert.Empty(NetlistValidator.Validate(built));
        Assert.Equal(built, NetlistReader.ReadFile(TestData.Path_("valid/divider.cir")) with { Title = "divider" });
    }

    [Fact]
    public void When_ElementNameHasWrongLetter_Expect_ValidationError()
    {
        var bad = Divider().WithElements([new VoltageSource("V1", "in", "0", 1.0), new Resistor("X1", "in", "0", 5)]);
        var d = Assert.Single(NetlistValidator.Validate(bad));
        Assert.Contains("must be one word starting with 'R'", d.Message);
        Assert.Throws<NetlistValidationException>(() => NetlistValidator.ThrowIfInvalid(bad));
    }

    [Fact]
    public void When_ElementsReplaced_Expect_RestKept()
    {
        var original = NetlistReader.ReadFile(TestData.Path_("valid/all_elements.cir"));
        var changed = original.WithElements(original.Elements.Select(e => e is Resistor r ? r with { Value = r.Resistance * 2 } : e));
        Assert.Equal(original.Models, changed.Models);
        Assert.Equal(original.Analyses, changed.Analyses);
        Assert.Equal(2000, changed.Get<Resistor>("R1").Resistance);
        Assert.NotEqual(original, changed);
    }

    [Fact]
    public void When_LocationsDiffer_Expect_StillEqual()
    {
        var a = new Resistor("R1", "a", "b", 5) { Location = new SourceLocation("x.cir", 3) };
        var b = new Resistor("R1", "a", "b", 5);
        Assert.Equal(a, b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
        Assert.NotEqual(a, b with { Negative = "c" });
    }

    [Fact]
    public void When_NodesQueried_Expect_DistinctCaseInsensitiveWithoutGround()
    {
        var n = new Netlist("t", [new VoltageSource("V1", "A", "gnd", 1.0), new Resistor("R1", "a", "B", 1), new Resistor("R2", "b", "0", 1)]);
        Assert.Equal(["A", "B"], n.Nodes);
        Assert.Same(n.Elements[1], n.Find("r1"));
        Assert.True(NodeNames.IsGround("GND"));
    }
}
