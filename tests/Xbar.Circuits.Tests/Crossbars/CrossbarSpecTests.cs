using Xbar.Circuits.Crossbars;

namespace Xbar.Circuits.Tests.Crossbars;

public class CrossbarSpecTests
{
    [Theory]
    [InlineData(0, 4, 1.0, 1.0, "rows")]
    [InlineData(4, 0, 1.0, 1.0, "cols")]
    [InlineData(4, 4, -1.0, 1.0, "wire-r (word-line")]
    [InlineData(4, 4, 1.0, double.NaN, "wire-r-bl")]
    [InlineData(4, 4, double.PositiveInfinity, 1.0, "wire-r (word-line")]
    public void When_SpecIsInvalid_Expect_InvalidInputNamingTheField(int m, int n, double rw, double rb, string field)
    {
        var e = Assert.Throws<InvalidInputException>(() => new CrossbarSpec(m, n, rw, rb));
        Assert.Contains(field, e.Message);
    }

    [Fact]
    public void When_LoadTerminationHasNoLoad_Expect_InvalidInput()
    {
        var e = Assert.Throws<InvalidInputException>(() => new CrossbarSpec(2, 2, 1, 1, termination: ColumnTermination.LoadResistor));
        Assert.Contains("load resistance", e.Message);
    }

    [Fact]
    public void When_DifferentialWithOddColumns_Expect_InvalidInput()
    {
        var e = Assert.Throws<InvalidInputException>(() => new CrossbarSpec(2, 3, 1, 1, differentialColumns: true));
        Assert.Contains("even", e.Message);
    }
}
