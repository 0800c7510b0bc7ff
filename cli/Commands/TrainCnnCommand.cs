using System.CommandLine;
using System.Globalization;
using Spectre.Console;
using Xbar.Behavioral.Data;
using Xbar.Behavioral.Training;
using Xbar.Behavioral.Training.HardwareAware;
using Xbar.Behavioral.Training.Optimization;
using Xbar.Circuits.Numerics;

namespace Xbar.Cli.Commands;

/// <summary>
/// `xbar train fashion-cnn`: a CIFAR-style ResNet on Fashion-MNIST with the training engine, plainly
/// or hardware-aware (weight/output noise, fixed-range QAT); checkpointed (run it again to resume),
/// model and history written to --out. `--model FILE` evaluates a saved model instead.
/// </summary>
internal static class TrainCnnCommand
{
    public static Command Create()
    {
        var data = new Option<string>("--data") { Description = "IDX dataset folder with the train-/t10k- files.", DefaultValueFactory = _ => DatasetLoader.FashionMnistDirectory };
        var depth = new Option<int>("--depth") { Description = "ResNet depth 6n+2 (8, 14, 20, ...).", DefaultValueFactory = _ => 8 };
        var width = new Option<int>("--width") { Description = "Filters of the first stage (doubled per stage).", DefaultValueFactory = _ => 16 };
        var fullResolution = new Option<bool>("--full-resolution") { Description = "No 2x2 max pool after the stem (He et al.'s CIFAR layout; 3.6x the multiply-adds)." };
        var epochs = new Option<int>("--epochs") { Description = "Training epochs.", DefaultValueFactory = _ => 10 };
        var batch = new Option<int>("--batch") { Description = "Mini-batch size.", DefaultValueFactory = _ => 128 };
        var lr = new Option<double>("--lr") { Description = "Base learning rate.", DefaultValueFactory = _ => 0.1 };
        var optimizer = new Option<string>("--optimizer") { Description = "sgd (momentum) or adam.", DefaultValueFactory = _ => "sgd" };
        var momentum = new Option<double>("--momentum") { Description = "SGD momentum.", DefaultValueFactory = _ => 0.9 };
        var decay = new Option<double>("--weight-decay") { Description = "L2 weight decay on weights (not biases or batch norm).", DefaultValueFactory = _ => 5e-4 };
        var schedule = new Option<string>("--schedule") { Description = "cosine, step (x0.1 at 50 % and 75 %) or constant.", DefaultValueFactory = _ => "cosine" };
        var warmup = new Option<double>("--warmup") { Description = "Linear learning-rate warm-up, epochs.", DefaultValueFactory = _ => 0 };
        var noise = new Option<double>("--noise") { Description = "Weight noise in training: std relative to each layer's max |W| (0 = off; 0.02-0.05 typical).", DefaultValueFactory = _ => 0 };
        var outputNoise = new Option<double>("--output-noise") { Description = "Output noise in training: std relative to max|W| max|x| (0 = off).", DefaultValueFactory = _ => 0 };
        var qatLevels = new Option<int>("--qat-levels") { Description = "QAT: device states per cell N (weights on 2N-1 signed levels); 0 = float weights.", DefaultValueFactory = _ => 0 };
        var qatRange = new Option<double?>("--qat-range") { Description = "QAT: fixed weight range for every layer (default: each layer's max |W| at the start, then fixed)." };
        var noAugment = new Option<bool>("--no-augment") { Description = "Train without random shifts and flips." };
        var seed = new Option<int>("--seed") { Description = "Seed of weights, batch order, augmentation and noise.", DefaultValueFactory = _ => 1 };
        var threads = new Option<int?>("--threads") { Description = "OpenBLAS threads (bit-identical results need the same count; default: all cores)." };
        var output = new Option<string>("--out") { Description = "Output folder (model.json, history.csv, checkpoint.bin).", DefaultValueFactory = _ => Path.Combine("out", "fashion-cnn") };
        var init = new Option<string?>("--init") { Description = "Start from this model (xbar-cnn/1 JSON): fine-tuning." };
        var model = new Option<string?>("--model") { Description = "Skip training: evaluate this model on the test set." };
        var trainLimit = new Option<int?>("--train-limit") { Description = "Use only the first N training images." };
        var testLimit = new Option<int?>("--test-limit") { Description = "Use only the first N test images." };
        var every = new Option<int>("--checkpoint-every") { Description = "Optimizer steps between checkpoints (also at every epoch end).", DefaultValueFactory = _ => 100 };
        var onnx = new Option<string?>("--onnx") { Description = "Also write the trained (or --model) network as ONNX (float32, opset 13; QAT levels in its metadata, batch norm kept as BatchNormalization)." };
        var stopAfter = new Option<long?>("--stop-after") { Description = "Stop after this many steps as if killed (checkpoint written); run again to resume." };
        var cmd = new Command("fashion-cnn", "Train a residual CNN on Fashion-MNIST (optionally noise-injected or fixed-range QAT); resumable; or evaluate a saved one.");
        foreach (var o in new Option[] { data, depth, width, fullResolution, epochs, batch, lr, optimizer, momentum, decay, schedule, warmup, noise, outputNoise,
                     qatLevels, qatRange, noAugment, seed, threads, output, init, model, trainLimit, testLimit, every, stopAfter, onnx })
            cmd.Options.Add(o);
        cmd.SetAction(p =>
        {
            if (p.GetValue(threads) is { } t)
            {
                if (t < 1 || t > 256) throw new InvalidInputException($"--threads must be 1..256, got {t}");
                Blas.Threads = t;
            }
            if (p.GetValue(model) is { } path)
            {
                CnnTrainingJob.CheckOnnxPath(p.GetValue(onnx));
                var (net, accuracy, dataDescription) = CnnTrainingJob.Evaluate(path, p.GetValue(data)!, p.GetValue(testLimit));
                Console.WriteLine($"{path}: {net.Describe()}");
                Console.WriteLine($"Test accuracy {Percent(accuracy)} on {dataDescription}");
                if (p.GetValue(onnx) is { } file) Console.WriteLine($"Wrote {CnnTrainingJob.WriteOnnx(net, file)}");
                return ExitCodes.Success;
            }
            var options = new CnnJobOptions
            {
                DataDirectory = p.GetValue(data)!,
                Depth = p.GetValue(depth),
                Width = p.GetValue(width),
                StemPool = !p.GetValue(fullResolution),
                Training = new NetworkTrainingOptions
                {
                    Epochs = p.GetValue(epochs),
                    BatchSize = p.GetValue(batch),
                    LearningRate = p.GetValue(lr),
                    Optimizer = ParseEnum<OptimizerKind>(p.GetValue(optimizer)!, "--optimizer"),
                    Momentum = p.GetValue(momentum),
                    WeightDecay = p.GetValue(decay),
                    Schedule = ParseEnum<ScheduleKind>(p.GetValue(schedule)!, "--schedule"),
                    WarmupEpochs = p.GetValue(warmup),
                    Seed = p.GetValue(seed),
                    Augment = !p.GetValue(noAugment),
                    Noise = new NoiseInjection(p.GetValue(noise), p.GetValue(outputNoise)),
                }.Validate(),
                QatStates = p.GetValue(qatLevels),
                QatRange = p.GetValue(qatRange),
                InitModel = p.GetValue(init),
                OutDirectory = p.GetValue(output)!,
                TrainLimit = p.GetValue(trainLimit),
                TestLimit = p.GetValue(testLimit),
                CheckpointEvery = p.GetValue(every),
                StopAfter = p.GetValue(stopAfter),
                OnnxPath = p.GetValue(onnx),
            };
            var result = WithProgressOnStderr(progress => CnnTrainingJob.Run(options, progress));
            PrintHistory(result.Training.History);
            Console.WriteLine(result.Description);
            if (result.Training.StartStep > 0) Console.WriteLine($"Resumed from the checkpoint at step {result.Training.StartStep}.");
            if (!result.Training.Completed)
            {
                Console.WriteLine($"Stopped after step {result.Training.StopStep} of {result.Training.TotalSteps}; checkpoint in {result.Files[0]} (run again to resume).");
                return ExitCodes.Success;
            }
            Console.WriteLine($"Test accuracy {Percent(result.TestAccuracy!.Value)}; OpenBLAS threads {Blas.Threads}");
            Console.WriteLine("Wrote:");
            foreach (var f in result.Files) Console.WriteLine($"  {f}");
            return ExitCodes.Success;
        });
        return cmd;
    }

