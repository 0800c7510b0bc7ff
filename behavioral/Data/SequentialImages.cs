namespace Xbar.Behavioral.Data;

/// <summary>
/// Images read as sequences, one pixel row per time step (sequential image classification, as
/// in the S4D paper's sequential tasks: Gu, Gupta, Goel and Re 2022), here Fashion-MNIST row by
/// row: 28 steps of 28 values in [0, 1]. The pixel array is shared with the images, not copied.
/// </summary>
public static class SequentialImages
{
    /// <summary>Where Debian's dataset-fashion-mnist package puts the four IDX .gz files.</summary>
    public const string FashionMnistDirectory = "/usr/share/datasets/fashion-mnist";

    /// <summary>The ten Fashion-MNIST classes (Xiao, Rasul and Vollgraf 2017, "Fashion-MNIST: a Novel Image Dataset for Benchmarking Machine Learning Algorithms", Table 1).</summary>
    public static IReadOnlyList<string> FashionMnistClasses { get; } =
        ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"];

    /// <summary>Images of <paramref name="rows"/> x <paramref name="cols"/> pixels as <paramref name="rows"/> steps of <paramref name="cols"/> values.</summary>
    public static LabeledSequences RowByRow(LabeledImages images, int rows, int cols, IReadOnlyList<string> classNames)
    {
        if (rows * cols != images.FeatureCount)
            throw new InvalidInputException($"images have {images.FeatureCount} pixels, not {rows} x {cols}");
        return new LabeledSequences(images.Features, rows, cols, images.Labels, classNames);
    }

    /// <summary>
    /// The published Fashion-MNIST split (60,000 train / 10,000 test) from <paramref name="directory"/>
    /// (Debian's location when null), row by row.
    /// </summary>
    public static SequenceSplit FashionMnist(string? directory = null)
    {
        var dir = directory ?? FashionMnistDirectory;
        if (!Directory.Exists(dir))
            throw new InvalidInputException($"{dir}: Fashion-MNIST folder not found (install Debian's dataset-fashion-mnist: `make system`)");
        var split = DatasetLoader.Load(dir);
        return new SequenceSplit(
            RowByRow(split.Train, 28, 28, FashionMnistClasses),
            RowByRow(split.Test, 28, 28, FashionMnistClasses),
            split.Description + "; row by row, 28 steps of 28 pixels");
    }
}
