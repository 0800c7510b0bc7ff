using Xbar.Behavioral.Training.HardwareAware;

namespace Xbar.Behavioral.Training.Layers;

/// <summary>
/// What a forward pass needs to know besides its input: training or inference (batch norm uses
/// batch statistics and noise is injected only in training), the step and seed the noise draws
/// come from (so a resumed run draws exactly what an uninterrupted one would), the noise of
/// hardware-aware training, and the product the weight layers compute (ideal GEMM unless an
/// <see cref="IAnalogForward"/> model is plugged in).
/// </summary>
public sealed record LayerContext
{
    /// <summary>Inference: running batch-norm statistics, no noise, ideal product.</summary>
    public static LayerContext Inference { get; } = new();

    /// <summary>Training mode (batch statistics in batch norm, running statistics updated, noise injected).</summary>
    public bool Training { get; init; }

    /// <summary>Optimizer step this forward pass belongs to (seeds the noise of that step).</summary>
    public long Step { get; init; }

    /// <summary>Training seed (seeds the noise together with <see cref="Step"/> and the layer index).</summary>
    public int Seed { get; init; }

    /// <summary>Noise injected while training (none by default).</summary>
    public NoiseInjection Noise { get; init; } = NoiseInjection.None;

    /// <summary>The forward product of the weight layers; null = the ideal product (GEMM).</summary>
    public IAnalogForward? Analog { get; init; }

    /// <summary>The gradient of the weight layers' product when <see cref="Analog"/> is set (training only).</summary>
    public AnalogGradient AnalogGradient { get; init; }

    /// <summary>A context for one training step.</summary>
    public static LayerContext ForTraining(long step, int seed, NoiseInjection? noise = null, IAnalogForward? analog = null,
        AnalogGradient gradient = AnalogGradient.Ideal) =>
        new() { Training = true, Step = step, Seed = seed, Noise = noise ?? NoiseInjection.None, Analog = analog, AnalogGradient = gradient };
}