    private static TEnum ParseEnum<TEnum>(string value, string option) where TEnum : struct, Enum =>
        Enum.TryParse<TEnum>(value, ignoreCase: true, out var v) && Enum.IsDefined(v)
            ? v
            : throw new InvalidInputException($"{option} {value}: expected one of {string.Join(", ", Enum.GetNames<TEnum>().Select(n => n.ToLowerInvariant()))}");

    private static string Percent(double v) => (100 * v).ToString("F2", CultureInfo.InvariantCulture) + " %";

    /// <summary>Runs <paramref name="work"/> under a Spectre progress bar drawn on stderr (stdout keeps the results).</summary>
    private static T WithProgressOnStderr<T>(Func<IProgress<TrainingStatus>, T> work)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        T result = default!;
        console.Progress().AutoClear(true).Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
            .Start(ctx =>
            {
                var task = ctx.AddTask("training", maxValue: 1.0);
                result = work(new SyncProgress(s =>
                {
                    task.Value = (double)s.Step / s.TotalSteps;
                    task.Description = string.Create(CultureInfo.InvariantCulture,
                        $"epoch {s.Epoch}/{s.Epochs} loss {s.Loss:F3} acc {100 * s.Accuracy:F1} % lr {s.LearningRate:G3}");
                }));
            });
        return result;
    }

    private static void PrintHistory(IReadOnlyList<EpochRecord> history)
    {
        if (history.Count == 0) return;
        var inv = CultureInfo.InvariantCulture;
        var table = new Table().AddColumns("epoch", "train loss", "train accuracy", "test accuracy", "seconds");
        foreach (var e in history)
            table.AddRow(e.Epoch.ToString(inv), e.Loss.ToString("F4", inv), Percent(e.TrainAccuracy),
                e.TestAccuracy is { } a ? Percent(a) : "-", e.Seconds.ToString("F1", inv));
        AnsiConsole.Write(table);
    }

    /// <summary>Reports on the calling thread (Progress&lt;T&gt; would post to the thread pool).</summary>
    private sealed class SyncProgress(Action<TrainingStatus> report) : IProgress<TrainingStatus>
    {
        public void Report(TrainingStatus value) => report(value);
    }
}
