using System.Globalization;
using System.Text;
using Xbar.Behavioral.Data;
using Xbar.Behavioral.Networks.Graph;
using Xbar.Behavioral.Training.HardwareAware;
using Xbar.Behavioral.Training.Layers;
using Xbar.Behavioral.Training.Models;
using Xbar.Behavioral.Training.Optimization;

namespace Xbar.Behavioral.Training;

/// <summary>What <see cref="CnnTrainingJob"/> trains and where it writes.</summary>
public sealed record CnnJobOptions
{
    /// <summary>IDX dataset folder (default: the full Fashion-MNIST of the Debian package).</summary>
    public string DataDirectory { get; init; } = DatasetLoader.FashionMnistDirectory;

    /// <summary>ResNet depth 6n + 2 (<see cref="ResNet"/>).</summary>
    public int Depth { get; init; } = 8;

    /// <summary>Filters of the first stage (16 in He et al. 2016).</summary>
    public int Width { get; init; } = 16;

    /// <summary>A 2x2 max pool after the stem (<see cref="ResNet.Specs"/>); false = He et al.'s full-resolution CIFAR layout.</summary>
    public bool StemPool { get; init; } = true;

    public NetworkTrainingOptions Training { get; init; } = new();

    /// <summary>QAT: device states per cell (0 = float weights).</summary>
    public int QatStates { get; init; }

    /// <summary>QAT range (weight units) for every weight layer; null = each layer's max |W| when training starts, then fixed.</summary>
    public double? QatRange { get; init; }

    /// <summary>Start from this model (<see cref="NetworkFile"/>) instead of random weights: fine-tuning.</summary>
    public string? InitModel { get; init; }

    /// <summary>Output folder: model.json, history.csv, checkpoint.bin.</summary>
    public string OutDirectory { get; init; } = Path.Combine("out", "fashion-cnn");

    /// <summary>Use only the first N training / test images (null = all).</summary>
    public int? TrainLimit { get; init; }
    public int? TestLimit { get; init; }

    public int CheckpointEvery { get; init; } = 100;

    /// <summary>Stop after this many optimizer steps, as if killed (the checkpoint is written first).</summary>
    public long? StopAfter { get; init; }

    /// <summary>
    /// Hardware in the loop: the forward product of every weight layer in training (for example
    /// <see cref="Networks.TileAnalogForward"/>, IR-drop-aware fine-tuning); null = the ideal product.
    /// <see cref="AnalogDescription"/> names it in the model's description and the checkpoint's fingerprint.
    /// </summary>
    public IAnalogForward? Analog { get; init; }

    public string? AnalogDescription { get; init; }

    /// <summary>Also write the trained model as ONNX (float32, <see cref="Networks.Onnx.OnnxExporter"/>) to this file; null = no ONNX.</summary>
    public string? OnnxPath { get; init; }
}

/// <summary>The outcome of a run: per-epoch records, final test accuracy, files written.</summary>
public sealed record CnnJobResult(TrainingResult Training, double? TestAccuracy, string Model, string Description, IReadOnlyList<string> Files);

/// <summary>
/// `xbar train fashion-cnn` without the command line: loads and checks everything first (dataset,
/// options, starting model), so bad input stops before any file is written; then trains with a
/// checkpoint in the output folder (a second run with the same options resumes it) and writes the
/// model (<see cref="NetworkFile"/>) and a per-epoch history CSV, each atomically.
/// </summary>
public static class CnnTrainingJob
{
    public const string ModelFileName = "model.json", HistoryFileName = "history.csv", CheckpointFileName = "checkpoint.bin";

