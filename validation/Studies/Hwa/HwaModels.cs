using System.Globalization;
using System.Text.Json;
using Xbar.Behavioral.Networks;
using Xbar.Behavioral.Training;
using Xbar.Behavioral.Training.HardwareAware;
using Xbar.Behavioral.Training.Optimization;

namespace Xbar.Validation.Studies.Hwa;

/// <summary>How a model of the study was trained.</summary>
public enum HwaModelKind
{
    /// <summary>Plain training from scratch (the software baseline).</summary>
    Plain,
    /// <summary>The plain model fine-tuned with Gaussian weight and output noise (Luquin et al. 2025's hardware-aware fine-tuning).</summary>
    Noise,
    /// <summary>The plain model fine-tuned with fixed-range QAT on the MTJ cells' levels (Siegel et al. 2024).</summary>
    Qat,
    /// <summary>The plain model fine-tuned with its forward pass through calibrated MTJ tiles with IR drop.</summary>
    IrDrop,
}

/// <summary>One model of the study: a key (file names, CSV), a label, how it is trained and, for IR-drop fine-tunes, the MTJ tile size.</summary>
public sealed record HwaModel(string Key, string Label, HwaModelKind Kind, int TileSize = 0);

/// <summary>
/// The study's models, each trained by <see cref="CnnTrainingJob"/> (resumable: a killed run continues
/// from its checkpoint) into its own folder under models/, named by a hash of everything that makes it,
/// and read back when its model.json is there. Fine-tunes start from the plain model.
/// </summary>
public static class HwaModels
{
    public static IReadOnlyList<HwaModel> All(HwaStudyOptions o) =>
    [
        new("plain", "plain", HwaModelKind.Plain),
        new("noise", "noise fine-tune", HwaModelKind.Noise),
        new("qat", $"QAT fine-tune ({o.QatStates} states)", HwaModelKind.Qat),
        .. o.MtjSizes.Select(n => new HwaModel($"irdrop{n}", $"IR-drop fine-tune{(o.IrFromNoise ? " of the noise model" : "")} ({n}x{n})", HwaModelKind.IrDrop, n)),
    ];

    /// <summary>
    /// The training job of <paramref name="model"/>: the ResNet-8 recipe of `xbar train fashion-cnn` for the plain
    /// model; for fine-tunes, <paramref name="plainModel"/> as the start (for IR-drop fine-tunes with --ir-from-noise the noise
    /// model instead), the fine-tune epochs and learning rate,
    /// and the noise, the QAT levels or the tiles in the forward pass, named by <paramref name="irTiles"/> (part of the
    /// folder's hash; the caller sets <see cref="CnnJobOptions.Analog"/> before training).
    /// </summary>
    public static CnnJobOptions Job(HwaStudyOptions o, HwaModel model, string modelsDir, string? plainModel = null, string? irTiles = null)
    {
        var training = new NetworkTrainingOptions { Epochs = o.Epochs, Seed = o.TrainSeed };
        var job = new CnnJobOptions { DataDirectory = o.DataDirectory, Width = o.Width, TrainLimit = o.TrainLimit, TestLimit = o.TestLimit, Training = training };
        if (model.Kind != HwaModelKind.Plain)
        {
            job = job with
            {
                InitModel = plainModel ?? throw new ArgumentNullException(nameof(plainModel), "a fine-tune needs the plain model"),
                Training = training with { Epochs = o.FineTuneEpochs, LearningRate = o.FineTuneLearningRate },
            };
        }
        job = model.Kind switch
        {
            HwaModelKind.Noise => job with { Training = job.Training with { Noise = new NoiseInjection(o.WeightNoise, o.OutputNoise) } },
            HwaModelKind.Qat => job with { QatStates = o.QatStates },
            HwaModelKind.IrDrop => job with
            {
                Training = job.Training with { Epochs = o.IrEpochs, LearningRate = o.IrLearningRate ?? job.Training.LearningRate, AnalogGradient = o.IrGradient },
                TrainLimit = o.IrTrainLimit is { } ir ? Math.Min(ir, o.TrainLimit ?? ir) : o.TrainLimit,
                AnalogDescription = irTiles,
            },
            _ => job,
        };
        job.Training.Validate();
        return job with { OutDirectory = Path.Combine(modelsDir, $"{model.Key}-{Hash(job, model)}") };
    }

    /// <summary>Eight hex digits of everything that makes the model (so a change of options trains a new one beside the old).</summary>
    private static string Hash(CnnJobOptions job, HwaModel model) => Hash8(new
    {
        model = model.Key,
        data = Path.GetFullPath(job.DataDirectory),
        job.Depth,
        job.Width,
        job.StemPool,
        job.TrainLimit,
        job.TestLimit,
        init = job.InitModel is { } init ? Path.GetFileName(Path.GetDirectoryName(Path.GetFullPath(init))) : null,
        training = job.Training with { Noise = NoiseInjection.None },
        weight_noise = job.Training.Noise.WeightSigma,
        output_noise = job.Training.Noise.OutputSigma,
        job.QatStates,
        analog = job.AnalogDescription,
    });

    /// <summary>Eight hex digits of the JSON of <paramref name="settings"/>: the part of a folder name or key that changes with them.</summary>
    public static string Hash8(object settings) => TrainingCheckpoint.Hash(JsonSerializer.Serialize(settings))[..8];

    /// <summary>The model file of a job, trained first unless it is already there.</summary>
    public static string TrainOrLoad(CnnJobOptions job, Action<string>? log)
    {
        var path = Path.Combine(job.OutDirectory, CnnTrainingJob.ModelFileName);
        if (File.Exists(path)) return path;
        log?.Invoke($"training {job.OutDirectory}");
        var result = CnnTrainingJob.Run(job, new SyncProgress(s =>
        {
            if (s.Step % (s.TotalSteps / s.Epochs) != 0) return; // epoch ends only
            log?.Invoke(string.Create(CultureInfo.InvariantCulture, $"  epoch {s.Epoch}/{s.Epochs}: loss {s.Loss:F3}, train accuracy {100 * s.Accuracy:F1} %"));
        }));
        log?.Invoke(string.Create(CultureInfo.InvariantCulture, $"  test accuracy {100 * result.TestAccuracy:F2} % ({result.Description})"));
        return result.Model;
    }

    private sealed class SyncProgress(Action<TrainingStatus> report) : IProgress<TrainingStatus>
    {
        public void Report(TrainingStatus value) => report(value);
    }

    /// <summary>The description given to the tiles of an IR-drop-aware fine-tune (part of its hash and model description).</summary>
    public static string IrDescription(HwaTilePoint point, int refresh, int rangeImages, AnalogGradient gradient = AnalogGradient.Ideal)
    {
        string calibrated = point.Config.IrDrop.Model == Behavioral.Config.IrDropModel.Calibrated ? " (calibrated)" : "";
        string gains = gradient == AnalogGradient.FittedGain ? "; weight change between programmings through the fitted per-output gains" : "";
        return string.Create(CultureInfo.InvariantCulture,
            $"{point.Config.Name}{calibrated} tiles (hash {point.Config.PhysicsHash}, layer ranges on {rangeImages} training images), reprogrammed every {refresh} steps ({nameof(TileAnalogForward)}{gains})");
    }
}
