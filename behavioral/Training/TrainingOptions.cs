namespace Xbar.Behavioral.Training;

public enum OptimizerKind
{
    /// <summary>Stochastic gradient descent with heavy-ball momentum.</summary>
    Sgd,

    /// <summary>Adam (Kingma and Ba 2015, arXiv:1412.6980) with beta1 = 0.9, beta2 = 0.999, eps = 1e-8.</summary>
    Adam,
}

/// <summary>
/// How an MLP is trained. Everything random (initial weights, mini-batch order) comes from
/// <see cref="Seed"/>, and training is single-threaded, so the same options give bit-identical weights.
/// </summary>
public sealed record TrainingOptions
{
    public TrainingOptions(int epochs = 15, int batchSize = 32, double learningRate = 1e-3,
        OptimizerKind optimizer = OptimizerKind.Adam, double momentum = 0.9, double weightDecay = 0, int seed = 1)
    {
        if (epochs <= 0) throw new ArgumentException($"{nameof(Epochs)} must be positive, got {epochs}");
        if (batchSize <= 0) throw new ArgumentException($"{nameof(BatchSize)} must be positive, got {batchSize}");
        if (!(learningRate > 0) || double.IsInfinity(learningRate))
            throw new ArgumentException($"{nameof(LearningRate)} must be positive and finite, got {learningRate}");
        if (momentum is < 0 or >= 1) throw new ArgumentException($"{nameof(Momentum)} must be in [0, 1), got {momentum}");
        if (!(weightDecay >= 0)) throw new ArgumentException($"{nameof(WeightDecay)} must be >= 0, got {weightDecay}");
        Epochs = epochs;
        BatchSize = batchSize;
        LearningRate = learningRate;
        Optimizer = optimizer;
        Momentum = momentum;
        WeightDecay = weightDecay;
        Seed = seed;
    }

    public int Epochs { get; init; }
    public int BatchSize { get; init; }
    public double LearningRate { get; init; }
    public OptimizerKind Optimizer { get; init; }

    /// <summary>Momentum of SGD (unused by Adam).</summary>
    public double Momentum { get; init; }

    /// <summary>L2 penalty coefficient added to the weight gradients (not the biases).</summary>
    public double WeightDecay { get; init; }

    public int Seed { get; init; }
}
