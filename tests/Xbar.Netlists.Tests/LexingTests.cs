namespace Xbar.Netlists.Tests;

public class LexingTests
{
    [Fact]
    public void When_FirstLineLooksLikeAnElement_Expect_ItIsTheTitle()
    {
        var netlist = NetlistReader.ReadText("R1 a b 1k\nV1 a 0 DC 1\nR2 a 0 1k\n");
        Assert.Equal("R1 a b 1k", netlist.Title);
        Assert.Equal(["V1", "R2"], netlist.Elements.Select(e => e.Name));
    }

    [Fact]
    public void When_ContinuationLines_Expect_JoinedStatementAtFirstLine()
    {
        var netlist = NetlistReader.ReadText("t\nV1 a 0 DC 1\nR1 a\n+ 0\n\n* comment between\n+ 2k\n");
        var r1 = netlist.Get<Resistor>("R1");
        Assert.Equal(2000, r1.Resistance);
        Assert.Equal(3, r1.Location.Line);
    }

    [Fact]
    public void When_InlineComments_Expect_Stripped()
    {
        var netlist = NetlistReader.ReadText("t\nV1 a 0 DC 1 ; source\nR1 a 0 3k $ load\n* R9 a 0 1\n");
        Assert.Equal(3000, netlist.Get<Resistor>("R1").Resistance);
        Assert.Null(netlist.Find("R9"));
    }

    [Fact]
    public void When_MixedCase_Expect_SameNodesAndKeywordsCaseInsensitive()
    {
        var netlist = NetlistReader.ReadText("t\nv1 Node1 GND dc 1\nR1 NODE1 node2 1K\nr2 node2 0 1k\n.OP\n");
        Assert.Equal(["Node1", "node2"], netlist.Nodes);
        Assert.Equal(1000, netlist.Get<Resistor>("r1").Resistance);
        Assert.Single(netlist.Analyses.OfType<OperatingPointAnalysis>());
        Assert.Equal("v1", netlist.Find("V1")!.Name);
    }

    [Fact]
    public void When_TextAfterEnd_Expect_Ignored()
    {
        var netlist = NetlistReader.ReadFile(TestData.Path_("valid/continuation_case.cir"));
        Assert.Equal(2, netlist.Elements.OfType<Resistor>().Count());
        Assert.Equal(2000, netlist.Get<Resistor>("r1").Resistance);
    }

    [Fact]
    public void When_CrLfLineEndings_Expect_SameNetlist()
    {
        var lf = "t\nV1 a 0 DC 1\nR1 a 0 1k\n.op\n.end\n";
        Assert.Equal(NetlistReader.ReadText(lf), NetlistReader.ReadText(lf.Replace("\n", "\r\n")));
    }

    [Fact]
    public void When_PwlContinuedOverManyLines_Expect_AllPoints()
    {
        var text = new System.Text.StringBuilder("t\nV1 a 0 PWL(\n");
        for (int k = 0; k < 20_000; k++) text.Append($"+ {k}u {k % 7 + 1}m\n");
        text.Append("+ )\nR1 a 0 1k\n");
        var pwl = (PwlWaveform)NetlistReader.ReadText(text.ToString()).Get<VoltageSource>("V1").Waveform;
        Assert.Equal(20_000, pwl.Points.Count);
        Assert.Equal(new PwlPoint(19_999e-6, 1e-3), pwl.Points[^1]); // 19999 % 7 == 0
    }
}
