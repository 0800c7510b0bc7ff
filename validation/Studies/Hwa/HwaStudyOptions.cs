using System.Globalization;
using Xbar.Behavioral.Data;
using Xbar.Behavioral.Training.HardwareAware;

namespace Xbar.Validation.Studies.Hwa;

/// <summary>
/// Settings of <see cref="HwaStudy"/> (`xbar study hwa`). The defaults are the full study: the
/// ResNet-8 of `xbar train fashion-cnn` on all of Fashion-MNIST, fine-tuned three ways, read on PCM
/// tiles over a year and on MTJ tiles with and without IR drop. A rerun in the same folder reuses every
/// model and read whose settings are unchanged (their folder names and keys carry a hash of them).
/// </summary>
public sealed record HwaStudyOptions
{
    /// <summary>IDX dataset folder (the Debian package's full Fashion-MNIST by default).</summary>
    public string DataDirectory { get; init; } = DatasetLoader.FashionMnistDirectory;

    /// <summary>Filters of the ResNet-8's first stage (16 in He et al. 2016; smaller for quick runs).</summary>
    public int Width { get; init; } = 16;

    /// <summary>Epochs of the plain training from scratch (10: the 92.13 % of `xbar train fashion-cnn`).</summary>
    public int Epochs { get; init; } = 10;

    /// <summary>Epochs of the noise and QAT fine-tunes, which start from the plain model.</summary>
    public int FineTuneEpochs { get; init; } = 3;

    /// <summary>Base learning rate of every fine-tune (cosine schedule), a tenth of the plain training's.</summary>
    public double FineTuneLearningRate { get; init; } = 0.01;

    /// <summary>
    /// Weight noise of the noise fine-tune, relative to each layer's max |W| (our choice: about the PCM
    /// programming noise, 0.26-1.1 uS on the 25 uS range of Joshi et al. 2020, plus read noise).
    /// </summary>
    public double WeightNoise { get; init; } = 0.05;

    /// <summary>Output noise of the noise fine-tune, relative to max |W| max |x| (our choice; stands for ADC and read noise on the sums).</summary>
    public double OutputNoise { get; init; } = 0.02;

    /// <summary>States per cell of the fixed-range QAT fine-tune: 4, the MTJ tiles' cells (7 signed weight levels).</summary>
    public int QatStates { get; init; } = 4;

    /// <summary>Epochs of the IR-drop-aware fine-tunes (forward through the calibrated MTJ tiles).</summary>
    public int IrEpochs { get; init; } = 1;

    /// <summary>
    /// Base learning rate of the IR-drop-aware fine-tunes (null = <see cref="FineTuneLearningRate"/>). A vanishing rate
    /// (1e-9) leaves the weights as they are and only re-measures the batch-norm statistics on the tiles: the control that
    /// shows how much of the recovery is the digital per-channel scale after the ADC rather than the weights.
    /// </summary>
    public double? IrLearningRate { get; init; }

    /// <summary>
    /// Start the IR-drop-aware fine-tunes from the noise fine-tune instead of the plain model (with <see cref="IrLearningRate"/>
    /// 1e-9: the noise model with its batch-norm statistics re-measured on the tiles, to compare with the plain model's).
    /// </summary>
    public bool IrFromNoise { get; init; }

    /// <summary>
    /// The gradient of the tiles' product in the IR-drop-aware fine-tunes: <see cref="AnalogGradient.FittedGain"/> (the
    /// default: each output's gain fitted on the tiles, which also scales the weight change between programmings; the only
    /// one of the two that trains on 256x256 tiles at 1 Ohm, and as good or better on 32x32 and 64x64, docs/training.md) or
    /// <see cref="AnalogGradient.Ideal"/> (straight through, with which the first full-size 32x32 and 64x64 fine-tunes were made).
    /// </summary>
    public AnalogGradient IrGradient { get; init; } = AnalogGradient.FittedGain;

    /// <summary>Training images of the IR-drop-aware fine-tunes (null = all that the study uses).</summary>
    public int? IrTrainLimit { get; init; }

    /// <summary>Training steps between programmings of the tiles in the IR-drop-aware fine-tunes (<see cref="Behavioral.Networks.TileAnalogForward"/>).</summary>
    public int IrRefresh { get; init; } = 20;

    /// <summary>Use only the first N training / test images (null = all 60,000 / 10,000).</summary>
    public int? TrainLimit { get; init; }
    public int? TestLimit { get; init; }

    /// <summary>Seed of the training runs (weights, batches, augmentation, noise).</summary>
    public int TrainSeed { get; init; } = 1;

