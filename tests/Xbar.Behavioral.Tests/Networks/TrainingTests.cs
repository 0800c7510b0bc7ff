using Xbar.Behavioral.Data;
using Xbar.Behavioral.Networks;
using Xbar.Behavioral.Training;
using Xbar.Behavioral.Tests.Data;
using Xunit.Abstractions;

namespace Xbar.Behavioral.Tests.Networks;

public sealed class TrainingTests(ITestOutputHelper output)
{
    private static DataSplit Mnist(int train, int test) => ShippedMnistTests.Load().Take(train, test);

    [Fact]
    public void When_TrainedTwiceWithSameSeed_Expect_IdenticalWeights_AndOtherSeedDiffers()
    {
        var data = Mnist(300, 10).Train;
        Mlp Run(int seed)
        {
            var net = Mlp.CreateRandom([784, 16, 10], Activation.Relu, OutputKind.Softmax, seed);
            MlpTrainer.Train(net, data, new TrainingOptions(epochs: 2, batchSize: 16, seed: seed));
            return net;
        }
        var a = Run(3);
        var b = Run(3);
        var c = Run(4);
        for (int l = 0; l < a.Layers.Count; l++)
        {
            Assert.Equal(a.Layers[l].Weights, b.Layers[l].Weights);
            Assert.Equal(a.Layers[l].Bias, b.Layers[l].Bias);
        }
        Assert.NotEqual(a.Layers[0].Weights, c.Layers[0].Weights);
    }

    [Fact]
    public void When_SgdWithMomentumTrainsOnSeparableData_Expect_LossFalls()
    {
        var data = Mnist(400, 10).Train;
        var net = Mlp.CreateRandom([784, 16, 10], Activation.Relu, OutputKind.Softmax, 1);
        var history = MlpTrainer.Train(net, data, new TrainingOptions(epochs: 4, batchSize: 20, learningRate: 0.05, optimizer: OptimizerKind.Sgd, seed: 1));
        Assert.True(history.EpochLoss[^1] < 0.7 * history.EpochLoss[0], string.Join(", ", history.EpochLoss));
    }

    [Fact]
    public void When_MlpTrainedOnMnistSubset_Expect_TestAccuracyAbove88Percent()
    {
        // First 2,000 of the fixed 8,000 training digits, tested on the first 1,000 of the fixed 2,000 test digits.
        var split = Mnist(2000, 1000);
        var classifier = Classifier.Train(split, pcaComponents: 40, hidden: [32], new TrainingOptions(epochs: 8, batchSize: 32, learningRate: 5e-3, seed: 1));
        double acc = classifier.Accuracy(split.Test);
        output.WriteLine($"accuracy {acc:P2} ({split.Description})");
        Assert.True(acc > 0.88, $"accuracy {acc:P2}");
    }

    [Fact]
    public void When_XorTrained_Expect_CorrectOnEveryInputThroughFourStateQuantizedTiles()
    {
        var options = new ReferenceMtjTileOptions(); // 4 states, sigma_NL = sigma_perp = 50 Ohm, per-layer scale
        var xor = XorOnTiles.TrainForReferenceTile(options, seed: 1);
        Assert.True(xor.MinMargin > 0);
        // Quantized only, then every error on, over several chips (seeds not used in training).
        foreach (var (source, chip) in new[] { (ErrorSource.Quantization, 7), (ErrorSource.All, 7), (ErrorSource.All, 8), (ErrorSource.All, 9) })
        {
            var tiled = new TiledNetwork(xor.Network, TileGeometry.Paper4x4, new ReferenceMtjTileProgrammer(options.Only(source), chip), seed: chip);
            for (int i = 0; i < 4; i++)
                Assert.Equal(XorNetwork.Cases.Labels[i], tiled.Predict(XorNetwork.Cases.Sample(i)));
        }
        output.WriteLine($"XOR solved after {xor.Attempts} attempt(s), seed {xor.Seed}, float margin {xor.MinMargin:F2}");
    }

