using Xbar.Behavioral.Data;

namespace Xbar.Behavioral.Training;

/// <summary>
/// A trained image classifier: optional PCA preprocessing (digital, in software) followed by an
/// MLP whose layers are the ones put on crossbar tiles.
/// </summary>
public sealed record Classifier(Pca? Pca, Mlp Network, string Description)
{
    /// <summary>The network's input features for <paramref name="data"/> (PCA projections, or the pixels).</summary>
    public LabeledImages Preprocess(LabeledImages data) => Pca is null ? data : Pca.Transform(data);

    /// <summary>Software float accuracy on <paramref name="data"/>.</summary>
    public double Accuracy(LabeledImages data) => MlpTrainer.Accuracy(Network, Preprocess(data));

    /// <summary>
    /// Trains an MLP (PCA -> hidden ReLU layers -> softmax) on <paramref name="split"/>'s training set.
    /// <paramref name="pcaComponents"/> = 0 means no PCA.
    /// </summary>
    public static Classifier Train(DataSplit split, int pcaComponents, int[] hidden, TrainingOptions options, IProgress<double>? progress = null) =>
        Train(split, pcaComponents > 0 ? Pca.Fit(split.Train, pcaComponents) : null, hidden, options, progress);

    /// <summary>Trains on <paramref name="split"/> with a PCA already fitted on its training set (or none).</summary>
    public static Classifier Train(DataSplit split, Pca? pca, int[] hidden, TrainingOptions options, IProgress<double>? progress = null)
    {
        int pcaComponents = pca?.ComponentCount ?? 0;
        var train = pca is null ? split.Train : pca.Transform(split.Train);
        int classes = Math.Max(split.Train.ClassCount, split.Test.ClassCount);
        int[] sizes = [train.FeatureCount, .. hidden, classes];
        var network = Mlp.CreateRandom(sizes, Activation.Relu, OutputKind.Softmax, options.Seed);
        MlpTrainer.Train(network, train, options, progress);
        var description = $"MLP {string.Join("-", sizes)}{(pca is null ? "" : $" after PCA({pcaComponents})")}, " +
                          $"{options.Optimizer} lr {options.LearningRate.ToString(System.Globalization.CultureInfo.InvariantCulture)}, " +
                          $"{options.Epochs} epochs, batch {options.BatchSize}, seed {options.Seed}; trained on {split.Description}";
        return new Classifier(pca, network, description);
    }

    /// <summary>
    /// Loads the model cached at <paramref name="path"/> when it exists, else trains it with
    /// <see cref="Train(DataSplit, int, int[], TrainingOptions, IProgress{double}?)"/> and saves it there.
    /// </summary>
    public static (Classifier Model, bool Loaded) TrainOrLoad(string path, DataSplit split, int pcaComponents, int[] hidden,
        TrainingOptions options, IProgress<double>? progress = null)
    {
        if (File.Exists(path)) return (ClassifierFile.Load(path), true);
        var model = Train(split, pcaComponents, hidden, options, progress);
        ClassifierFile.Save(path, model);
        return (model, false);
    }
}