    public static CnnJobResult Run(CnnJobOptions o, IProgress<TrainingStatus>? progress = null)
    {
        o.Training.Validate();
        if (o.QatStates != 0) _ = new FixedRangeQuantizer(o.QatStates, o.QatRange ?? 1);
        else if (o.QatRange is not null) throw new InvalidInputException("--qat-range needs --qat-levels (the device states per cell)");
        if (o.TrainLimit is < 1 || o.TestLimit is < 1) throw new InvalidInputException("--train-limit and --test-limit must be at least 1");
        CheckOnnxPath(o.OnnxPath);
        var split = Load(o.DataDirectory, o.TrainLimit, o.TestLimit);
        Network<float> network;
        string? startedFrom = null;
        if (o.InitModel is { } init)
        {
            network = NetworkFile.Load<float>(init);
            startedFrom = TrainingCheckpoint.Hash(File.ReadAllText(init));
        }
        else
        {
            var size = split.Train.ImageSize ?? throw new InvalidInputException($"{o.DataDirectory}: the images have no rows x columns (not an IDX image set)");
            network = new Network<float>(new SampleShape(1, size.Rows, size.Cols),
                ResNet.Specs(o.Depth, 1, Math.Max(split.Train.ClassCount, split.Test.ClassCount), o.Width, o.StemPool));
            network.Initialize(o.Training.Seed);
        }
        string modelName = o.InitModel ?? $"ResNet-{o.Depth}";
        NetworkFile.CheckFits(network, split.Train, modelName, "the training set");
        NetworkFile.CheckFits(network, split.Test, modelName, "the test set");
        if (o.QatStates != 0)
            foreach (var layer in network.WeightLayers)
                layer.Quantizer = new FixedRangeQuantizer(o.QatStates, o.QatRange ?? StartRange(layer));

        if (o.Analog is not null) startedFrom = $"{startedFrom}; forward through {o.AnalogDescription ?? o.Analog.GetType().Name}";
        var training = o.Training with { StartedFrom = startedFrom };
        Directory.CreateDirectory(o.OutDirectory);
        var result = NetworkTrainer<float>.Train(network, split.Train, training,
            new CheckpointOptions(Path.Combine(o.OutDirectory, CheckpointFileName), o.CheckpointEvery, o.StopAfter), progress, split.Test, o.Analog);
        var files = new List<string> { Path.Combine(o.OutDirectory, CheckpointFileName) };
        string description = Describe(o, network, split, training);
        if (!result.Completed) return new CnnJobResult(result, null, "", description, files);

        double test = NetworkTrainer<float>.Evaluate(network, split.Test).Accuracy;
        var model = Path.Combine(o.OutDirectory, ModelFileName);
        NetworkFile.Save(model, network, description, new Dictionary<string, object>
        {
            ["test_accuracy"] = test,
            ["epochs"] = training.Epochs,
            ["weight_noise"] = training.Noise.WeightSigma,
            ["output_noise"] = training.Noise.OutputSigma,
            ["qat_states"] = o.QatStates,
            ["seed"] = training.Seed,
            ["data"] = split.Description,
        });
        var history = Path.Combine(o.OutDirectory, HistoryFileName);
        AtomicFile.WriteText(history, HistoryCsv(result.History));
        files.Add(model);
        files.Add(history);
        if (o.OnnxPath is { } onnx) files.Add(WriteOnnx(network, onnx));
        return new CnnJobResult(result, test, model, description, files);
    }

    /// <summary>
    /// Writes <paramref name="network"/> as ONNX (float32, opset 13; <see cref="TrainedNetworkGraph"/>: batch norm
    /// as BatchNormalization nodes, QAT levels in the metadata), atomically; returns the path.
    /// </summary>
    public static string WriteOnnx(Network<float> network, string path)
    {
        var model = Networks.Onnx.OnnxExporter.Export(TrainedNetworkGraph.From(network), Networks.Onnx.OnnxPrecision.Float32);
        AtomicFile.Write(path, s => Google.Protobuf.MessageExtensions.WriteTo(model, s));
        return path;
    }

