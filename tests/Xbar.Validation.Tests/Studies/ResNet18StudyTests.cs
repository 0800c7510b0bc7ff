using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using Xbar.Behavioral.Config;
using Xbar.Behavioral.Data;
using Xbar.Validation.Networks;
using Xbar.Validation.Studies;

namespace Xbar.Validation.Tests.Studies;

public sealed class ResNet18StudyTests
{
    private static LabeledImages Images(int count, int seed)
    {
        var rng = new Random(seed);
        var pixels = Enumerable.Range(0, count * 784).Select(_ => rng.NextDouble()).ToArray();
        return new LabeledImages(pixels, 784, Enumerable.Range(0, count).Select(i => (byte)(i % 10)).ToArray());
    }

    [Fact]
    public void When_GrayImagesArePreprocessed_Expect_WhatOnnxRuntimeGivesWithTheCompanionModel()
    {
        var prep = ResNetPreprocessing.Load(ResNet18Files.Preprocess);
        Assert.Equal((224, 224), (prep.Height, prep.Width));
        var images = Images(2, 1);
        var ours = prep.Apply(images, 0, 2, "random");
        using var session = new InferenceSession(ResNet18Files.Preprocess);
        string input = session.InputMetadata.Keys.Single();
        for (int s = 0; s < 2; s++)
        {
            // The companion model's input: RGB in 0..255 at 224x224; ours resized the same way, gray in every channel.
            var gray = new double[224 * 224];
            ImageAdapter.Bilinear(images.Sample(s).ToArray().Select(v => v * 255).ToArray(), 28, 28, gray, 224, 224);
            var rgb = new float[3 * 224 * 224];
            for (int c = 0; c < 3; c++) for (int i = 0; i < gray.Length; i++) rgb[c * gray.Length + i] = (float)gray[i];
            using var r = session.Run([NamedOnnxValue.CreateFromTensor(input, new DenseTensor<float>(rgb, [1, 3, 224, 224]))]);
            var ort = r.First().AsTensor<float>().ToArray();
            for (int k = 0; k < ort.Length; k++) Assert.Equal(ort[k], ours[s * ort.Length + k], 3e-4); // float32 arithmetic in ORT
        }
    }

    [Fact]
    public void When_AStoreResumes_Expect_OnlyMissingChunksComputed()
    {
        var dir = Path.Combine(Path.GetTempPath(), $"xbar-features-{Guid.NewGuid():N}");
        try
        {
            var store = new FeatureStore(dir, width: 3);
            var computed = new List<int>();
            double[] Compute(int start, int count)
            {
                computed.Add(start);
                return Enumerable.Range(start * 3, count * 3).Select(v => (double)v).ToArray();
            }
            var first = store.GetOrCompute("f", 10, 4, Compute);
            Assert.Equal([0, 4, 8], computed);
            File.Delete(Directory.GetFiles(Path.Combine(dir, "f")).Order().Skip(1).First()); // lose the middle chunk
            computed.Clear();
            var second = store.GetOrCompute("f", 10, 4, Compute);
            Assert.Equal([4], computed);
            Assert.Equal(first, second);
            Assert.Equal(Enumerable.Range(0, 30).Select(v => (double)v), second);
            Assert.True(store.IsComplete("f", 10, 4));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(48)]
    public void When_ARoundIsNotAPositiveMultipleOfTheChunk_Expect_InvalidInputNamingRound(int round)
    {
        var e = Assert.Throws<InvalidInputException>(() => new ResNet18StudyOptions { Chunk = 32, Round = round }.Validate());
        Assert.Contains("--round", e.Message);
    }

    [Fact]
    public void When_SeparableFeaturesTrainTheProbe_Expect_ItClassifiesNewSamples()
    {
        var rng = new Random(4);
        int width = 6, n = 300;
        double[] Features(int count, out byte[] labels)
        {
            var f = new double[count * width];
            labels = new byte[count];
            for (int s = 0; s < count; s++)
            {
                labels[s] = (byte)(s % 3);
                for (int k = 0; k < width; k++) f[s * width + k] = 0.3 * (rng.NextDouble() - 0.5) + (k == labels[s] ? 2 : 0) + 5;
            }
            return f;
        }
        var train = Features(n, out var trainLabels);
        var test = Features(90, out var testLabels);
        var probe = LinearProbe.Train(train, n, width, trainLabels, classes: 3, seed: 1, epochs: 50, learningRate: 0.01);
        Assert.Equal(1.0, LinearProbe.Accuracy(probe.Predict(test, 90), testLabels));
    }

    /// <summary>
    /// The whole study on a few Fashion-MNIST images, wires ideal so that a bound holds: 8-bit weights sliced over 1-bit and 2-bit
    /// cells, read through 8-bit DACs and ADCs, keep ResNet-18's features within cosine 0.9 of ONNX Runtime's (0.94 measured on two
    /// images); NeuroSim's tile counts (7,758 blocks of 64 x 32 weights; 8 and 4 slices); two rounds of two images; a second run resumes from the checkpoints.
    /// </summary>
    [Fact]
    [Trait("Category", "Slow")]
    public void When_ResNet18RunsOnAFewImagesThroughSlicedMtjTiles_Expect_FeaturesNearFloatAndHalfTheTilesOnTwoBitCells()
    {
        var dir = Path.Combine(Path.GetTempPath(), $"xbar-resnet18-{Guid.NewGuid():N}");
        try
        {
            var options = new ResNet18StudyOptions
            {
                CellBits = [1, 2], Test = 4, Train = 40, RangeImages = 4, Chunk = 2, Round = 2, Batch = 2, IrDrop = IrDropModel.None, ColumnCorrection = false,
            };
            var result = ResNet18Study.Run(options, dir);
            var (one, two, whole) = (result.Configs[0], result.Configs[1], result.Configs[2]);
            Assert.Equal((7758 * 8, 7758 * 4, 7758), (one.Tiles, two.Tiles, whole.Tiles));
            Assert.True(one.Cosine > 0.9 && two.Cosine > 0.9, $"feature cosine {one.Cosine} (1-bit), {two.Cosine} (2-bit)");
            Assert.True(result.ExecutorVsOrt < 1e-4, $"float executor vs ORT {result.ExecutorVsOrt}");
            Assert.All(result.Files, f => Assert.True(File.Exists(f), f));
            var again = ResNet18Study.Run(options, dir);
            Assert.All(again.Configs, c => Assert.Null(c.SecondsPerImage)); // every chunk from the checkpoints
            Assert.Equal(one.Cosine, again.Configs[0].Cosine);
            Assert.Equal(4, again.Options.Test);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
