using Xbar.Behavioral.Networks.StateSpace;

namespace Xbar.Behavioral.Tests.Networks.StateSpace;

public sealed class QuantizerTests
{
    [Theory]
    [InlineData(3, 1.0)]
    [InlineData(4, 0.7)]
    [InlineData(7, 0.3)]
    [InlineData(31, 2.5)]
    public void When_ValuesQuantized_Expect_EveryResultExactlyOnTheNearestLevel(int levels, double range)
    {
        var q = new FixedRangeQuantizer(levels, range);
        var grid = Enumerable.Range(0, levels).Select(q.Level).ToArray();
        Assert.Equal(-range, grid[0]);
        Assert.Equal(range, grid[^1]);
        for (int k = 0; k < levels; k++) Assert.Equal(-grid[k], grid[levels - 1 - k]); // symmetric bit for bit
        if (levels % 2 == 1) Assert.Equal(0.0, grid[levels / 2]);
        var rng = new Random(levels);
        for (int i = 0; i < 2000; i++)
        {
            double w = (rng.NextDouble() * 2 - 1) * range * 1.5;
            double v = q.Quantize(w);
            Assert.Contains(v, grid); // exactly a level, not a level up to rounding
            double nearest = grid.MinBy(g => Math.Abs(g - w));
            Assert.True(Math.Abs(v - w) <= Math.Abs(nearest - w) + 1e-15 * range, $"{w} -> {v}, nearest level {nearest}");
        }
    }

    [Fact]
    public void When_TwoBits_Expect_TernaryLevels()
    {
        var q = FixedRangeQuantizer.ForBits(2, 0.8);
        Assert.Equal(3, q.Levels);
        Assert.Equal(new[] { -0.8, 0.0, 0.8 }, Enumerable.Range(0, 3).Select(q.Level));
        Assert.Equal(31, FixedRangeQuantizer.ForBits(5, 1).Levels);
        Assert.True(q.PassesGradient(0.8));
        Assert.False(q.PassesGradient(-0.81));
    }

    [Fact]
    public void When_BadQuantizer_Expect_InvalidInput()
    {
        Assert.Throws<InvalidInputException>(() => new FixedRangeQuantizer(1, 1));
        Assert.Throws<InvalidInputException>(() => new FixedRangeQuantizer(3, 0));
        Assert.Throws<InvalidInputException>(() => FixedRangeQuantizer.ForBits(1, 1));
    }

    [Fact]
    public void When_SystemQuantized_Expect_RealAndImaginaryPartsOfASharedGrid()
    {
        var sys = SsmTestData.Layer(2, 5, 2, DiscretizationKind.ZeroOrderHold, seed: 4).Discretize();
        var qa = FixedRangeQuantizer.ForBits(3, 1.0);
        var q = new SsmQuantization(qa, FixedRangeQuantizer.ForBits(3, 0.3), FixedRangeQuantizer.ForBits(3, 1.5));
        var quantized = q.Apply(sys);
        var grid = Enumerable.Range(0, qa.Levels).Select(qa.Level).ToArray();
        Assert.All(quantized.ARe, v => Assert.Contains(v, grid));
        Assert.All(quantized.AIm, v => Assert.Contains(v, grid));
        Assert.Equal(sys.D, quantized.D); // no D quantizer: the float skip connection stays
        var expanded = ExpandedSsm.From(quantized).Quantized(qa);
        foreach (var v in expanded.Matrix) Assert.Contains(v, grid);
    }
}
