namespace Xbar.Netlists.Tests;

public class RoundTripTests
{
    public static IEnumerable<object[]> ValidFiles() => TestData.Files("valid");

    [Theory]
    [MemberData(nameof(ValidFiles))]
    public void When_SampleWrittenAndRead_Expect_EqualNetlistAndStableText(string file)
    {
        var original = NetlistReader.ReadFile(TestData.Path_(Path.Combine("valid", file)));
        var text = NetlistWriter.Write(original);
        var reread = NetlistReader.ReadText(text, "written.cir");

        Assert.Equal(original, reread);
        Assert.Equal(text, NetlistWriter.Write(reread));
        Assert.StartsWith(original.Title + "\n", text);
        Assert.EndsWith(".end\n", text);
    }

    [Fact]
    public void When_RandomNetlistsWrittenAndRead_Expect_Equal()
    {
        for (int seed = 0; seed < 300; seed++)
        {
            var netlist = new RandomNetlistGenerator(seed).Next();
            Assert.Empty(NetlistValidator.Validate(netlist));
            var text = NetlistWriter.Write(netlist);
            var reread = NetlistReader.ReadText(text, $"random{seed}.cir");
            Assert.True(netlist == reread, $"seed {seed} differs after round trip:\n{text}");
        }
    }

    [Fact]
    public void When_Written_Expect_InvariantRoundTripNumbers()
    {
        var netlist = new Netlist("precision", [new VoltageSource("V1", "a", "0", 0.1 + 0.2), new Resistor("R1", "a", "0", 1.0 / 3)]);
        var text = NetlistWriter.Write(netlist);
        Assert.Contains("V1 a 0 DC 0.30000000000000004", text);
        Assert.Contains("R1 a 0 0.3333333333333333", text);
        Assert.Equal(1.0 / 3, NetlistReader.ReadText(text).Get<Resistor>("R1").Resistance);
    }

    [Fact]
    public void When_SubcircuitWritten_Expect_ExpressionsBracedAndParamsHeader()
    {
        var text = NetlistWriter.Write(NetlistReader.ReadFile(TestData.Path_("valid/subcircuit.cir")));
        Assert.Contains(".subckt cell top bot params: g=0.0001 n=1", text);
        Assert.Contains("R2 mid bot {r*n}", text);
        Assert.Contains(".ends cell", text);
        Assert.Contains("X1 in out cell g=0.0002", text);
    }

    [Fact]
    public void When_OutputDirectivesExcluded_Expect_NoSaveOrPrintCards()
    {
        var n = NetlistReader.ReadText("t\nV1 a 0 DC 1\nR1 a 0 1k\n.save v(a)\n.print dc v(a)\n.op\n");
        Assert.Contains(".save v(a)\n", NetlistWriter.Write(n));
        var engineText = NetlistWriter.Write(n, includeOutputDirectives: false);
        Assert.DoesNotContain(".save", engineText);
        Assert.DoesNotContain(".print", engineText);
        Assert.Equal(n with { OutputDirectives = [] }, NetlistReader.ReadText(engineText));
    }
}
