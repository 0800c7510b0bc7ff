namespace Xbar.Netlists.Tests;

/// <summary>
/// One sample per class of netlist that ngspice accepts silently (or misreads) and Xbar rejects.
/// Each file under Data/invalid states the expected <c>line: message</c> in a
/// <c>* expect:</c> comment (optionally <c>file:line:</c> for included files).
/// </summary>
public class RejectionTests
{
    public static IEnumerable<object[]> InvalidFiles() => TestData.Files("invalid");

    [Theory]
    [MemberData(nameof(InvalidFiles))]
    public void When_InvalidSample_Expect_DiagnosticAtStatedLine(string file)
    {
        var path = TestData.Path_(Path.Combine("invalid", file));
        var expect = File.ReadLines(path).First(l => l.StartsWith("* expect:"))["* expect:".Length..].Trim();
        var parts = expect.Split(':', 3);
        var (expectedFile, line, message) = parts.Length == 3 && !int.TryParse(parts[0], out _)
            ? (parts[0], int.Parse(parts[1]), parts[2].Trim())
            : (Path.GetFileName(path), int.Parse(parts[0]), string.Join(':', parts[1..]).Trim());

        var e = Assert.Throws<NetlistValidationException>(() => NetlistReader.ReadFile(path));

        Assert.Contains(e.Diagnostics, d => d.Line == line && d.File.EndsWith(expectedFile) && d.Message.Contains(message));
        Assert.Equal(string.Join(Environment.NewLine, e.Diagnostics), e.Message);
    }

    [Fact]
    public void When_ManyErrors_Expect_AllReportedInLineOrder()
    {
        const string text = """
            many errors
            V1 a 0 DC 1
            R1 a 0
            R2 a 0 1k
            Q1 a b c m
            D1 a 0 nomodel
            R2 a 0 2k
            X1 a 0 nosub
            C1 a 0 xyz
            .tran 1u
            @@@
            """;
        var d = TestData.Reject(text, "many.cir");
        Assert.Equal([3, 5, 6, 7, 8, 9, 10, 11], d.Select(x => x.Line));
        Assert.All(d, x => Assert.Equal("many.cir", x.File));
        Assert.Contains("many.cir:3: R1: missing resistance", d.Select(x => x.ToString()));
    }

    [Fact]
    public void When_NodeIsFedOnlyByCurrentSourceAndCapacitor_Expect_NoDcPathNamingBoth()
    {
        var d = TestData.Reject("t\nV1 a 0 DC 1\nR1 a 0 1k\nI1 0 b DC 1m\nC1 b 0 1p\n.tran 1n 10n\n");
        var x = Assert.Single(d);
        Assert.Equal(4, x.Line);
        Assert.Contains("node(s) b reach ground only through capacitors or current sources (I1, C1)", x.Message);
    }

    [Fact]
    public void When_CapacitorOnlyNodeButEveryAnalysisIsTranUic_Expect_Accepted()
    {
        var netlist = NetlistReader.ReadText("t\nV1 in 0 DC 1\nR1 in a 1k\nC1 a mid 1p\nC2 mid 0 1p\n.tran 1n 10n uic\n");
        Assert.Equal(4, netlist.Elements.Count);
    }

    [Fact]
    public void When_CapacitorNodeHasBiasResistor_Expect_Accepted()
    {
        var netlist = NetlistReader.ReadText("t\nV1 in 0 DC 1\nR1 in a 1k\nC1 a mid 1p\nC2 mid 0 1p\nR2 mid 0 1meg\n.op\n");
        Assert.Equal(5, netlist.Elements.Count);
    }

    [Fact]
    public void When_DanglingAndLoopTogether_Expect_BothReported()
    {
        var d = TestData.Reject("t\nV1 a 0 DC 1\nV2 a 0 DC 2\nR1 a b 1k\n");
        Assert.Contains(d, x => x.Line == 3 && x.Message.Contains("V2 closes a loop of voltage sources/inductors (V2, V1)"));
        Assert.Contains(d, x => x.Line == 4 && x.Message.Contains("node 'b'"));
    }

