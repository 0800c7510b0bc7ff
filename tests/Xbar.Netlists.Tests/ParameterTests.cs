namespace Xbar.Netlists.Tests;

public class ParameterTests
{
    [Fact]
    public void When_GlobalParams_Expect_ValuesEvaluated()
    {
        var n = NetlistReader.ReadFile(TestData.Path_("valid/crossbar_2x2.cir"));
        Assert.Equal(10e3, n.Get<Resistor>("R11").Resistance, 1e-9);
        Assert.Equal(2.5, n.Get<Resistor>("Rw1a").Resistance);
        Assert.Equal(0.1, n.Get<VoltageSource>("Vr2").DcValue, 1e-15);
        Assert.Contains(new ParameterDefinition("rwire", 2.5), n.Parameters);
    }

    [Fact]
    public void When_ParamDefinedAfterUseAndUnbraced_Expect_Evaluated()
    {
        var n = NetlistReader.ReadText("t\nV1 a 0 DC {v0}\nR1 a 0 {r}\n.param r = 2 * half\n.param half=500 v0={max(1, 2)^2}\n");
        Assert.Equal(1000, n.Get<Resistor>("R1").Resistance);
        Assert.Equal(4, n.Get<VoltageSource>("V1").DcValue);
    }

    [Theory]
    [InlineData("2*3+4", 10)]
    [InlineData("2+3*4", 14)]
    [InlineData("(2+3)*4", 20)]
    [InlineData("-2^2", -4)]
    [InlineData("2**3", 8)]
    [InlineData("2^3^2", 512)]
    [InlineData("1k/2", 500)]
    [InlineData("sqrt(16)+abs(-1)", 5)]
    [InlineData("1 < 2 ? 7 : 8", 7)]
    [InlineData("1e-3*2", 2e-3)]
    [InlineData("x*2", 6)]
    [InlineData("pi", Math.PI)]
    public void When_Expression_Expect_StandardPrecedence(string text, double expected)
    {
        var value = Expressions.ExpressionParser.Evaluate(text, new Dictionary<string, double> { ["X"] = 3 });
        Assert.Equal(expected, value, 1e-12);
    }

    [Fact]
    public void When_SubcircuitExpressions_Expect_KeptUnevaluated()
    {
        var n = NetlistReader.ReadFile(TestData.Path_("valid/subcircuit.cir"));
        var cell = n.FindSubcircuit("cell")!;
        Assert.Equal(["top", "bot"], cell.Ports);
        Assert.Equal([new NamedValue("g", 1e-4), new NamedValue("n", 1)], cell.Parameters);
        Assert.Equal(SpiceValue.Expr("1/(g*gscale)"), cell.LocalParameters.Single().Value);
        var r2 = (Resistor)cell.Elements[1];
        Assert.True(r2.Value.IsExpression);
        Assert.Equal("r*n", r2.Value.Expression);
        Assert.Throws<InvalidOperationException>(() => r2.Resistance);
    }

    [Fact]
    public void When_InstanceParams_Expect_OverridesWithOrWithoutParamsKeyword()
    {
        var n = NetlistReader.ReadFile(TestData.Path_("valid/subcircuit.cir"));
        var x1 = n.Get<SubcircuitInstance>("X1");
        Assert.Equal(["in", "out"], x1.Connections);
        Assert.Equal("cell", x1.Subcircuit);
        Assert.Equal([new NamedValue("g", 2e-4)], x1.Parameters);
        Assert.Equal([new NamedValue("g", 1e-4), new NamedValue("n", 3)], n.Get<SubcircuitInstance>("X2").Parameters);
    }

    [Fact]
    public void When_ParameterDependsOnItself_Expect_Diagnostic()
    {
        var d = TestData.Reject("t\n.param a={b+1}\n.param b={a}\nV1 x 0 DC 1\nR1 x 0 1k\n");
        Assert.Contains(d, x => x.Message.Contains("depends on itself"));
    }

    [Fact]
    public void When_SubcircuitUsesUndefinedParameter_Expect_DiagnosticAtItsLine()
    {
        var d = TestData.Reject("t\n.subckt c p q params: g=1\nR1 p q {1/g}\nR2 p q {1/h}\n.ends\nV1 a 0 DC 1\nX1 a 0 c\n");
        var single = Assert.Single(d);
        Assert.Equal(4, single.Line);
        Assert.Contains("undefined parameter 'h'", single.Message);
    }

    [Fact]
    public void When_InstanceGivesUnknownParameter_Expect_Diagnostic()
    {
        var d = TestData.Reject("t\n.subckt c p q params: g=1\nR1 p q {1/g}\n.ends\nV1 a 0 DC 1\nX1 a 0 c k=2\n");
        Assert.Equal(6, Assert.Single(d).Line);
        Assert.Contains("no parameter 'k'", d[0].Message);
    }
}
