using Xbar.Behavioral.Data.Speech;

namespace Xbar.Validation.Studies.S4d;

/// <summary>
/// Settings of <see cref="S4dStudy"/>. Defaults: the full spoken-digit set, an S4D classifier of 24
/// channels and 20 complex modes (one S4D layer: its block crossbar is 64 x 88 weights, one 128 x 128
/// RRAM array as differential pairs), Adam. Reduced sizes (fewer speakers, samples and epochs) make
/// the Slow test's run.
/// </summary>
public sealed record S4dStudyOptions
{
    public int Seed { get; init; } = 1;

    /// <summary>Programming draws per point of the noise sweep (mean and worst are reported).</summary>
    public int[] NoiseSeeds { get; init; } = [1, 2, 3, 4, 5];

    /// <summary>Weight bits of the QAT models of the noise sweep (2^bits - 1 signed levels).</summary>
    public int[] Bits { get; init; } = [2, 3, 4, 5];

    /// <summary>Programming noise sigma per cell, uS (the paper's range: 0 to 20 uS).</summary>
    public double[] SigmasMicroSiemens { get; init; } = [0, 1, 2, 3, 5, 7.5, 10, 15, 20];

    public int Hidden { get; init; } = 24;
    public int Modes { get; init; } = 20;
    public int Layers { get; init; } = 1;
    public int Epochs { get; init; } = 40;
    public int QatEpochs { get; init; } = 30;
    public int BatchSize { get; init; } = 64;
    public double LearningRate { get; init; } = 0.005;

    /// <summary>Sequential Fashion-MNIST as a second task (float, 2-bit QAT, crossbars).</summary>
    public bool Fashion { get; init; } = true;
    public int FashionEpochs { get; init; } = 10;
    public int FashionQatEpochs { get; init; } = 5;

    /// <summary>At most this many training / test samples per task (null: all); the test samples of the crossbar runs of Fashion-MNIST are capped by <see cref="CrossbarTestLimit"/>.</summary>
    public int? MaxTrain { get; init; }
    public int? MaxTest { get; init; }

    /// <summary>At most this many test samples run on crossbars per point (spoken digits have 320 two-class and 1,600 twenty-class test utterances).</summary>
    public int CrossbarTestLimit { get; init; } = 2000;

    /// <summary>Test sequences whose S4D state is compared with float in experiment 3.</summary>
    public int DriftSequences { get; init; } = 64;

    /// <summary>The synthetic spoken-digit set (its defaults: 98 voices, 4 repetitions) and its cache folder.</summary>
    public SpokenDigitsConfig Digits { get; init; } = new();
    public string? DigitsCache { get; init; }

    /// <summary>
    /// Where trained models are kept (null: OUT/models). Shards of one run share them through a common folder: train
    /// once there (`--train-only`), then every shard reads them (docs/sharding.md).
    /// </summary>
    public string? ModelsDirectory { get; init; }

    /// <summary>Samples of the MTJ tile's IR-drop calibration against the nodal solver.</summary>
    public int CalibrationSamples { get; init; } = 24;

    public S4dStudyOptions Validate()
    {
        if (NoiseSeeds.Length == 0) throw new InvalidInputException("--seeds: give at least one seed");
        if (Bits.Length == 0 || Bits.Any(b => b < 2 || b > 8)) throw new InvalidInputException("--bits: every weight width must be 2..8 bits");
        if (SigmasMicroSiemens.Length == 0 || SigmasMicroSiemens.Any(s => !(s >= 0) || !double.IsFinite(s)))
            throw new InvalidInputException("--sigmas: programming noise must be >= 0 uS");
        if (Hidden < 1 || Modes < 1 || Layers < 1) throw new InvalidInputException("--hidden, --modes and --layers must be positive");
        if (Epochs < 1 || QatEpochs < 1 || FashionEpochs < 1 || FashionQatEpochs < 1) throw new InvalidInputException("epochs must be positive");
        if (BatchSize < 1) throw new InvalidInputException("--batch must be positive");
        if (!(LearningRate > 0 && LearningRate <= 1)) throw new InvalidInputException($"--lr must be in (0, 1], got {LearningRate}");
        if (MaxTrain is < 10 || MaxTest is < 10) throw new InvalidInputException("--max-train and --max-test must be at least 10");
        if (CrossbarTestLimit < 10 || DriftSequences < 1 || CalibrationSamples < 4)
            throw new InvalidInputException("crossbar test samples (>= 10), drift sequences (>= 1) and calibration samples (>= 4) are too few");
        Digits.Validate();
        return this;
    }
}