    /// <summary>Seeds of the tile draws; tiles with random draws (PCM) are read once per seed (mean and worst reported), others once.</summary>
    public int[] Seeds { get; init; } = [1, 2, 3];

    /// <summary>Seconds after programming at which the PCM tiles are read: 1 s, 1 h, 1 day, 1 year.</summary>
    public double[] Times { get; init; } = [1, 3600, 86400, 365 * 86400];

    /// <summary>Rows = columns of the MTJ tiles read with and without IR drop.</summary>
    public int[] MtjSizes { get; init; } = [64, 256];

    /// <summary>Wire resistance per segment of the MTJ tiles (Ohm).</summary>
    public double WireROhm { get; init; } = 1.0;

    /// <summary>Training images the per-layer DAC, weight-clip and ADC ranges are measured on (as `xbar run`).</summary>
    public int RangeImages { get; init; } = 500;

    /// <summary>Images per executor call.</summary>
    public int Batch { get; init; } = 64;

    /// <summary>
    /// Where trained models are kept (null: OUT/models; the tile calibrations then go to its calibrations/ subfolder instead of
    /// OUT/calibrations). Shards of one run share them through a common folder: train once there (`--train-only`), then every
    /// shard reads them (docs/sharding.md).
    /// </summary>
    public string? ModelsDirectory { get; init; }

    /// <summary>Where models, finished points and the report go.</summary>
    public string OutDirectory { get; init; } = Path.Combine("out", "study", "hwa");

    /// <summary>Throws <see cref="InvalidInputException"/> naming the first bad option.</summary>
    public HwaStudyOptions Validate()
    {
        static string F(double v) => v.ToString("R", CultureInfo.InvariantCulture);
        if (Width is < 1 or > 256) throw new InvalidInputException($"--width must be 1..256 filters, got {Width}");
        if (Epochs is < 1 or > 1000) throw new InvalidInputException($"--epochs must be 1..1000, got {Epochs}");
        if (FineTuneEpochs is < 1 or > 1000) throw new InvalidInputException($"--finetune-epochs must be 1..1000, got {FineTuneEpochs}");
        if (IrEpochs is < 1 or > 1000) throw new InvalidInputException($"--ir-epochs must be 1..1000, got {IrEpochs}");
        if (!double.IsFinite(FineTuneLearningRate) || FineTuneLearningRate <= 0 || FineTuneLearningRate > 10)
            throw new InvalidInputException($"--finetune-lr: the learning rate must be in (0, 10], got {F(FineTuneLearningRate)}");
        if (IrLearningRate is { } irLr && (!double.IsFinite(irLr) || irLr <= 0 || irLr > 10))
            throw new InvalidInputException($"--ir-lr: the learning rate must be in (0, 10], got {F(irLr)}");
        _ = new NoiseInjection(WeightNoise, OutputNoise);
        if (WeightNoise == 0 && OutputNoise == 0) throw new InvalidInputException("--noise and --output-noise are both 0: the noise fine-tune would be a plain one");
        _ = new FixedRangeQuantizer(QatStates, 1);
        if (IrTrainLimit is < 1 || TrainLimit is < 1 || TestLimit is < 1)
            throw new InvalidInputException("--train-limit, --test-limit and --ir-train-limit must be at least 1");
        if (IrRefresh < 1) throw new InvalidInputException($"--ir-refresh must be at least 1 step, got {IrRefresh}");
        if (Seeds.Length == 0 || Seeds.Distinct().Count() != Seeds.Length) throw new InvalidInputException("--seeds: give distinct seeds");
        if (Times.Length == 0 || Times.Any(t => !(t > 0) || !double.IsFinite(t)) || Times.Distinct().Count() != Times.Length)
            throw new InvalidInputException("--times: give distinct positive times in seconds");
        if (MtjSizes.Any(n => n is < 2 or > 1024) || MtjSizes.Distinct().Count() != MtjSizes.Length)
            throw new InvalidInputException("--mtj-sizes: give distinct tile sizes of 2..1024 cells");
        if (!double.IsFinite(WireROhm) || WireROhm <= 0) throw new InvalidInputException($"--wire-r must be a positive resistance, got {F(WireROhm)}");
        if (RangeImages < 1 || Batch < 1) throw new InvalidInputException("--range-images and --batch must be at least 1");
        if (ModelsDirectory is not null && string.IsNullOrWhiteSpace(ModelsDirectory)) throw new InvalidInputException("--models: empty folder name");
        if (string.IsNullOrWhiteSpace(OutDirectory)) throw new InvalidInputException("--out: empty folder name");
        return this;
    }
}
