using Xbar.Behavioral.Calibration;
using Xbar.Behavioral.Data;
using Xbar.Behavioral.Training;

namespace Xbar.Validation.TileValidation;

/// <summary>
/// The "trained" weight pattern: blocks of the first layer of an MNIST MLP like the demo's, trained
/// briefly on the shipped subset (784 pixels -> 128 ReLU -> 10, Adam, 1 epoch on the first 4,000
/// training images, seed 1: about 90 % test accuracy, enough to give the layer its learned shape:
/// near-zero weights on the blank border, structured ones in the centre). A tile of n rows takes
/// n consecutive pixels around the image centre and its outputs from the hidden units, both from a
/// seeded offset; larger tiles wrap around.
/// </summary>
public static class TrainedLayer
{
    private static readonly Lazy<Mlp> Network = new(Train);

    /// <summary>The pattern (trains the layer on first use, a few seconds).</summary>
    public static WeightPattern Pattern { get; } = new("trained",
        "a block of the first layer of an MNIST MLP trained on the shipped subset (784-128-10, 1 epoch)", Block);

    private static Mlp Train()
    {
        var split = DatasetLoader.Load();
        var train = split.Train.Slice(0, Math.Min(4000, split.Train.Count));
        var mlp = Mlp.CreateRandom([train.FeatureCount, 128, 10], Activation.Relu, OutputKind.Softmax, seed: 1);
        MlpTrainer.Train(mlp, train, new TrainingOptions(epochs: 1, seed: 1));
        return mlp;
    }

    private static double[,] Block(int outs, int ins, Random rng)
    {
        var layer = Network.Value.Layers[0];
        int pixels = layer.Inputs, hidden = layer.Outputs;
        int pixel0 = Math.Max(0, pixels / 2 - ins / 2) + rng.Next(0, 29); // about the centre rows, shifted by up to one image row
        int unit0 = rng.Next(hidden);
        var w = new double[outs, ins];
        double max = 0;
        for (int o = 0; o < outs; o++)
            for (int i = 0; i < ins; i++)
            {
                w[o, i] = layer.Weights[((unit0 + o) % hidden) * pixels + (pixel0 + i) % pixels];
                max = Math.Max(max, Math.Abs(w[o, i]));
            }
        if (max > 0) for (int o = 0; o < outs; o++) for (int i = 0; i < ins; i++) w[o, i] /= max;
        return w;
    }
}
