using MathNet.Numerics.Distributions;
using Xbar.Behavioral.Mapping;
using Xbar.Behavioral.Networks;

namespace Xbar.Behavioral.Tests.Mapping;

public sealed class WeightClipChooserTests
{
    private static double[] Gaussian(int n, double sigma, int seed)
    {
        var rng = new Random(seed);
        return Enumerable.Range(0, n).Select(_ => Normal.Sample(rng, 0, sigma)).ToArray();
    }

    [Fact]
    public void When_RuleIsMax_Expect_LargestMagnitude()
    {
        double[] w = [0.1, -0.7, 0.3];
        Assert.Equal(0.7, WeightClipChooser.Choose(w, WeightClipChooser.UniformFractions(4), WeightClipRule.Max));
    }

    [Fact]
    public void When_GaussianWeightsOnFourMagnitudeLevels_Expect_MaxsOptimalUniformStep()
    {
        // 4 magnitude levels with a sign = the 7-level uniform mid-tread quantizer. Max (1960), "Quantizing for
        // minimum distortion", IRE Trans. Inf. Theory 6(1), Table II: the MSE-optimal step for a unit Gaussian
        // with 7 levels is 0.6508, so the clip (3 steps) is 1.952 sigma, and the distortion 0.0468 sigma^2.
        const double sigma = 0.05;
        var w = Gaussian(200_000, sigma, 7);
        double clip = WeightClipChooser.Choose(w, WeightClipChooser.UniformFractions(4), WeightClipRule.MinimumMse);
        Assert.InRange(clip / sigma, 1.952 * 0.97, 1.952 * 1.03);
        double mse = WeightClipChooser.SquaredError(w.Select(Math.Abs).ToArray(), WeightClipChooser.UniformFractions(4), clip) / w.Length;
        Assert.InRange(mse / (sigma * sigma), 0.0468 * 0.97, 0.0468 * 1.03);
    }

    [Fact]
    public void When_ChosenClipIsMoved_Expect_ErrorNotSmaller()
    {
        var rng = new Random(3);
        var w = Enumerable.Range(0, 5000).Select(_ => Math.Pow(rng.NextDouble(), 3) * (rng.Next(2) == 0 ? -1 : 1)).ToArray();
        var mags = w.Select(Math.Abs).ToArray();
        var f = WeightClipChooser.UniformFractions(5);
        double clip = WeightClipChooser.Choose(w, f, WeightClipRule.MinimumMse);
        double best = WeightClipChooser.SquaredError(mags, f, clip);
        foreach (double factor in new[] { 0.5, 0.8, 0.95, 0.99, 1.01, 1.05, 1.25, 2.0 })
            Assert.True(WeightClipChooser.SquaredError(mags, f, clip * factor) >= best * (1 - 1e-9), $"clip x {factor} gives less error");
    }

    [Fact]
    public void When_LayerIsAllZero_Expect_ZeroClip() =>
        Assert.Equal(0, WeightClipChooser.Choose(new double[12], WeightClipChooser.UniformFractions(4), WeightClipRule.MinimumMse));

    [Fact]
    public void When_WeightIsNotFinite_Expect_InvalidInput() =>
        Assert.Throws<InvalidInputException>(() => WeightClipChooser.Choose([1.0, double.NaN], WeightClipChooser.UniformFractions(4), WeightClipRule.MinimumMse));

    [Fact]
    public void When_ReferenceTileQuantizes_Expect_EveryTileOfTheLayerGetsTheChosenClip()
    {
        var w = new double[8, 8];
        var g = Gaussian(64, 1.0, 5);
        for (int i = 0; i < 64; i++) w[i / 8, i % 8] = g[i];
        var seen = new List<double>();
        var programmer = new ReferenceMtjTileProgrammer(new ReferenceMtjTileOptions(), 1);
        var recorder = new DelegateTileProgrammerWithClip(programmer, seen);
        TiledMatrix.Program(w, TileGeometry.Paper4x4, recorder, seed: 1);
        double expected = WeightClipChooser.Choose(g, WeightClipChooser.UniformFractions(4), WeightClipRule.MinimumMse);
        Assert.Equal(4, seen.Count);
        Assert.All(seen, c => Assert.Equal(expected, c, 12));
        Assert.True(expected < g.Max(Math.Abs));
        // Offsets only (no quantization): nothing is clipped.
        Assert.Equal(g.Max(Math.Abs), new ReferenceMtjTileProgrammer(new ReferenceMtjTileOptions().Only(ErrorSource.Systematic), 1).LayerWeightClip(w, g.Max(Math.Abs)));
    }

    /// <summary>Forwards to a programmer and records the clip every tile was given.</summary>
    private sealed class DelegateTileProgrammerWithClip(ITileProgrammer inner, List<double> seen) : ITileProgrammer
    {
        public string Name => inner.Name;

        public IProgrammedMatrix Program(double[,] weightsOutByIn, TileContext context)
        {
            seen.Add(context.LayerWeightClip);
            return inner.Program(weightsOutByIn, context);
        }

        public double LayerWeightClip(double[,] layerWeights, double maxAbs) => inner.LayerWeightClip(layerWeights, maxAbs);
    }
}
