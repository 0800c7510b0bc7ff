using Xbar.Behavioral.Data;
using Xbar.Behavioral.Training.Models;

namespace Xbar.Behavioral.Tests.Training;

/// <summary>A small residual CNN and data for fast training tests.</summary>
internal static class TinyCnn
{
    /// <summary>conv 3x3 (8) - BN - ReLU - max pool 2 - residual block to 16 channels at stride 2 - flatten - dense (a dense head on the 7x7 maps learns faster than global pooling).</summary>
    public static IReadOnlyList<LayerSpec> Specs(int classes = 10) =>
    [
        new Conv2dSpec("conv", 1, 8, 3, 1, 1),
        new BatchNormSpec("bn", 8),
        new ReluSpec("relu"),
        new MaxPoolSpec("pool", 2, 2),
        ResNet.BasicBlock("block", 8, 16, 2),
        new FlattenSpec("flat"),
        new DenseSpec("fc", 16 * 7 * 7, classes),
    ];

    private static readonly Lazy<(IdxImages Images, byte[] Labels, IdxImages TestImages, byte[] TestLabels)> Fashion = new(() =>
    {
        string F(string name) => Path.Combine(DatasetLoader.FashionMnistDirectory, name);
        return (IdxFile.ReadImages(F("train-images-idx3-ubyte.gz")), IdxFile.ReadLabels(F("train-labels-idx1-ubyte.gz")),
            IdxFile.ReadImages(F("t10k-images-idx3-ubyte.gz")), IdxFile.ReadLabels(F("t10k-labels-idx1-ubyte.gz")));
    });

    /// <summary>
    /// The first <paramref name="train"/> training and <paramref name="test"/> test images of Fashion-MNIST
    /// (installed by make system); only those are converted to features.
    /// </summary>
    public static DataSplit FashionSubset(int train, int test)
    {
        var f = Fashion.Value;
        static LabeledImages First(IdxImages images, byte[] labels, int n) =>
            LabeledImages.FromIdx(images with { Count = n, Pixels = images.Pixels[..(n * images.PixelsPerImage)] }, labels[..n], "fashion-mnist");
        return new DataSplit(First(f.Images, f.Labels, train), First(f.TestImages, f.TestLabels, test), $"fashion-mnist, first {train} train / {test} test");
    }
}
