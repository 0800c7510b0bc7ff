using Xbar.Behavioral.Networks.StateSpace;
using Xbar.Behavioral.Training;
using Xbar.Behavioral.Training.Models;
using Xbar.Behavioral.Training.Optimization;
using Xbar.Behavioral.Training.StateSpace;

namespace Xbar.Behavioral.Tests.Training.StateSpace;

/// <summary>A tiny S4D classifier trained by the engine's optimizer (Adam, cosine schedule) through <see cref="NetworkTrainer{T}"/>.</summary>
public sealed class S4dEngineTrainingTests
{
    internal static readonly S4dArchitecture Tiny = new(S4dTrainingData.Steps, Features: 1, Classes: 2, Hidden: 4, Modes: 4, StepMin: 0.05, StepMax: 0.5);

    internal static readonly NetworkTrainingOptions Options = new()
    {
        Epochs = 15, BatchSize = 20, LearningRate = 0.02, Optimizer = OptimizerKind.Adam, WeightDecay = 0, Augment = false, Seed = 1,
    };

    [Fact]
    public void When_TinyS4dTrainedOnTwoFrequencies_Expect_ItClassifiesHeldOutSequences()
    {
        var network = S4dClassifier.Create<double>(Tiny, seed: 1);
        var train = S4dTrainingData.TwoFrequencies(200, seed: 3);
        var test = S4dTrainingData.TwoFrequencies(400, seed: 4);
        var s4d = S4dClassifier.S4dLayers(network)[0];
        var initialStep = s4d.Current().LogStep;
        var (_, loss0) = NetworkTrainer<double>.Evaluate(network, train);

        NetworkTrainer<double>.Train(network, train, Options);

        var (_, loss1) = NetworkTrainer<double>.Evaluate(network, train);
        var (accuracy, _) = NetworkTrainer<double>.Evaluate(network, test);
        // Chance is 50 % (balanced classes; an untrained model scores 50 % +- 2.5 %, binomial over 400 samples),
        // while the two periods are far apart at this noise level, so a trained band filter separates them.
        Assert.True(accuracy >= 0.95, $"held-out accuracy {accuracy:P1} (loss {loss0:F3} -> {loss1:F3})");
        Assert.True(loss1 < 0.5 * loss0, $"training loss {loss0:F3} -> {loss1:F3}");
        Assert.NotEqual(initialStep, s4d.Current().LogStep); // the step sizes were trained too
    }

    [Fact]
    public void When_S4dClassifierSavedAndLoaded_Expect_TheSameLogits()
    {
        var network = S4dClassifier.WithQuantization(S4dClassifier.Create<double>(Tiny, seed: 2), bits: 3);
        var data = S4dTrainingData.TwoFrequencies(6, seed: 5);
        string path = Path.Combine(Path.GetTempPath(), $"xbar-s4d-{Guid.NewGuid():N}.json");
        try
        {
            NetworkFile.Save(path, network, "test");
            var loaded = NetworkFile.Load<double>(path);
            Assert.Equal(network.Specs.Count, loaded.Specs.Count);
            Assert.Equal(3, ((S4dSpec)loaded.Specs[1]).Quantization!.Bits);
            var a = network.Forward(data.Features, 6, Xbar.Behavioral.Training.Layers.LayerContext.Inference).ToArray();
            var b = loaded.Forward(data.Features, 6, Xbar.Behavioral.Training.Layers.LayerContext.Inference);
            Assert.Equal(a, b);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