    [Fact]
    public void When_LoopThroughCcvsAndInductor_Expect_AllMembersNamed()
    {
        var d = TestData.Reject("t\nV1 a 0 DC 1\nVs a b DC 0\nR1 b 0 1k\nH1 c 0 Vs 10\nL1 c d 1u\nV3 d b DC 1\n");
        var loop = Assert.Single(d);
        Assert.Equal(7, loop.Line);
        foreach (var name in new[] { "V3", "L1", "H1", "V1", "Vs" }) Assert.Contains(name, loop.Message);
    }

    [Theory]
    [InlineData("R1 a 0 1k 2k", "unexpected '2k'")]
    [InlineData("R7 a b c 1k", "too many nodes")]
    [InlineData("R7 a", "missing node n-")]
    [InlineData("E1 a 0 b", "missing control node nc-")]
    [InlineData("E1 a 0 value={v(b)}", "VALUE form is not supported")]
    [InlineData("H1 a 0 poly(1) V1 0 1", "POLY form is not supported")]
    [InlineData("M1 a b 0 nch", "missing model name")]
    [InlineData("V2 b 0 PWL(0 0 1u)", "PWL needs time/value pairs")]
    [InlineData("V2 b 0 PULSE(0)", "PULSE takes 2 to 7 arguments")]
    [InlineData("V2 b 0 EXP(0 1)", "EXP waveform is not supported")]
    [InlineData("B1 b 0 1", "expected V=expression")]
    [InlineData("F1 b 0 R1 2", "controlling source 'R1' is not a voltage source")]
    [InlineData(".dc Vnone 0 1 0.1", "swept source 'Vnone'")]
    [InlineData(".dc V1 0 1 -0.1", "sign of step")]
    [InlineData(".tran 0 1m", "step and stop must be positive")]
    [InlineData(".global a", "not supported")]
    [InlineData(".foo", "unknown dot-command")]
    [InlineData(".subckt s p q\nR1 p q 1k\n.ends other", "closes 'other' but the open subcircuit is 's'")]
    [InlineData(".ends", "without .subckt")]
    [InlineData(".subckt s p q\nR1 p q 1k", "has no matching .ends")]
    [InlineData(".subckt s p q\n.subckt t a b\n.ends\n.ends", "nested .subckt is not supported")]
    [InlineData(".subckt s p q\nR1 p q 1k\n.op\n.ends", "not allowed inside .subckt s")]
    [InlineData(".subckt s p q r\nR1 p q 1k\n.ends", "port 'r' of .subckt s is not used")]
    [InlineData(".param k=1\n.param K=2", "parameter 'K' is already defined")]
    [InlineData(".model m1 D\n.model M1 D", "model 'M1' is already defined")]
    [InlineData(".ic v(nowhere)=1", "node 'nowhere' is not a node")]
    [InlineData("V5 c 0 DC 1 DC 2\nR5 c 0 1", "DC value given twice")]
    [InlineData("V5 c 0 PWL(0 0 2u 1 1u 0)\nR5 c 0 1", "PWL times must not decrease")]
    [InlineData("R3 b 0 {1/(}", "expression")]
    [InlineData(".model dm D\nD9 b 0 dm\nM1 b b 0 0 dm", "has type 'D' but a Mosfet needs NMOS or PMOS")]
    public void When_MalformedStatement_Expect_DiagnosticOnItsLine(string statement, string message)
    {
        var d = TestData.Reject($"t\nV1 a 0 DC 1\nR1 a 0 1k\nR2 a b 1k\nR9 b 0 1k\n{statement}\n");
        Assert.Contains(d, x => x.Line >= 6 && x.Message.Contains(message));
    }
}
