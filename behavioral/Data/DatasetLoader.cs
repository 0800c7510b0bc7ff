namespace Xbar.Behavioral.Data;

/// <summary>
/// Finds and loads an IDX dataset in a folder. Two layouts are understood:
/// <list type="bullet">
/// <item>a train/test pair (the full MNIST or Fashion-MNIST: <c>train-images-idx3-ubyte(.gz)</c>,
/// <c>train-labels-idx1-ubyte(.gz)</c>, <c>t10k-images-idx3-ubyte(.gz)</c>, <c>t10k-labels-idx1-ubyte(.gz)</c>):
/// used as published;</item>
/// <item>a single set (one <c>*images-idx3-ubyte*</c> and one <c>*labels-idx1-ubyte*</c>, like the
/// shipped mnist10k): split in order, the first 80 % for training and the last 20 % for testing
/// (8,000 / 2,000 for mnist10k).</item>
/// </list>
/// </summary>
public static class DatasetLoader
{
    /// <summary>Fraction of a single set used for training (the rest, at the end, is the test set).</summary>
    public const double SingleSetTrainFraction = 0.8;

    /// <summary>Where Debian's dataset-fashion-mnist package puts the full Fashion-MNIST (Xiao, Rasul and Vollgraf 2017, arXiv:1708.07747; 60,000 train / 10,000 test).</summary>
    public const string FashionMnistDirectory = "/usr/share/datasets/fashion-mnist";

    /// <summary>The folder of the shipped 10,000 MNIST digits, next to the running assembly.</summary>
    public static string DefaultDirectory => Path.Combine(AppContext.BaseDirectory, "data", "mnist10k");

    /// <summary>Loads the dataset in <paramref name="directory"/> (the shipped mnist10k when null).</summary>
    public static DataSplit Load(string? directory = null)
    {
        var dir = directory ?? DefaultDirectory;
        if (!Directory.Exists(dir))
            throw new InvalidInputException($"{dir}: dataset folder not found");
        var files = Directory.GetFiles(dir).Select(Path.GetFileName).OfType<string>().ToArray();

        string? Find(string prefix, string kind) => files
            .Where(f => f.StartsWith(prefix, StringComparison.OrdinalIgnoreCase) && f.Contains(kind, StringComparison.OrdinalIgnoreCase))
            .Where(f => f.EndsWith("ubyte", StringComparison.OrdinalIgnoreCase) || f.EndsWith("ubyte.gz", StringComparison.OrdinalIgnoreCase))
            .OrderBy(f => f.Length).ThenBy(f => f, StringComparer.Ordinal).FirstOrDefault();

        var trainImages = Find("train", "images-idx3");
        var trainLabels = Find("train", "labels-idx1");
        var testImages = Find("t10k", "images-idx3") ?? Find("test", "images-idx3");
        var testLabels = Find("t10k", "labels-idx1") ?? Find("test", "labels-idx1");
        if (trainImages != null && trainLabels != null && testImages != null && testLabels != null)
        {
            var train = LoadPair(Path.Combine(dir, trainImages), Path.Combine(dir, trainLabels));
            var test = LoadPair(Path.Combine(dir, testImages), Path.Combine(dir, testLabels), checkClasses: false);
            if (train.FeatureCount != test.FeatureCount)
                throw new InvalidInputException($"{dir}: train images have {train.FeatureCount} pixels but test images {test.FeatureCount}");
            int stray = Array.FindIndex(test.Labels, l => l >= train.ClassCount);
            if (stray >= 0)
                throw new InvalidInputException(
                    $"{Path.Combine(dir, testLabels)}: label {test.Labels[stray]} at sample {stray} is outside the class range 0..{train.ClassCount - 1} of the training labels");
            return new DataSplit(train, test,
                $"{Path.GetFileName(Path.TrimEndingDirectorySeparator(dir))}: published split, {train.Count} train / {test.Count} test ({trainImages}, {testImages})");
        }

        var images = Find("", "images-idx3");
        var labels = Find("", "labels-idx1");
        if (images == null || labels == null)
            throw new InvalidInputException(
                $"{dir}: no IDX dataset found (need *images-idx3-ubyte[.gz] and *labels-idx1-ubyte[.gz], or the train-/t10k- pairs)");
        var all = LoadPair(Path.Combine(dir, images), Path.Combine(dir, labels));
        int nTrain = (int)Math.Round(all.Count * SingleSetTrainFraction);
        if (nTrain <= 0 || nTrain >= all.Count)
            throw new InvalidInputException($"{dir}: {all.Count} samples are too few to split into train and test");
        return new DataSplit(all.Slice(0, nTrain), all.Slice(nTrain, all.Count - nTrain),
            $"{Path.GetFileName(Path.TrimEndingDirectorySeparator(dir))}: fixed split, first {nTrain} train / last {all.Count - nTrain} test");
    }

    /// <summary>
    /// Loads one images file and its labels file, checking that the counts match and, with
    /// <paramref name="checkClasses"/>, that the labels number the classes 0..K-1 without gaps: a
    /// training file (or a single set) defines the classes; a test file is checked against them
    /// instead, and a subset (<see cref="LabeledImages.Slice"/>) may miss some.
    /// </summary>
    public static LabeledImages LoadPair(string imagesPath, string labelsPath, bool checkClasses = true)
    {
        var images = IdxFile.ReadImages(imagesPath);
        var labels = IdxFile.ReadLabels(labelsPath);
        string source = $"{labelsPath} (labels of {imagesPath})";
        var set = LabeledImages.FromIdx(images, labels, source);
        if (checkClasses) LabeledImages.EnsureContiguousClasses(labels, source);
        return set;
    }
}