    /// <summary>Refuses an ONNX path that is a folder or whose folder is a file, before anything is trained or written.</summary>
    public static void CheckOnnxPath(string? path)
    {
        if (path is null) return;
        if (string.IsNullOrWhiteSpace(path)) throw new InvalidInputException("--onnx: empty file name");
        if (Directory.Exists(path)) throw new InvalidInputException($"--onnx {path}: is a folder; give the .onnx file to write");
        var dir = Path.GetDirectoryName(Path.GetFullPath(path));
        if (dir is not null && File.Exists(dir)) throw new InvalidInputException($"--onnx {path}: {dir} is a file, not a folder");
    }

    /// <summary>Loads a saved model and its test set and returns the model with its test accuracy (nothing is written).</summary>
    public static (Network<float> Network, double Accuracy, string Data) Evaluate(string modelPath, string dataDirectory, int? testLimit)
    {
        if (testLimit is < 1) throw new InvalidInputException("--test-limit must be at least 1");
        var network = NetworkFile.Load<float>(modelPath);
        var split = Load(dataDirectory, null, testLimit);
        NetworkFile.CheckFits(network, split.Test, modelPath, "the test set");
        return (network, NetworkTrainer<float>.Evaluate(network, split.Test).Accuracy, split.Description);
    }

    /// <summary>QAT range when none is given: the layer's largest |weight| at the start, kept for the whole run.</summary>
    private static double StartRange(WeightLayer<float> layer)
    {
        double max = Numeric.MaxAbs<float>(layer.Weight.Value);
        return max > 0 ? max : 1;
    }

    private static DataSplit Load(string directory, int? trainLimit, int? testLimit)
    {
        var split = DatasetLoader.Load(directory);
        return trainLimit is null && testLimit is null ? split : split.Take(trainLimit ?? split.Train.Count, testLimit ?? split.Test.Count);
    }

    private static string Describe(CnnJobOptions o, Network<float> network, DataSplit split, NetworkTrainingOptions t)
    {
        var inv = CultureInfo.InvariantCulture;
        var hw = new List<string>();
        if (t.Noise.WeightSigma > 0) hw.Add($"weight noise {t.Noise.WeightSigma.ToString(inv)}");
        if (t.Noise.OutputSigma > 0) hw.Add($"output noise {t.Noise.OutputSigma.ToString(inv)}");
        if (o.QatStates > 0) hw.Add($"QAT {o.QatStates} states/cell, range {(o.QatRange is { } r ? r.ToString(inv) : "max |W| at start")}");
        if (o.Analog is not null) hw.Add($"forward through {o.AnalogDescription ?? o.Analog.GetType().Name} ({(t.AnalogGradient == AnalogGradient.FittedGain ? "gradient of the product through the fitted per-output gains" : "gradient of the ideal product")})");
        return $"{(o.InitModel is null ? $"ResNet-{o.Depth} (width {o.Width}{(o.StemPool ? ", 2x2 max pool after the stem" : "")})" : $"fine-tuned from {o.InitModel}")}: {network.Describe()}; " +
               $"{t.Optimizer} lr {t.LearningRate.ToString(inv)} {t.Schedule}, momentum {t.Momentum.ToString(inv)}, weight decay {t.WeightDecay.ToString(inv)}, " +
               $"batch {t.BatchSize}, {t.Epochs} epochs, augment {(t.Augment ? "shift+flip" : "off")}, seed {t.Seed}" +
               (hw.Count > 0 ? $"; hardware-aware: {string.Join(", ", hw)}" : "") + $"; data: {split.Description}";
    }

    private static string HistoryCsv(IReadOnlyList<EpochRecord> history)
    {
        var inv = CultureInfo.InvariantCulture;
        var sb = new StringBuilder("epoch,loss,train_accuracy,test_accuracy,seconds\n");
        foreach (var e in history)
            sb.Append(inv, $"{e.Epoch},{e.Loss:R},{e.TrainAccuracy:R},{(e.TestAccuracy is { } a ? a.ToString("R", inv) : "")},{e.Seconds:F1}\n");
        return sb.ToString();
    }
}
