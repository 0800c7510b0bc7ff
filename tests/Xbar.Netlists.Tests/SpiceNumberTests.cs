namespace Xbar.Netlists.Tests;

public class SpiceNumberTests
{
    [Theory]
    [InlineData("1", 1.0)]
    [InlineData("-2.5", -2.5)]
    [InlineData(".5", 0.5)]
    [InlineData("1e3", 1e3)]
    [InlineData("1.5E-3", 1.5e-3)]
    [InlineData("1f", 1e-15)]
    [InlineData("1F", 1e-15)]
    [InlineData("2p", 2e-12)]
    [InlineData("3n", 3e-9)]
    [InlineData("4u", 4e-6)]
    [InlineData("5m", 5e-3)]
    [InlineData("5M", 5e-3)]
    [InlineData("6k", 6e3)]
    [InlineData("6K", 6e3)]
    [InlineData("7meg", 7e6)]
    [InlineData("7MEG", 7e6)]
    [InlineData("8g", 8e9)]
    [InlineData("9t", 9e12)]
    [InlineData("1mil", 25.4e-6)]
    [InlineData("10kOhm", 1e4)]
    [InlineData("1uF", 1e-6)]
    [InlineData("5V", 5)]
    [InlineData("10A", 10)] // ngspice 39.3 reads 10A as 10 (no atto suffix)
    [InlineData("2megohm", 2e6)]
    [InlineData("1e-3k", 1.0)]
    public void When_SuffixedNumber_Expect_ScaledValue(string text, double expected)
    {
        Assert.Equal(expected, SpiceNumber.Parse(text), Math.Abs(expected) * 1e-15);
    }

    [Theory]
    [InlineData("")]
    [InlineData("abc")]
    [InlineData("k1")]
    [InlineData("1k2")]
    [InlineData("1e999")]
    [InlineData("1.2.3")]
    public void When_NotANumber_Expect_TryParseFalse(string text)
    {
        Assert.False(SpiceNumber.TryParse(text, out _));
        Assert.Throws<FormatException>(() => SpiceNumber.Parse(text));
    }

    [Fact]
    public void When_FormattedAndParsed_Expect_BitIdenticalDouble()
    {
        var random = new Random(1234);
        for (int i = 0; i < 2000; i++)
        {
            double value = (random.NextDouble() - 0.5) * Math.Pow(10, random.Next(-20, 20));
            var text = SpiceNumber.Format(value);
            Assert.Equal(value, SpiceNumber.Parse(text));
            Assert.DoesNotContain(",", text);
        }
    }

    [Fact]
    public void When_FormattingNonFinite_Expect_Exception()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => SpiceNumber.Format(double.NaN));
        Assert.Throws<ArgumentOutOfRangeException>(() => SpiceNumber.Format(double.PositiveInfinity));
    }
}
