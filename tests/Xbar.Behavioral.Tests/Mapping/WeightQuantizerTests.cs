using Xbar.Behavioral.Config;
using Xbar.Behavioral.Mapping;

namespace Xbar.Behavioral.Tests.Mapping;

public class WeightQuantizerTests
{
    [Fact]
    public void When_UniformLevels_Expect_EvenSpacingFromZeroToClip()
    {
        Assert.Equal([0.0, 0.5, 1.0, 1.5], WeightQuantizer.UniformLevels(4, 1.5));
    }

    [Fact]
    public void When_TwoTightClusters_Expect_KMeansConvergesToTheirMeans()
    {
        var rng = new Random(3);
        var values = new List<double>();
        for (int k = 0; k < 500; k++) values.Add(0.3 + 0.01 * (rng.NextDouble() - 0.5));
        for (int k = 0; k < 500; k++) values.Add(0.9 + 0.01 * (rng.NextDouble() - 0.5));
        var levels = WeightQuantizer.KMeansLevels(values.ToArray(), 3, 1.0, 100, out int iterations);
        Assert.Equal(0.0, levels[0]); // pinned
        Assert.Equal(values.Take(500).Average(), levels[1], 12);
        Assert.Equal(values.Skip(500).Average(), levels[2], 12);
        Assert.True(iterations < 100, $"did not converge ({iterations} iterations)");
    }

    [Fact]
    public void When_KMeans_Expect_LowerQuantizationErrorThanUniform()
    {
        var rng = new Random(5);
        // Gaussian-like weights: most mass near zero, as trained networks have.
        var w = Enumerable.Range(0, 4000).Select(_ => Math.Abs(rng.NextDouble() + rng.NextDouble() + rng.NextDouble() - 1.5) / 1.5).ToArray();
        double clip = w.Max();
        double Err(double[] levels) => w.Sum(v => Math.Pow(v - levels[WeightQuantizer.Nearest(levels, v)], 2));
        Assert.True(Err(WeightQuantizer.KMeansLevels(w, 4, clip, 100, out _)) < Err(WeightQuantizer.UniformLevels(4, clip)));
    }

    [Fact]
    public void When_Nearest_Expect_ClosestLevelAndEndsClamped()
    {
        double[] levels = [0, 1, 2, 4];
        Assert.Equal(0, WeightQuantizer.Nearest(levels, -3));
        Assert.Equal(1, WeightQuantizer.Nearest(levels, 1.4));
        Assert.Equal(3, WeightQuantizer.Nearest(levels, 3.1));
        Assert.Equal(3, WeightQuantizer.Nearest(levels, 99));
    }

    [Fact]
    public void When_WeightsBeyondClip_Expect_ClippedAndDifferentialPairsSigned()
    {
        var w = new double[,] { { 2.0, -0.5, 0.0 } };
        var m = WeightMapper.Map(w, new MappingConfig(SignedMapping.Differential, QuantizationKind.Uniform, WeightClip: 1.0), 3, 1e-6, 11e-6);
        Assert.Equal([1.0, -0.5, 0.0], new[] { m.QuantizedWeights[0, 0], m.QuantizedWeights[0, 1], m.QuantizedWeights[0, 2] });
        // Input 0: positive column at G_max, negative at G_min; input 1: negative column at the middle level.
        Assert.Equal(11e-6, m.Conductance[0, 0], 1e-18);
        Assert.Equal(1e-6, m.Conductance[0, 1], 1e-18);
        Assert.Equal(6e-6, m.Conductance[1, 1], 1e-18);
        // w = (G+ - G-) * weight per siemens.
        Assert.Equal(-0.5, (m.Conductance[1, 0] - m.Conductance[1, 1]) * m.WeightPerSiemens, 12);
    }

    [Fact]
    public void When_ReferenceColumn_Expect_DifferenceFromMiddleConductance()
    {
        var w = new double[,] { { 1.0, -1.0 }, { 0.2, 0.6 } };
        var m = WeightMapper.Map(w, new MappingConfig(SignedMapping.Reference, QuantizationKind.None), 2, 1e-6, 11e-6);
        Assert.Equal(3, m.PhysicalCols);
        for (int o = 0; o < 2; o++)
            for (int i = 0; i < 2; i++)
                Assert.Equal(w[o, i], (m.Conductance[i, m.PlusColumn[o]] - m.Conductance[i, m.MinusColumn[o]]) * m.WeightPerSiemens, 12);
    }
}
