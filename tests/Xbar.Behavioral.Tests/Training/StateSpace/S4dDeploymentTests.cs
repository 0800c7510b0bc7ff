using Xbar.Behavioral.Config;
using Xbar.Behavioral.Mapping;
using Xbar.Behavioral.Networks;
using Xbar.Behavioral.Training.Layers;
using Xbar.Behavioral.Training.Models;
using Xbar.Behavioral.Training.Optimization;
using Xbar.Behavioral.Training.StateSpace;

namespace Xbar.Behavioral.Tests.Training.StateSpace;

/// <summary>A trained tiny S4D classifier, float and after 2-bit QAT, deployed on crossbars.</summary>
public sealed class S4dDeploymentTests
{
    private static readonly Lazy<(Network<double> Float, Network<double> Qat)> Trained = new(() =>
    {
        var train = S4dTrainingData.TwoFrequencies(200, seed: 3);
        var network = S4dClassifier.Create<double>(S4dEngineTrainingTests.Tiny, seed: 1);
        NetworkTrainer<double>.Train(network, train, S4dEngineTrainingTests.Options with { Epochs = 6 });
        var qat = S4dClassifier.WithQuantization(network, bits: 2);
        NetworkTrainer<double>.Train(qat, train, S4dEngineTrainingTests.Options with { Epochs = 3, LearningRate = 0.005 });
        return (network, qat);
    });

    [Theory]
    [InlineData(false, 256, 256)]
    [InlineData(false, 5, 3)]   // every matrix split over several tiles, partial sums added digitally
    [InlineData(true, 5, 3)]
    public void When_DeployedOnExactTiles_Expect_TheModelsLogits(bool qat, int tileIn, int tileOut)
    {
        var network = qat ? Trained.Value.Qat : Trained.Value.Float;
        var data = S4dTrainingData.TwoFrequencies(12, seed: 7);
        var expected = network.Forward(data.Features, data.Count, LayerContext.Inference).ToArray();
        var deployment = new S4dDeployment(network);
        var crossbars = deployment.Program((i, l) => TiledMatrix.Program(l.Matrix, new TileGeometry(tileIn, tileOut), ExactTileProgrammer.Instance, layer: i));
        var logits = deployment.Run(crossbars, data.Features, data.Count).Logits;
        double scale = Math.Max(1, expected.Max(Math.Abs));
        for (int i = 0; i < expected.Length; i++)
            Assert.True(Math.Abs(logits[i] - expected[i]) <= 1e-12 * scale, $"logit {i}: crossbars {logits[i]:R}, model {expected[i]:R}");
    }

    [Fact]
    public void When_QatModelDeployed_Expect_EveryCrossbarOnItsDeviceLevels_WhichTheTilesUniformQuantizerKeeps()
    {
        var deployment = new S4dDeployment(Trained.Value.Qat);
        Assert.Equal(["encoder", "s4d1", "decoder"], deployment.Layers.Select(l => l.Name));
        foreach (var layer in deployment.Layers)
        {
            Assert.Equal(2, layer.CellStates); // 2 bits: ternary weights, a differential pair of 2-state cells
            var levels = WeightQuantizer.UniformLevels(2, layer.Clip);
            foreach (var w in layer.Matrix) Assert.Contains(Math.Abs(w), levels);
            // The tile's own mapping (uniform levels, the layer's clip, 2 states) leaves the matrix unchanged, bit for bit.
            var mapped = WeightMapper.Map(layer.Matrix, new MappingConfig(SignedMapping.Differential, QuantizationKind.Uniform, WeightClip: layer.Clip), 2, 1e-6, 25e-6);
            Assert.Equal(layer.Matrix, mapped.QuantizedWeights);
        }
    }
}
