using Xbar.Behavioral.Data;

namespace Xbar.Behavioral.Tests.Data;

public sealed class LabeledSequencesTests
{
    private static LabeledSequences Tiny() => new(
        [1, 2, 3, 4, /* sample 0: 2 steps x 2 channels */ 5, 6, 7, 8, /* sample 1 */ 9, 10, 11, 12 /* sample 2 */],
        steps: 2, channels: 2, labels: [2, 0, 2], classNames: ["a", "b", "c"]);

    [Fact]
    public void When_ClassesSelected_Expect_OnlyThoseSamplesRelabeledInTheGivenOrder()
    {
        var s = Tiny().SelectClasses([2, 0]);
        Assert.Equal(new byte[] { 0, 1, 0 }, s.Labels);
        Assert.Equal(new[] { "c", "a" }, s.ClassNames);
        var only = Tiny().SelectClasses([0]);
        Assert.Equal(new double[] { 5, 6, 7, 8 }, only.Features);
        Assert.Throws<InvalidInputException>(() => Tiny().SelectClasses([3]));
    }

    [Fact]
    public void When_StandardizedByItsOwnStatistics_Expect_ZeroMeanUnitSpreadPerChannel()
    {
        var t = Tiny();
        var (mean, std) = t.ChannelStatistics();
        Assert.Equal(6.0, mean[0], 12); // channel 0: 1, 3, 5, 7, 9, 11
        Assert.Equal(Math.Sqrt(35.0 / 3), std[0], 12);
        var z = t.Standardized(mean, std);
        var (m2, s2) = z.ChannelStatistics();
        Assert.All(m2, v => Assert.Equal(0.0, v, 12));
        Assert.All(s2, v => Assert.Equal(1.0, v, 12));
    }

    [Fact]
    public void When_GzippedIdxImagesReadRowByRow_Expect_OneRowPerStep()
    {
        var dir = Path.Combine(Path.GetTempPath(), $"xbar-seq-{Guid.NewGuid():N}");
        Directory.CreateDirectory(dir);
        try
        {
            var rng = new Random(1);
            byte[] Pixels(int n) => Enumerable.Range(0, n * 784).Select(_ => (byte)rng.Next(256)).ToArray();
            var train = new IdxImages(10, 28, 28, Pixels(10));
            var test = new IdxImages(2, 28, 28, Pixels(2));
            IdxFile.WriteImages(Path.Combine(dir, "train-images-idx3-ubyte.gz"), train, gzip: true);
            // Every class once (a whole training file must number its classes 0..9 without gaps).
            IdxFile.WriteLabels(Path.Combine(dir, "train-labels-idx1-ubyte.gz"), [1, 9, 0, 2, 3, 4, 5, 6, 7, 8], gzip: true);
            IdxFile.WriteImages(Path.Combine(dir, "t10k-images-idx3-ubyte.gz"), test, gzip: true);
            IdxFile.WriteLabels(Path.Combine(dir, "t10k-labels-idx1-ubyte.gz"), [4, 4], gzip: true);
            var split = SequentialImages.FashionMnist(dir);
            Assert.Equal(10, split.Train.Count);
            Assert.Equal(28, split.Train.Steps);
            Assert.Equal(28, split.Train.Channels);
            // Step t of sample 1 is pixel row t of image 1.
            for (int t = 0; t < 28; t++)
                for (int c = 0; c < 28; c++)
                    Assert.Equal(train.Pixels[784 + t * 28 + c] / 255.0, split.Train.Sample(1)[t * 28 + c]);
            Assert.Equal("Ankle boot", split.Train.ClassNames[split.Train.Labels[1]]);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void When_DebiansFashionMnistLoaded_Expect_ThePublishedSplitAsTwentyEightStepsOfTwentyEight()
    {
        // Installed by `make system` (dataset-fashion-mnist): Xiao et al. 2017 publish 60,000 train and 10,000 test images.
        var split = SequentialImages.FashionMnist();
        Assert.Equal(60000, split.Train.Count);
        Assert.Equal(10000, split.Test.Count);
        Assert.Equal((28, 28), (split.Test.Steps, split.Test.Channels));
        Assert.Equal(10, split.Test.Labels.Distinct().Count());
    }

    [Fact]
    public void When_FashionMnistFolderMissing_Expect_InvalidInputNamingThePackage()
    {
        var e = Assert.Throws<InvalidInputException>(() => SequentialImages.FashionMnist("/nonexistent/fashion"));
        Assert.Contains("dataset-fashion-mnist", e.Message);
    }
}
