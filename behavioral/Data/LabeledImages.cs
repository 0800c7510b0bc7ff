namespace Xbar.Behavioral.Data;

/// <summary>
/// A set of images as feature vectors (pixels scaled from 0-255 to 0-1, row-major, one image
/// after another in <see cref="Features"/>) with their class labels.
/// </summary>
public sealed class LabeledImages
{
    public LabeledImages(double[] features, int featureCount, byte[] labels)
    {
        if (featureCount <= 0) throw new ArgumentException("featureCount must be positive", nameof(featureCount));
        if (features.Length != featureCount * labels.Length)
            throw new ArgumentException($"features holds {features.Length} values, expected {featureCount} x {labels.Length}", nameof(features));
        Features = features;
        FeatureCount = featureCount;
        Labels = labels;
    }

    /// <summary>Count x FeatureCount values, row-major.</summary>
    public double[] Features { get; }

    public int FeatureCount { get; }

    public byte[] Labels { get; }

    public int Count => Labels.Length;

    /// <summary>Rows and columns of each image when the features are pixels of one channel (from the IDX header); null otherwise.</summary>
    public (int Rows, int Cols)? ImageSize { get; init; }

    /// <summary>Number of classes: one more than the largest label.</summary>
    public int ClassCount => Labels.Length == 0 ? 0 : Labels.Max() + 1;

    /// <summary>The features of sample <paramref name="index"/>.</summary>
    public ReadOnlySpan<double> Sample(int index) => Features.AsSpan(index * FeatureCount, FeatureCount);

    /// <summary>Images as feature vectors scaled to [0, 1] (pixel / 255).</summary>
    public static LabeledImages FromIdx(IdxImages images, byte[] labels, string source)
    {
        if (images.Count != labels.Length)
            throw new InvalidInputException(
                $"{source}: {images.Count} images but {labels.Length} labels; the counts must match");
        var features = new double[images.Pixels.Length];
        for (int i = 0; i < features.Length; i++) features[i] = images.Pixels[i] / 255.0;
        return new LabeledImages(features, images.PixelsPerImage, labels) { ImageSize = (images.Rows, images.Cols) };
    }

    /// <summary>
    /// Class labels must be 0..K-1 with every class in between present: the network gets one
    /// output per class up to the largest label, so one stray label (200 among the digits 0..9)
    /// would silently add 191 empty classes. The first label beyond a gap is refused with its index.
    /// </summary>
    public static void EnsureContiguousClasses(byte[] labels, string source)
    {
        var present = new bool[256];
        foreach (var l in labels) present[l] = true;
        int firstMissing = Array.IndexOf(present, false);
        if (firstMissing < 0) return;
        int stray = Array.FindIndex(labels, l => l > firstMissing);
        if (stray >= 0)
            throw new InvalidInputException(
                $"{source}: label {labels[stray]} at sample {stray} is outside the class range 0..{firstMissing - 1} " +
                $"(no sample has label {firstMissing}; classes must be numbered 0..K-1 without gaps)");
    }

    /// <summary>A copy of samples [start, start + count).</summary>
    public LabeledImages Slice(int start, int count)
    {
        if (start < 0 || count < 0 || start + count > Count)
            throw new ArgumentOutOfRangeException(nameof(count), $"slice [{start}, {start + count}) outside 0..{Count}");
        return new LabeledImages(
            Features.AsSpan(start * FeatureCount, count * FeatureCount).ToArray(),
            FeatureCount,
            Labels.AsSpan(start, count).ToArray()) { ImageSize = ImageSize };
    }

    /// <summary>The same labels with other features (for example PCA projections).</summary>
    public LabeledImages WithFeatures(double[] features, int featureCount) => new(features, featureCount, Labels);
}
