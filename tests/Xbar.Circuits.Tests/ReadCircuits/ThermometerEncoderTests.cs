using System.Numerics;
using Xbar.Circuits.ReadCircuits;

namespace Xbar.Circuits.Tests.ReadCircuits;

public class ThermometerEncoderTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(7)]
    [InlineData(15)]
    public void When_EveryValidThermometerCode_Expect_ItsIndex(int comparators)
    {
        for (int code = 0; code <= comparators; code++)
        {
            var word = ThermometerEncoder.Thermometer(code, comparators);
            Assert.True(ThermometerEncoder.IsValid(word));
            Assert.Equal(code, ThermometerEncoder.Encode(word));
        }
    }

    [Fact]
    public void When_WordHasBubbles_Expect_OnesCountAndInvalid()
    {
        const int m = 7;
        int valid = 0;
        for (int w = 0; w < 1 << m; w++)
        {
            var word = Enumerable.Range(0, m).Select(k => (w >> k & 1) == 1).ToArray();
            Assert.Equal(BitOperations.PopCount((uint)w), ThermometerEncoder.Encode(word));
            bool isThermometer = (w & (w + 1)) == 0; // ones only in the low bits
            Assert.Equal(isThermometer, ThermometerEncoder.IsValid(word));
            if (isThermometer) valid++;
        }
        Assert.Equal(m + 1, valid);
    }
}
