using System.Diagnostics;
using System.Text;

namespace Xbar.Netlists.Tests;

/// <summary>
/// What a hostile user feeds the reader (issue "Hardening"): each input must be refused with
/// file:line and a message that says what is wrong, never a crash, a hang or a silent acceptance.
/// </summary>
public sealed class HostileInputTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("xbar-hostile-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Write(string name, byte[] bytes)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    private static NetlistDiagnostic Single(string text, int line, string fragment)
    {
        var d = TestData.Reject(text, "h.cir");
        var hit = d.FirstOrDefault(x => x.Line == line && x.Message.Contains(fragment));
        Assert.True(hit is not null, $"expected line {line} containing '{fragment}', got:\n{string.Join("\n", d)}");
        return hit!;
    }

    private const string Divider = "t\nV1 a 0 DC 1\nR1 a b 1k\nR2 b 0 1k\n";

    [Fact]
    public void When_ParameterHas100000Terms_Expect_RefusedNotStackOverflow()
    {
        var text = "t\n.param p=" + string.Join("+", Enumerable.Repeat("1", 100_000)) + "\nR1 a 0 {p}\nV1 a 0 1\n";
        var d = Single(text, 2, "operations deep");
        Assert.True(d.Message.Length < 500, "the message quotes a short excerpt, not 200 KB of expression");
    }

    [Theory]
    [InlineData(20_000, "(", ")")]
    [InlineData(50_000, "-", "")]
    [InlineData(5_000, "2^", "")]
    public void When_ExpressionNests20000Deep_Expect_RefusedWithNestingMessage(int depth, string open, string close)
    {
        var expression = string.Concat(Enumerable.Repeat(open, depth)) + "1" + string.Concat(Enumerable.Repeat(close, depth));
        Single($"t\n.param p={expression}\nR1 a 0 {{p}}\nV1 a 0 1\n", 2, "nests deeper than 200");
    }

    [Fact]
    public void When_ParametersChain20000Deep_Expect_RefusedNotStackOverflow()
    {
        var sb = new StringBuilder("t\n");
        for (int i = 0; i < 20_000; i++) sb.Append($".param p{i}=p{i + 1}+1\n");
        sb.Append(".param p20000=1\nR1 a 0 {p0}\nV1 a 0 1\n");
        var d = TestData.Reject(sb.ToString(), "h.cir");
        Assert.Contains(d, x => x.Message.Contains("refer to one another too deeply"));
    }

    [Theory]
    [InlineData("1kmeg")]
    [InlineData("1megk")]
    [InlineData("1mk")]
    [InlineData("1kk")]
    [InlineData("1e")]
    [InlineData("2E")]
    [InlineData("1.e")]
    [InlineData("1ex")]
    [InlineData("1e99999999999k")]
    public void When_ScaleFactorsStackedOrExponentBare_Expect_NotANumberAtItsLine(string value) =>
        Single($"{Divider}R3 b 0 {value}\n", 5, $"'{value}' is not a number");

    [Theory]
    [InlineData("10kOhm", 1e4)]
    [InlineData("1uF", 1e-6)]
    [InlineData("2megohm", 2e6)]
    [InlineData("5ms", 5e-3)]
    [InlineData("1e3", 1e3)]
    public void When_ScaleFactorFollowedByUnit_Expect_StillANumber(string text, double value) =>
        Assert.Equal(value, SpiceNumber.Parse(text), value * 1e-15);

    [Theory]
    [InlineData("0")]
    [InlineData("1e-999")]
    public void When_SubcircuitParameterMakesResistanceZero_Expect_RefusedAtBodyLineNamingTheCall(string value)
    {
        var text = $"t\n.subckt r p q params: rv=1\nR1 p q {{rv}}\n.ends\nV1 a 0 1\nR0 a b 1k\nX1 b 0 r rv={value}\n";
        var d = Single(text, 3, "after parameter substitution, zero resistance");
        Assert.Contains("X1 (h.cir:7)", d.Message);
    }

    [Theory]
    [InlineData("B1 b 0 I=v(a)/0", "division by a constant zero")]
    [InlineData("B1 b 0 I=v(a)/(2-2)", "division by a constant zero")]
    [InlineData("B1 b 0 I=v(zz)*1m", "node 'zz'")]
    [InlineData("B1 b 0 I=v(a)*undefined1", "undefined parameter 'undefined1'")]
    [InlineData("B1 b 0 I=((v(a))", "expected ')'")]
    [InlineData("B1 b 0 I=i(R1)", "'R1' is not a voltage source")]
    [InlineData("B1 b 0 I=v(a)*{log(0)}", "evaluates to -Infinity")]
    public void When_BehavioralExpressionIsBroken_Expect_RefusedAtItsLine(string line, string fragment) =>
        Single($"{Divider}{line}\n", 5, fragment);

    [Theory]
    [InlineData("B1 b 0 I=v(a)*k1")]
    [InlineData("B1 b 0 I=v(a)*{k1}")]
    [InlineData("B1 b 0 I=u(v(a))*1m + time*0 + temper*0")]
    [InlineData("B1 b 0 I=i(V1)*pi")]
    [InlineData("B1 b 0 V=v(a,b) > 0 ? 1 : 0")]
    public void When_BehavioralExpressionIsSound_Expect_Accepted(string line) =>
        NetlistReader.ReadText($"t\n.param k1=2\nV1 a 0 DC 1\nR1 a b 1k\nR2 b 0 1k\n{line}\nR3 c 0 1k\nRc b c 1k\n");

    [Fact]
    public void When_SubcircuitBehavioralDividesByZeroParameter_Expect_RefusedForThatInstance() =>
        Single("t\n.subckt s p q params: g=1\nB1 p q I=v(p)/{g}\nR1 p q 1k\n.ends\nV1 a 0 1\nR0 a b 1k\nX1 b 0 s g=0\nX2 b 0 s g=2\n",
            3, "division by a constant zero");

    [Theory]
    [InlineData(".options foo=1", "unknown option 'foo'")]
    [InlineData(".options reltol=abc", "reltol=abc: expected a positive number")]
    [InlineData(".options reltol=-1", "expected a positive number")]
    [InlineData(".options method=magic", "expected one of trap, trapezoidal, gear")]
    [InlineData(".options itl1=2.5", "expected a whole number")]
    [InlineData(".options noacct=3", "is a flag and takes no value")]
    [InlineData(".options gmin", "needs a value")]
    [InlineData(".temp -300", "above -273.15")]
    public void When_OptionUnknownOrBadValue_Expect_RefusedAtItsLine(string line, string fragment) =>
        Single($"{Divider}{line}\n", 5, fragment);

    [Fact]
    public void When_OptionsAreOnesNgspiceKnows_Expect_Accepted() =>
        NetlistReader.ReadText($"{Divider}.options reltol=1e-4 abstol=1p vntol=1u gmin=1e-12 method=gear maxord=2 itl1=200 noacct seed=random temp=27\n");

    [Theory]
    [InlineData(".model m1 D foo=1\nD1 b 0 m1", "'foo' is not a parameter of ngspice's Diode model")]
    [InlineData(".model s1 SW vt=1 bar=2\nS1 b 0 a 0 s1", "'bar' is not a parameter of ngspice's Switch model")]
    [InlineData(".model n1 NMOS level=1 vto=0.7 bsim4only=1\nM1 b a 0 0 n1", "'bsim4only' is not a parameter")]
    [InlineData(".model n1 NMOS level=77\nM1 b a 0 0 n1", "MOSFET level 77")]
    [InlineData(".model q1 NPN is=1e-15", "type 'NPN' is not one Xbar reads")]
    public void When_ModelParameterUnknownToNgspice_Expect_RefusedAtModelLine(string lines, string fragment) =>
        Single($"{Divider}{lines}\n", 5, fragment);

    [Fact]
    public void When_ModelParametersAreNgspices_Expect_Accepted() =>
        NetlistReader.ReadText($"{Divider}.model m1 D is=1e-14 n=1.05 rs=10 cjo=1p\nD1 b 0 m1\n.model n1 NMOS level=54 version=4.7 toxe=2n vth0=0.4\nM1 b a 0 0 n1\n");

    [Theory]
    [InlineData("E1 b 0 b 0 1")]
    [InlineData("E1 b 0 0 b 2")]
    [InlineData("E1 b c c b 1")]
    public void When_VcvsSensesItsOwnOutput_Expect_Refused(string line) =>
        Single($"{Divider}{line}\nR3 c 0 1k\n", 5, "senses its own output");

    [Fact]
    public void When_SubcircuitHierarchyDoublesTo2Pow40_Expect_RefusedQuicklyWithoutExpanding()
    {
        var sb = new StringBuilder("t\n");
        for (int i = 0; i < 40; i++) sb.Append($".subckt s{i} a b\nX1 a m s{i + 1}\nX2 m b s{i + 1}\n.ends\n");
        sb.Append(".subckt s40 a b\nR1 a b 1\n.ends\nV1 in 0 1\nX0 in 0 s0\n");
        var clock = Stopwatch.StartNew();
        var d = TestData.Reject(sb.ToString(), "h.cir");
        Assert.Contains(d, x => x.Line == 166 && x.Message.Contains("expands to more than 2,000,000 elements"));
        Assert.True(clock.Elapsed.TotalSeconds < 5, $"took {clock.Elapsed.TotalSeconds:F1} s");
    }

    [Theory]
    [InlineData(new byte[] { 0 }, "U+0000 (NUL)")]
    [InlineData(new byte[] { (byte)'\r' }, "carriage return without line feed")]
    [InlineData(new byte[] { 0x0C }, "form feed")]
    [InlineData(new byte[] { 0x1B }, "U+001B")]
    public void When_ControlCharacterInElementName_Expect_RefusedAtItsLine(byte[] control, string fragment)
    {
        var bytes = Encoding.ASCII.GetBytes("t\nV1 a 0 1\nR1").Concat(control).Concat(Encoding.ASCII.GetBytes("x a 0 1k\n")).ToArray();
        var e = Assert.Throws<NetlistValidationException>(() => NetlistReader.ReadFile(Write("c.cir", bytes)));
        Assert.Contains(e.Diagnostics, d => d.Line == 3 && d.Message.Contains(fragment));
    }

    [Fact]
    public void When_InvalidUtf8InNodeName_Expect_RefusedWithItsLine()
    {
        var bytes = Encoding.ASCII.GetBytes("t\nV1 a 0 1\nR1 a n").Concat(new byte[] { 0xE9 }).Concat(Encoding.ASCII.GetBytes(" 1k\nR2 n\xE9 0 1k\n")).ToArray();
        var e = Assert.Throws<NetlistValidationException>(() => NetlistReader.ReadFile(Write("u.cir", bytes)));
        var d = Assert.Single(e.Diagnostics);
        Assert.Equal(3, d.Line);
        Assert.Contains("invalid UTF-8 byte 0xE9", d.Message);
    }

    [Fact]
    public void When_NonAsciiInNodeName_Expect_RefusedButAllowedInTitleAndComments()
    {
        Single("t\nV1 a 0 1\nR1 a n\u00e9 1k\nR2 n\u00e9 0 1k\n", 3, "non-ASCII character");
        NetlistReader.ReadText("t\u00e9l\u00e9 r\u00e9sistance\n* commentaire \u00e9\nV1 a 0 1 ; \u00e9\nR1 a 0 1k\n");
    }

    [Theory]
    [InlineData(new byte[] { 0xFF, 0xFE })]
    [InlineData(new byte[] { 0xFE, 0xFF })]
    public void When_FileStartsWithUtf16ByteOrderMark_Expect_RefusedNotDecodedAsUtf16(byte[] bom)
    {
        var text = Encoding.Unicode.GetBytes("t\nV1 a 0 1\nR1 a 0 1k\n");
        var e = Assert.Throws<NetlistValidationException>(() => NetlistReader.ReadFile(Write("w.cir", bom.Concat(text).ToArray())));
        var d = Assert.Single(e.Diagnostics);
        Assert.Equal(1, d.Line);
        Assert.Contains("UTF-16 byte-order mark", d.Message);
    }

    [Fact]
    public void When_FileStartsWithUtf8ByteOrderMark_Expect_ReadAsUtf8()
    {
        var bytes = new byte[] { 0xEF, 0xBB, 0xBF }.Concat(Encoding.ASCII.GetBytes("t\nV1 a 0 1\nR1 a 0 1k\n")).ToArray();
        Assert.Equal(2, NetlistReader.ReadFile(Write("b.cir", bytes)).Elements.Count);
    }

    [Theory]
    [InlineData("/dev/zero", "not a regular file")]
    [InlineData("/tmp", "is a directory")]
    [InlineData("/nonexistent/x.inc", "file not found")]
    public void When_IncludeIsNotARegularFile_Expect_RefusedAtIncludeLineWithoutReadingIt(string target, string fragment)
    {
        var clock = Stopwatch.StartNew();
        Single($"t\nV1 a 0 1\nR1 a 0 1k\n.include {target}\n", 4, fragment);
        Assert.True(clock.Elapsed.TotalSeconds < 5);
    }

    [Fact]
    public void When_IncludeOrNetlistIsAFifo_Expect_RefusedAtOnceNotBlocked()
    {
        var fifo = Path.Combine(_dir, "fifo");
        using (var mk = Process.Start("mkfifo", [fifo])) mk.WaitForExit();
        var clock = Stopwatch.StartNew();
        Single($"t\nV1 a 0 1\nR1 a 0 1k\n.include {fifo}\n", 4, "not a regular file");
        var e = Assert.Throws<NetlistValidationException>(() => NetlistReader.ReadFile(fifo));
        Assert.Contains("not a regular file", e.Message);
        Assert.True(clock.Elapsed.TotalSeconds < 5);
    }

    [Fact]
    public void When_IncludePathHasNul_Expect_RefusedAtItsLine() =>
        Single("t\nV1 a 0 1\nR1 a 0 1k\n.include /tmp/a\0b\n", 4, "U+0000 (NUL)");

    [Fact]
    public void When_ManyBadLines_Expect_MessageCappedButEveryDiagnosticKept()
    {
        var text = "t\nV1 a 0 1\nR1 a 0 1k\n" + string.Concat(Enumerable.Range(0, 500).Select(i => $"R{i + 10} a 0 bad{i}\n"));
        var e = Assert.Throws<NetlistValidationException>(() => NetlistReader.ReadText(text, "h.cir"));
        Assert.Equal(500, e.Diagnostics.Count);
        Assert.EndsWith("... and 400 more problem(s)", e.Message);
    }
}
