using System.Globalization;
using Xbar.Behavioral.Training.HardwareAware;

namespace Xbar.Behavioral.Training.Optimization;

/// <summary>
/// How a <see cref="Models.Network{T}"/> is trained by <see cref="NetworkTrainer{T}"/>. Defaults are
/// the CIFAR ResNet recipe of He et al. 2016 (Sec. 4.2: SGD, momentum 0.9, weight decay 1e-4 there,
/// batch 128, base rate 0.1) with a cosine schedule instead of their steps; 5e-4 weight decay is
/// our choice for the short runs here. Everything random derives from <see cref="Seed"/>.
/// </summary>
public sealed record NetworkTrainingOptions
{
    public int Epochs { get; init; } = 10;
    public int BatchSize { get; init; } = 128;
    public double LearningRate { get; init; } = 0.1;
    public OptimizerKind Optimizer { get; init; } = OptimizerKind.Sgd;
    public double Momentum { get; init; } = 0.9;
    public double WeightDecay { get; init; } = 5e-4;
    public ScheduleKind Schedule { get; init; } = ScheduleKind.Cosine;

    /// <summary>Linear warm-up, in epochs (fractions allowed).</summary>
    public double WarmupEpochs { get; init; }

    public int Seed { get; init; } = 1;

    /// <summary>Random shifts and flips of the training images (<see cref="ImageBatcher"/>).</summary>
    public bool Augment { get; init; } = true;

    /// <summary>Weight and output noise injected in training (hardware-aware training).</summary>
    public NoiseInjection Noise { get; init; } = NoiseInjection.None;

    /// <summary>
    /// The gradient of the weight layers' product when training runs its forward pass through hardware (an
    /// <see cref="IAnalogForward"/>); ignored otherwise. Left out of the JSON (and so of checkpoint fingerprints
    /// and model folder hashes) at its default, so runs made before it existed keep their names.
    /// </summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingDefault)]
    public AnalogGradient AnalogGradient { get; init; }

    /// <summary>What the weights started from, when not from <see cref="Seed"/> (e.g. the hash of a model file): part of the checkpoint fingerprint.</summary>
    public string? StartedFrom { get; init; }

    /// <summary>Checks every field; throws <see cref="InvalidInputException"/> naming the option.</summary>
    public NetworkTrainingOptions Validate()
    {
        if (Epochs is < 1 or > 10_000) throw new InvalidInputException($"--epochs must be 1..10000, got {Epochs}");
        if (BatchSize is < 1 or > 65_536) throw new InvalidInputException($"--batch must be 1..65536, got {BatchSize}");
        if (!double.IsFinite(LearningRate) || LearningRate <= 0 || LearningRate > 10)
            throw new InvalidInputException($"--lr: the learning rate must be in (0, 10], got {F(LearningRate)}");
        if (!(Momentum is >= 0 and < 1)) throw new InvalidInputException($"--momentum must be in [0, 1), got {F(Momentum)}");
        if (!double.IsFinite(WeightDecay) || WeightDecay < 0 || WeightDecay > 1)
            throw new InvalidInputException($"--weight-decay must be in [0, 1], got {F(WeightDecay)}");
        if (!double.IsFinite(WarmupEpochs) || WarmupEpochs < 0 || WarmupEpochs >= Epochs)
            throw new InvalidInputException($"--warmup must be in [0, epochs), got {F(WarmupEpochs)}");
        ArgumentNullException.ThrowIfNull(Noise);
        if (!Enum.IsDefined(AnalogGradient)) throw new InvalidInputException($"analog gradient: unknown kind {(int)AnalogGradient}");
        return this;
    }

    private static string F(double v) => v.ToString("R", CultureInfo.InvariantCulture);
}
