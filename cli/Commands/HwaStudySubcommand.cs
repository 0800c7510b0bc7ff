using System.CommandLine;
using Xbar.Behavioral.Training.HardwareAware;
using Xbar.Circuits.Numerics;
using Xbar.Validation.Reporting;
using Xbar.Validation.Studies.Hwa;

namespace Xbar.Cli.Commands;

/// <summary>
/// `xbar study hwa`: the ResNet-8 on Fashion-MNIST trained plainly, with noise, with fixed-range QAT and
/// with calibrated MTJ tiles in the forward pass, read on PCM tiles over time and on MTJ tiles with and
/// without IR drop (Luquin et al. 2025's claim); resumable in --out, reduced with --epochs and the limits; sharded by
/// reads with --shard I/N (models shared through --models, see docs/sharding.md).
/// </summary>
internal static class HwaStudySubcommand
{
    public static Command Create()
    {
        var d = new HwaStudyOptions();
        var output = new Option<string>("--out") { Description = "Output folder: models/, calibrations/, points/ (finished reads; a rerun skips them), CSV, PNG, Markdown.", DefaultValueFactory = _ => d.OutDirectory };
        var data = new Option<string>("--data") { Description = "IDX dataset folder with the train-/t10k- files.", DefaultValueFactory = _ => d.DataDirectory };
        var width = new Option<int>("--width") { Description = "Filters of the ResNet-8's first stage (16; fewer for quick runs).", DefaultValueFactory = _ => d.Width };
        var epochs = new Option<int>("--epochs") { Description = "Epochs of the plain training.", DefaultValueFactory = _ => d.Epochs };
        var fineEpochs = new Option<int>("--finetune-epochs") { Description = "Epochs of the noise and QAT fine-tunes.", DefaultValueFactory = _ => d.FineTuneEpochs };
        var fineLr = new Option<double>("--finetune-lr") { Description = "Base learning rate of every fine-tune.", DefaultValueFactory = _ => d.FineTuneLearningRate };
        var noise = new Option<double>("--noise") { Description = "Weight noise of the noise fine-tune, relative to each layer's max |W|.", DefaultValueFactory = _ => d.WeightNoise };
        var outputNoise = new Option<double>("--output-noise") { Description = "Output noise of the noise fine-tune, relative to max|W| max|x|.", DefaultValueFactory = _ => d.OutputNoise };
        var qat = new Option<int>("--qat-levels") { Description = "States per cell of the QAT fine-tune (the MTJ tiles' 4).", DefaultValueFactory = _ => d.QatStates };
        var irEpochs = new Option<int>("--ir-epochs") { Description = "Epochs of the IR-drop-aware fine-tunes (forward through the calibrated MTJ tiles).", DefaultValueFactory = _ => d.IrEpochs };
        var irLr = new Option<double?>("--ir-lr") { Description = "Base learning rate of the IR-drop-aware fine-tunes (default: --finetune-lr; 1e-9 = only the batch-norm statistics are re-measured on the tiles)." };
        var irGradient = new Option<string>("--ir-gradient") { Description = "Gradient of the tiles' product in the IR-drop-aware fine-tunes: gain (each output's gain fitted on the tiles; trains where the tiles pass little signal) or ideal (straight through).", DefaultValueFactory = _ => d.IrGradient == AnalogGradient.FittedGain ? "gain" : "ideal" };
        irGradient.AcceptOnlyFromAmong("ideal", "gain");
        var irFromNoise = new Option<bool>("--ir-from-noise") { Description = "Start the IR-drop-aware fine-tunes from the noise fine-tune instead of the plain model." };
        var irLimit = new Option<int?>("--ir-train-limit") { Description = "Training images of the IR-drop-aware fine-tunes (default: all)." };
        var irRefresh = new Option<int>("--ir-refresh") { Description = "Training steps between programmings of the tiles in the IR-drop-aware fine-tunes.", DefaultValueFactory = _ => d.IrRefresh };
        var trainLimit = new Option<int?>("--train-limit") { Description = "Use only the first N training images (reduced runs)." };
        var testLimit = new Option<int?>("--test-limit") { Description = "Use only the first N test images (reduced runs)." };
        var seed = new Option<int>("--seed") { Description = "Seed of the training runs.", DefaultValueFactory = _ => d.TrainSeed };
        var seeds = new Option<string>("--seeds") { Description = "Comma list of tile seeds (PCM tiles are read once per seed).", DefaultValueFactory = _ => string.Join(",", d.Seeds) };
        var times = new Option<string>("--times") { Description = "Comma list of PCM read times after programming, s.", DefaultValueFactory = _ => string.Join(",", d.Times) };
        var sizes = new Option<string>("--mtj-sizes") { Description = "Comma list of MTJ tile sizes (rows = columns).", DefaultValueFactory = _ => string.Join(",", d.MtjSizes) };
        var wire = new Option<double>("--wire-r") { Description = "Wire resistance per segment of the MTJ tiles, Ohm.", DefaultValueFactory = _ => d.WireROhm };
        var rangeImages = new Option<int>("--range-images") { Description = "Training images the per-layer DAC, clip and ADC ranges are measured on.", DefaultValueFactory = _ => d.RangeImages };
        var threads = new Option<int?>("--threads") { Description = "OpenBLAS threads (default: all cores)." };
        var models = new Option<string?>("--models") { Description = "Folder of the trained models (default OUT/models); shards of one run share it (train there once with --train-only)." };
        var trainOnly = new Option<bool>("--train-only") { Description = "Train (or find) every model and read nothing: the set-up shards then share through --models." };
        var shard = ShardOption.Create();
        var cmd = new Command("hwa", "Plain, noise, fixed-range QAT and IR-drop-aware ResNet-8 on PCM tiles over time and MTJ tiles with IR drop (Luquin et al. 2025).");
        foreach (var o in new Option[] { output, data, width, epochs, fineEpochs, fineLr, noise, outputNoise, qat, irEpochs, irLr, irGradient, irFromNoise, irLimit, irRefresh, trainLimit, testLimit,
                     seed, seeds, times, sizes, wire, rangeImages, threads, models, trainOnly, shard })
            cmd.Options.Add(o);
        cmd.SetAction(p =>
        {
            if (p.GetValue(threads) is { } t)
            {
                if (t < 1 || t > 256) throw new InvalidInputException($"--threads must be 1..256, got {t}");
                Blas.Threads = t;
            }
            var options = new HwaStudyOptions
            {
                DataDirectory = p.GetValue(data)!, OutDirectory = p.GetValue(output)!,
                Width = p.GetValue(width), Epochs = p.GetValue(epochs), FineTuneEpochs = p.GetValue(fineEpochs), FineTuneLearningRate = p.GetValue(fineLr),
                WeightNoise = p.GetValue(noise), OutputNoise = p.GetValue(outputNoise), QatStates = p.GetValue(qat),
                IrEpochs = p.GetValue(irEpochs), IrLearningRate = p.GetValue(irLr), IrGradient = p.GetValue(irGradient) == "gain" ? AnalogGradient.FittedGain : AnalogGradient.Ideal, IrFromNoise = p.GetValue(irFromNoise), IrTrainLimit = p.GetValue(irLimit), IrRefresh = p.GetValue(irRefresh),
                TrainLimit = p.GetValue(trainLimit), TestLimit = p.GetValue(testLimit), TrainSeed = p.GetValue(seed),
                Seeds = Integers(p.GetValue(seeds)!, "--seeds"), Times = StudyCommand.ParseList(p.GetValue(times)!, "--times"),
                MtjSizes = Integers(p.GetValue(sizes)!, "--mtj-sizes"), WireROhm = p.GetValue(wire), RangeImages = p.GetValue(rangeImages),
                ModelsDirectory = p.GetValue(models),
            }.Validate();
            var part = ShardOption.Resolve(p, shard);
            // Log lines only when no progress bar is drawn (stderr redirected, e.g. a nohup run).
            Action<string>? log = ProgressDisplay.Console is null ? line => Console.Error.WriteLine(line) : null;
            var result = p.GetValue(trainOnly)
                ? HwaStudy.Train(options, line => Console.Error.WriteLine(line))
                : StudyCommand.WithProgress("HWA study (training, then every model on every tile)", prog => HwaStudy.Run(options, prog, log, part));
            return StudyCommand.Finish(result.Summary, result.Files);
        });
        return cmd;
    }

    private static int[] Integers(string text, string option) => StudyCommand.ParseList(text, option)
        .Select(v => v == Math.Round(v) && Math.Abs(v) < int.MaxValue ? (int)v : throw new InvalidInputException($"{option}: {v} is not a whole number")).ToArray();
}
