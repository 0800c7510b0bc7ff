using System.Numerics;
using Xbar.Behavioral.Config;
using Xbar.Behavioral.Periphery;

namespace Xbar.Behavioral.Tests.Periphery;

/// <summary>
/// The batched DAC, TIA and ADC passes (<see cref="Vector{T}"/> lanes) against the scalar
/// converters, bit for bit: random values, exact rounding ties and their neighbours one ulp away,
/// clipping, signed zeros, infinities and NaN.
/// </summary>
public class VectorConverterTests
{
    /// <summary>Random values over +-1.5 x <paramref name="span"/>, ties k + 1/2 of <paramref name="step"/> and their ulp neighbours, and the special values.</summary>
    private static List<double> Cases(double span, double step, int seed)
    {
        var rng = new Random(seed);
        var values = new List<double>();
        for (int k = 0; k < 2000; k++) values.Add((rng.NextDouble() * 3 - 1.5) * span);
        // Every code's tie for a few hundred codes, else the codes at both ends and 1,000 random ones.
        double last = Math.Floor(span / step) + 2;
        var codes = last <= 500 ? Enumerable.Range((int)-last, 2 * (int)last + 1).Select(k => (double)k)
            : Enumerable.Range(0, 1000).Select(_ => Math.Floor((rng.NextDouble() * 2 - 1) * last)).Concat([-last, -last + 1, -1, 0, last - 1, last]);
        foreach (double k in codes)
        {
            double tie = (k + 0.5) * step;
            values.AddRange([tie, Math.BitIncrement(tie), Math.BitDecrement(tie), k * step]);
        }
        values.AddRange([0.0, -0.0, 1e-300, -1e-300, double.PositiveInfinity, double.NegativeInfinity]);
        return values;
    }

    private static void AssertSameBits(double expected, double actual, double input) =>
        Assert.True(BitConverter.DoubleToInt64Bits(expected) == BitConverter.DoubleToInt64Bits(actual),
            $"input {input:R}: scalar {expected:R}, vector {actual:R}");

    private static double[] Lanes(Func<Vector<double>, Vector<double>> f, double x) =>
        [.. Enumerable.Range(0, Vector<double>.Count).Select(i => f(new Vector<double>(x))[i])];

    [Theory]
    [InlineData(null, 1.0, 1.0)]
    [InlineData(1, 1.0, 1.0)]
    [InlineData(4, 1.0, 1.0)]
    [InlineData(8, 1.0, 1.0)]
    [InlineData(8, 2.5, 0.37)]
    [InlineData(24, 1.0, 3.0)]
    public void When_DacVoltagesOfABatch_Expect_ScalarVoltagesBitForBit(int? bits, double inputMax, double inputScale)
    {
        var dac = new Dac(new InputConfig(DacBits: bits, ReadVoltageV: 0.2, InputMax: inputMax));
        double steps = bits is { } b ? (1L << b) - 1 : 1 << 20;
        // Ties of the code grid: f * steps = k + 1/2 exactly when x = f (input max and scale 1).
        var x = Cases(inputMax * inputScale, inputMax * inputScale / steps, seed: 7).Where(double.IsFinite).ToArray();
        if (bits is not null && inputMax == 1 && inputScale == 1)
            Assert.True(x.Count(f => Math.Abs(f * steps) % 1 == 0.5 && Math.Abs(f) <= 1) > Math.Min(steps, 100), "the cases hold exact ties");
        var v = new double[x.Length];
        Assert.True(dac.Voltages(x, inputScale, v));
        for (int k = 0; k < x.Length; k++) AssertSameBits(dac.Voltage(x[k] / inputScale), v[k], x[k]);
    }

    [Fact]
    public void When_DacBatchIsZeroOrNaN_Expect_SilentOrInvalidInput()
    {
        var dac = new Dac(new InputConfig(DacBits: 8));
        var v = new double[13];
        Assert.False(dac.Voltages(new double[13], 1.0, v));
        Assert.False(dac.Voltages(Enumerable.Repeat(-0.0, 13).ToArray(), 1.0, v));
        Assert.False(dac.Voltages(Enumerable.Repeat(1e-4, 13).ToArray(), 1.0, v)); // below half a DAC step
        var x = new double[13];
        x[12] = 0.5; // the scalar tail
        Assert.True(dac.Voltages(x, 1.0, v));
        x[12] = 0; x[1] = 0.5; // a vector lane
        Assert.True(dac.Voltages(x, 1.0, v));
        x[1] = double.NaN;
        Assert.Throws<InvalidInputException>(() => dac.Voltages(x, 1.0, v));
        x[1] = 0; x[12] = double.NaN;
        Assert.Throws<InvalidInputException>(() => dac.Voltages(x, 1.0, v));
    }

    [Theory]
    [InlineData(2, 1.0)]
    [InlineData(8, 0.3)]
    [InlineData(12, 5e-5)]
    public void When_UniformAdcOnLanes_Expect_ScalarConversionBitForBit(int bits, double range)
    {
        var adc = new UniformAdc(bits, range);
        foreach (double x in Cases(range, adc.Step, seed: bits).Append(double.NaN))
            foreach (double lane in Lanes(adc.Convert, x))
                AssertSameBits(adc.Convert(x), lane, x);
    }

    [Theory]
    [InlineData(null, null)]
    [InlineData(1e4, null)]
    [InlineData(1e4, 0.35)]
    public void When_TiaOnLanes_Expect_ScalarOutputBitForBit(double? gain, double? saturation)
    {
        var tia = new Tia(new OutputConfig(TiaGainOhm: gain, TiaSaturationV: saturation));
        foreach (double x in Cases(1e-4, 1e-6, seed: 3).Append(double.NaN))
            foreach (double lane in Lanes(tia.Apply, x))
                AssertSameBits(tia.Apply(x), lane, x);
    }
}