    [Fact]
    public void When_PcaFitted_Expect_OrthonormalComponents_AndFullRankReconstructionExact()
    {
        var data = Mnist(500, 10).Train;
        var pca = Pca.Fit(data, 20);
        for (int a = 0; a < 20; a++)
            for (int b = 0; b < 20; b++)
            {
                double dot = pca.Components[a].Zip(pca.Components[b]).Sum(p => p.First * p.Second);
                Assert.Equal(a == b ? 1.0 : 0.0, dot, 1e-9);
            }
        for (int k = 1; k < 20; k++) Assert.True(pca.ExplainedVariance[k] <= pca.ExplainedVariance[k - 1] + 1e-12);

        // Small synthetic set of rank 3 in 5 dimensions: 3 components reconstruct it exactly.
        var rng = new Random(2);
        var basis = new double[3][];
        for (int k = 0; k < 3; k++) basis[k] = Enumerable.Range(0, 5).Select(_ => rng.NextDouble()).ToArray();
        var features = new double[40 * 5];
        for (int s = 0; s < 40; s++)
        {
            var c = Enumerable.Range(0, 3).Select(_ => rng.NextDouble() * 2 - 1).ToArray();
            for (int j = 0; j < 5; j++) features[s * 5 + j] = 0.3 + c[0] * basis[0][j] + c[1] * basis[1][j] + c[2] * basis[2][j];
        }
        var set = new LabeledImages(features, 5, new byte[40]);
        var p3 = Pca.Fit(set, 3);
        for (int s = 0; s < 40; s++)
        {
            var x = set.Sample(s).ToArray();
            var back = p3.Reconstruct(p3.Transform(x));
            for (int j = 0; j < 5; j++) Assert.Equal(x[j], back[j], 1e-9);
        }
        // Fewer components than the rank lose information.
        var p2 = Pca.Fit(set, 2);
        double loss = Enumerable.Range(0, 40).Sum(s => set.Sample(s).ToArray().Zip(p2.Reconstruct(p2.Transform(set.Sample(s)))).Sum(p => (p.First - p.Second) * (p.First - p.Second)));
        Assert.True(loss > 1e-6);
    }

    [Fact]
    public void When_ClassifierSavedAndLoaded_Expect_SameWeightsAndPredictions()
    {
        var split = Mnist(200, 50);
        var classifier = Classifier.Train(split, 10, [8], new TrainingOptions(epochs: 1, seed: 2));
        var path = Path.Combine(Path.GetTempPath(), $"xbar-model-{Environment.ProcessId}.json");
        try
        {
            ClassifierFile.Save(path, classifier);
            var loaded = ClassifierFile.Load(path);
            Assert.Equal(classifier.Network.Layers[1].Weights, loaded.Network.Layers[1].Weights);
            Assert.Equal(classifier.Pca!.Components[3], loaded.Pca!.Components[3]);
            Assert.Equal(classifier.Accuracy(split.Test), loaded.Accuracy(split.Test));
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void When_WeightsSavedAsNpy_Expect_SameNetwork_AndTransposedKerasLayoutAccepted()
    {
        var net = Mlp.CreateRandom([5, 3, 2], Activation.Relu, OutputKind.Softmax, 4);
        net.Layers[0].Bias[1] = 0.25;
        var dir = Directory.CreateTempSubdirectory("xbar-npy-").FullName;
        try
        {
            MlpNpy.Save(dir, net);
            var back = MlpNpy.Load(dir);
            Assert.Equal(net.Layers[0].Weights, back.Layers[0].Weights);
            Assert.Equal(net.Layers[1].Bias, back.Layers[1].Bias);
            // Rewrite layer 0 as Inputs x Outputs (Keras layout): still the same network.
            var w = net.Layers[0].WeightMatrix();
            var t = new double[5, 3];
            for (int o = 0; o < 3; o++) for (int i = 0; i < 5; i++) t[i, o] = w[o, i];
            Xbar.Circuits.IO.NpyFile.Write(Path.Combine(dir, "layer0_weight.npy"), t);
            Assert.Equal(net.Layers[0].Weights, MlpNpy.Load(dir).Layers[0].Weights);
        }
        finally { Directory.Delete(dir, true); }
    }

    [Fact]
    public void When_ModelFileIsNotJson_Expect_InvalidInputNamingFile()
    {
        var path = Path.Combine(Path.GetTempPath(), $"xbar-bad-{Environment.ProcessId}.json");
        File.WriteAllText(path, "{ \"format\": \"xbar-mlp/1\", \"layers\": [ { \"weights\": [[1, 2], [3]], \"bias\": [0, 0] } ] }");
        try
        {
            var e = Assert.Throws<InvalidInputException>(() => ClassifierFile.Load(path));
            Assert.Contains(path, e.Message);
        }
        finally { File.Delete(path); }
    }
}
