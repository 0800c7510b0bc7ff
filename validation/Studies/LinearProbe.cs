using Xbar.Behavioral.Data;
using Xbar.Behavioral.Training;

namespace Xbar.Validation.Studies;

/// <summary>
/// A linear classifier on fixed features (a "linear probe"): multinomial logistic regression, i.e. one dense
/// layer with a softmax output trained by cross-entropy (<see cref="MlpTrainer"/>, Adam, L2 weight decay), on
/// features standardized with the training set's per-feature mean and standard deviation. Trained once on
/// float features; <see cref="Predict"/> then classifies any features of the same width (float or tiles), so
/// the accuracy on tile features is the transfer accuracy of a classifier that never saw a tile.
/// </summary>
public sealed class LinearProbe
{
    private readonly Mlp _model;
    private readonly double[] _mean, _std;

    private LinearProbe(Mlp model, double[] mean, double[] std)
    {
        _model = model;
        _mean = mean;
        _std = std;
    }

    public int Width => _mean.Length;

    /// <summary>Trains on <paramref name="count"/> feature vectors of <paramref name="width"/> values with their labels.</summary>
    public static LinearProbe Train(double[] features, int count, int width, byte[] labels, int classes, int seed,
        int epochs = 60, double learningRate = 1e-3, double weightDecay = 1e-4)
    {
        var mean = new double[width];
        var std = new double[width];
        for (int s = 0; s < count; s++)
            for (int f = 0; f < width; f++) mean[f] += features[(long)s * width + f] / count;
        for (int s = 0; s < count; s++)
            for (int f = 0; f < width; f++) { double d = features[(long)s * width + f] - mean[f]; std[f] += d * d / count; }
        for (int f = 0; f < width; f++) std[f] = std[f] > 0 ? Math.Sqrt(std[f]) : 1;
        var probe = new LinearProbe(Mlp.CreateRandom([width, classes], Activation.Relu, OutputKind.Softmax, seed), mean, std);
        var data = new LabeledImages(probe.Standardize(features, count), width, labels[..count]);
        MlpTrainer.Train(probe._model, data, new TrainingOptions(epochs, 64, learningRate, OptimizerKind.Adam, weightDecay: weightDecay, seed: seed));
        return probe;
    }

    /// <summary>The class of each of <paramref name="count"/> feature vectors.</summary>
    public int[] Predict(double[] features, int count)
    {
        var z = Standardize(features, count);
        var result = new int[count];
        for (int s = 0; s < count; s++)
        {
            var logits = _model.PreActivations(z.AsSpan(s * Width, Width))[^1];
            result[s] = Array.IndexOf(logits, logits.Max());
        }
        return result;
    }

    /// <summary>Share of <paramref name="predictions"/> equal to <paramref name="labels"/>.</summary>
    public static double Accuracy(int[] predictions, byte[] labels) =>
        predictions.Length == 0 ? 0 : predictions.Where((p, i) => p == labels[i]).Count() / (double)predictions.Length;

    private double[] Standardize(double[] features, int count)
    {
        var z = new double[(long)count * Width];
        for (int s = 0; s < count; s++)
            for (int f = 0; f < Width; f++) z[(long)s * Width + f] = (features[(long)s * Width + f] - _mean[f]) / _std[f];
        return z;
    }
}
