using System.CommandLine;
using System.Globalization;
using Spectre.Console;
using Xbar.Behavioral.Config;
using Xbar.Behavioral.Data;
using Xbar.Validation.Reporting;
using Xbar.Validation.Sharding;
using Xbar.Validation.Studies;

namespace Xbar.Cli.Commands;

/// <summary>
/// `xbar study nstates|scaling|pca`: the Moureaux et al. 2026 studies on the reference MTJ tile, and
/// `xbar study hwa` (<see cref="HwaStudySubcommand"/>), each writing CSV, PNG and a Markdown summary (with the paper's claims beside our numbers) into --out.
/// </summary>
public sealed class StudyCommand : ICliCommand
{
    public Command Create()
    {
        var command = new Command("study", "Moureaux 2026 studies (optimal states per cell, error vs array size, PCA and the hardware gap), ResNet-18 on 1-bit and 2-bit MTJ cells (Gupte 2026), hardware-aware training (hwa) and IMSSA 2024 (S4D on crossbars).");
        command.Subcommands.Add(NStates());
        command.Subcommands.Add(Scaling());
        command.Subcommands.Add(Pca());
        command.Subcommands.Add(ResNet18());
        command.Subcommands.Add(HwaStudySubcommand.Create());
        command.Subcommands.Add(S4d());
        return command;
    }

    private static Option<string> Out(string name) =>
        new("--out") { Description = "Output folder for CSV, PNG and Markdown.", DefaultValueFactory = _ => Path.Combine("out", "study", name) };

    private static Option<int> Seed() => new("--seed") { Description = "Seed of every random draw.", DefaultValueFactory = _ => 1 };

    private static Command NStates()
    {
        var output = Out("nstates");
        var seed = Seed();
        var draws = new Option<int>("--draws") { Description = "Seeded draws per (sigma_perp, N).", DefaultValueFactory = _ => 40 };
        var products = new Option<int>("--products") { Description = "Random MVMs per draw.", DefaultValueFactory = _ => 200 };
        var size = new Option<int>("--size") { Description = "Tile rows = columns (4 as in the paper).", DefaultValueFactory = _ => 4 };
        var sigmaNl = new Option<double>("--sigma-nl") { Description = "Systematic per-state offset sigma_NL, Ohm.", DefaultValueFactory = _ => 50 };
        var sigmaPerp = new Option<string>("--sigma-perp") { Description = "Comma list of random per-cell offsets sigma_perp, Ohm.", DefaultValueFactory = _ => "0,50,100,200,400,800" };
        var shard = ShardOption.Create();
        var cmd = new Command("nstates", "Optimal number of states per cell N_opt (minimum random-MVM RMSE) as a distribution over draws.");
        foreach (var o in new Option[] { output, seed, draws, products, size, sigmaNl, sigmaPerp, shard }) cmd.Options.Add(o);
        cmd.SetAction(p =>
        {
            var options = new NStatesOptions
            {
                Rows = p.GetValue(size), Cols = p.GetValue(size), Draws = p.GetValue(draws), Products = p.GetValue(products),
                SigmaNl = p.GetValue(sigmaNl), SigmaPerp = ParseList(p.GetValue(sigmaPerp)!, "--sigma-perp"), Seed = p.GetValue(seed),
            };
            var part = ShardOption.Resolve(p, shard);
            var result = WithProgress("N-state study", prog => NStatesStudy.Run(options, p.GetValue(output)!, prog, part));
            return Finish(result.Summary, result.Files);
        });
        return cmd;
    }

    private static Command Scaling()
    {
        var output = Out("scaling");
        var seed = Seed();
        var draws = new Option<int>("--draws") { Description = "Seeded draws per size.", DefaultValueFactory = _ => 10 };
        var products = new Option<int>("--products") { Description = "Random MVMs per draw.", DefaultValueFactory = _ => 50 };
        var sizes = new Option<string>("--sizes") { Description = "Comma list of array sizes swept (rows, then columns).", DefaultValueFactory = _ => "4,8,16,32,64,128,256" };
        var fixedSize = new Option<int>("--fixed") { Description = "Size of the dimension not swept.", DefaultValueFactory = _ => 16 };
        var sigmaNl = new Option<double>("--sigma-nl") { Description = "Systematic offset sigma_NL, Ohm.", DefaultValueFactory = _ => 50 };
        var sigmaPerp = new Option<double>("--sigma-perp") { Description = "Random offset sigma_perp, Ohm.", DefaultValueFactory = _ => 50 };
        var shard = ShardOption.Create();
        var cmd = new Command("scaling", "RMSE of random MVMs vs rows and columns, systematic-only and random-only, with fitted power laws.");
        foreach (var o in new Option[] { output, seed, draws, products, sizes, fixedSize, sigmaNl, sigmaPerp, shard }) cmd.Options.Add(o);
        cmd.SetAction(p =>
        {
            var options = new ScalingOptions
            {
                Sizes = ParseList(p.GetValue(sizes)!, "--sizes").Select(v => (int)v).ToArray(), FixedSize = p.GetValue(fixedSize),
                Draws = p.GetValue(draws), Products = p.GetValue(products),
                SigmaNl = p.GetValue(sigmaNl), SigmaPerp = p.GetValue(sigmaPerp), Seed = p.GetValue(seed),
            };
            var part = ShardOption.Resolve(p, shard);
            var result = WithProgress("scaling study", prog => ScalingStudy.Run(options, p.GetValue(output)!, prog, part));
            return Finish(result.Summary, result.Files);
        });
        return cmd;
    }

    private static Command Pca()
    {
        var output = Out("pca");
        var data = new Option<string?>("--data") { Description = "IDX dataset folder (default: the shipped mnist10k, fixed split 8,000 train / 2,000 test)." };
        var components = new Option<string>("--components") { Description = "Comma list of PCA component counts; 0 = no PCA.", DefaultValueFactory = _ => "0,32,64,128" };
        var seeds = new Option<string>("--seeds") { Description = "Comma list of seeds; one network (training and tile draws) per seed, hidden size and component count.", DefaultValueFactory = _ => "1,2,3,4,5" };
        var hidden = new Option<string>("--hidden") { Description = "Comma list of hidden ReLU layer sizes.", DefaultValueFactory = _ => "16,128" };
        var epochs = new Option<int>("--epochs") { Description = "Training epochs.", DefaultValueFactory = _ => 20 };
        var lr = new Option<double>("--lr") { Description = "Adam learning rate.", DefaultValueFactory = _ => 1e-3 };
        var rows = new Option<int>("--array") { Description = "Tile array rows in cells (4 as in the paper).", DefaultValueFactory = _ => 4 };
        var cols = new Option<int>("--array-cols") { Description = "Tile array columns in cells (a differential pair uses two).", DefaultValueFactory = _ => 8 };
        var sigmaNl = new Option<double>("--sigma-nl") { Description = "Systematic per-state offset sigma_NL, Ohm.", DefaultValueFactory = _ => 50 };
        var sigmaPerp = new Option<double>("--sigma-perp") { Description = "Random per-cell offset sigma_perp, Ohm.", DefaultValueFactory = _ => 50 };
        var adcBits = new Option<int?>("--adc-bits") { Description = "Column ADC bits per tile, sign included (default: the mtj4 preset's 8)." };
        var shard = ShardOption.Create();
        var cmd = new Command("pca", "Software vs calibrated 4-state MTJ tile accuracy with and without PCA, by number of components, over several seeds and both weight-clip rules.");
        foreach (var o in new Option[] { output, data, components, seeds, hidden, epochs, lr, rows, cols, sigmaNl, sigmaPerp, adcBits, shard }) cmd.Options.Add(o);
        cmd.SetAction(p =>
        {
            var split = DatasetLoader.Load(p.GetValue(data));
            var options = new PcaStudyOptions
            {
                Components = ParseList(p.GetValue(components)!, "--components").Select(v => (int)v).ToArray(),
                Seeds = ParseList(p.GetValue(seeds)!, "--seeds").Select(v => (int)v).ToArray(),
                Hidden = ParseList(p.GetValue(hidden)!, "--hidden").Select(v => (int)v).ToArray(), Epochs = p.GetValue(epochs), LearningRate = p.GetValue(lr),
                ArrayRows = p.GetValue(rows), ArrayCols = p.GetValue(cols), SigmaNlOhm = p.GetValue(sigmaNl), SigmaPerpOhm = p.GetValue(sigmaPerp),
                AdcBits = p.GetValue(adcBits), DataDirectory = p.GetValue(data) is { } dir ? Path.GetFullPath(dir) : null,
            };
            var part = ShardOption.Resolve(p, shard);
            var result = WithProgress("PCA study (training one network per component count)", prog => PcaStudy.Run(options, split, p.GetValue(output)!, prog, part));
            return Finish(result.Summary, result.Files);
        });
        return cmd;
    }

    private static Command ResNet18()
    {
        var d = new ResNet18StudyOptions();
        var output = Out("resnet18");
        var seed = Seed();
        var cellBits = new Option<string>("--cell-bits") { Description = "Comma list of bits per MTJ cell for bit-sliced weights (1 = binary, 2 = 4-state); empty = none.", DefaultValueFactory = _ => "1,2" };
        var noNState = new Option<bool>("--no-nstate") { Description = "Skip the mtj4 tile that holds the whole weight on one 4-state cell." };
        var weightBits = new Option<int>("--weight-bits") { Description = "Magnitude bits of a sliced weight (its sign on the differential pair).", DefaultValueFactory = _ => d.WeightBits };
        var test = new Option<int>("--test") { Description = "Test images through the tiles.", DefaultValueFactory = _ => d.Test };
        var train = new Option<int>("--train") { Description = "Training images whose float features train the linear classifier.", DefaultValueFactory = _ => d.Train };
        var data = new Option<string>("--data") { Description = "IDX image set (Fashion-MNIST).", DefaultValueFactory = _ => d.DataDir };
        var rangeImages = new Option<int>("--range-images") { Description = "Training images that set each layer's DAC and ADC ranges.", DefaultValueFactory = _ => d.RangeImages };
        var chunk = new Option<int>("--chunk") { Description = "Test images per checkpoint.", DefaultValueFactory = _ => d.Chunk };
        var batch = new Option<int>("--batch") { Description = "Images per executor call when every tile stays programmed.", DefaultValueFactory = _ => d.Batch };
        var round = new Option<int?>("--round") { Description = "Test images per round (a multiple of --chunk): every config runs a round before the next starts, the report is rewritten after each (default: all at once)." };
        var noCalib = new Option<bool>("--no-calib") { Description = "With --ir-drop calibrated: skip fitting each cell type's coefficients to nodal solves (the exact transfer model's own)." };
        var calibSamples = new Option<int>("--calib-samples") { Description = "Random MVMs solved per calibration.", DefaultValueFactory = _ => d.CalibrationSamples };
        var irDrop = new Option<string>("--ir-drop") { Description = "IR-drop model of every tile: fast (ladder, ~1 ms per tile to program), calibrated or exact (transfer model, ~2 x rows nodal solves per tile), none.", DefaultValueFactory = _ => "fast" };
        irDrop.AcceptOnlyFromAmong("fast", "calibrated", "exact", "none");
        var array = new Option<int?>("--array") { Description = "Array rows = columns in cells (default: the presets' 64)." };
        var adcQuantile = new Option<double>("--adc-quantile") { Description = "Share of a layer's (a slice's) tile partial sums on the range images that its column ADC range holds (1 = the largest; docs/bit-slicing.md).", DefaultValueFactory = _ => d.AdcQuantile };
        var noCorrection = new Option<bool>("--no-column-correction") { Description = "Skip the per-column scale and offset fitted on each tile after programming." };
        var features = new Option<string?>("--features") { Description = "Folder of the feature checkpoints (default OUT/features); runs sharing it share the float features." };
        var shard = ShardOption.Create();
        var resident = new Option<int>("--max-resident-tiles") { Description = "Tiles kept programmed at once (about 200 kB each); bigger configs are programmed one layer at a time per chunk.", DefaultValueFactory = _ => d.MaxResidentTiles };
        var cmd = new Command("resnet18", "ResNet-18 (ImageNet) features of Fashion-MNIST through 1-bit and 2-bit MTJ tiles (bit-sliced weights) and the N-state mtj4 tile: tiles per layer, fidelity against ONNX Runtime, transfer accuracy of a float-trained linear classifier. Resumable, sharded by (config, chunk of test images).");
        foreach (var o in new Option[] { output, seed, cellBits, noNState, weightBits, test, train, data, rangeImages, chunk, batch, round, irDrop, array, adcQuantile, noCorrection, noCalib, calibSamples, resident, features, shard }) cmd.Options.Add(o);
        cmd.SetAction(p =>
        {
            string bits = p.GetValue(cellBits)!;
            var options = new ResNet18StudyOptions
            {
                CellBits = string.IsNullOrWhiteSpace(bits) ? [] : ParseList(bits, "--cell-bits").Select(v => (int)v).ToArray(),
                NState = !p.GetValue(noNState), WeightBits = p.GetValue(weightBits), Test = p.GetValue(test), Train = p.GetValue(train),
                DataDir = p.GetValue(data)!, RangeImages = p.GetValue(rangeImages), Chunk = p.GetValue(chunk), Batch = p.GetValue(batch), Round = p.GetValue(round),
                Seed = p.GetValue(seed), Calibrate = !p.GetValue(noCalib), CalibrationSamples = p.GetValue(calibSamples), MaxResidentTiles = p.GetValue(resident),
                IrDrop = p.GetValue(irDrop) switch { "calibrated" => IrDropModel.Calibrated, "exact" => IrDropModel.Exact, "none" => IrDropModel.None, _ => IrDropModel.Fast },
                ArraySize = p.GetValue(array), AdcQuantile = p.GetValue(adcQuantile), ColumnCorrection = !p.GetValue(noCorrection), FeatureDir = p.GetValue(features),
            };
            var result = ResNet18Study.Run(options, p.GetValue(output)!, msg => Console.Error.WriteLine($"[{DateTime.Now:HH:mm:ss}] {msg}"), ShardOption.Resolve(p, shard));
            return Finish(result.Complete ? ResNet18Report.Summary(result) : ResNet18Study.IncompleteSummary(result), result.Files);
        });
        return cmd;
    }

    private static Command S4d()
    {
        var output = Out("s4d");
        var seed = Seed();
        var seeds = new Option<string>("--seeds") { Description = "Comma list of programming seeds of the noise sweep.", DefaultValueFactory = _ => "1,2,3,4,5" };
        var bits = new Option<string>("--bits") { Description = "Comma list of QAT weight widths of the noise sweep (2 = ternary).", DefaultValueFactory = _ => "2,3,4,5" };
        var sigmas = new Option<string>("--sigmas") { Description = "Comma list of programming noise sigmas, uS.", DefaultValueFactory = _ => "0,1,2,3,5,7.5,10,15,20" };
        var hidden = new Option<int>("--hidden") { Description = "Channels of the S4D layers (encoder outputs).", DefaultValueFactory = _ => 24 };
        var modes = new Option<int>("--modes") { Description = "Complex modes per S4D layer.", DefaultValueFactory = _ => 20 };
        var layers = new Option<int>("--layers") { Description = "S4D layers.", DefaultValueFactory = _ => 1 };
        var epochs = new Option<int>("--epochs") { Description = "Float training epochs (spoken digits).", DefaultValueFactory = _ => 40 };
        var qatEpochs = new Option<int>("--qat-epochs") { Description = "QAT fine-tuning epochs per weight width (spoken digits).", DefaultValueFactory = _ => 30 };
        var fashionEpochs = new Option<int>("--fashion-epochs") { Description = "Float training epochs of sequential Fashion-MNIST.", DefaultValueFactory = _ => 10 };
        var fashionQat = new Option<int>("--fashion-qat-epochs") { Description = "QAT epochs of sequential Fashion-MNIST.", DefaultValueFactory = _ => 5 };
        var noFashion = new Option<bool>("--no-fashion") { Description = "Skip sequential Fashion-MNIST." };
        var batch = new Option<int>("--batch") { Description = "Mini-batch size.", DefaultValueFactory = _ => 64 };
        var lr = new Option<double>("--lr") { Description = "Adam learning rate (QAT uses half).", DefaultValueFactory = _ => 0.005 };
        var maxTrain = new Option<int?>("--max-train") { Description = "At most this many training sequences per task (reduced runs)." };
        var maxTest = new Option<int?>("--max-test") { Description = "At most this many test sequences per task (reduced runs)." };
        var crossbarTest = new Option<int>("--crossbar-test") { Description = "At most this many test sequences per crossbar point.", DefaultValueFactory = _ => 2000 };
        var drift = new Option<int>("--drift-sequences") { Description = "Test sequences of the recurrence-drift experiment.", DefaultValueFactory = _ => 64 };
        var speakers = new Option<int?>("--speakers") { Description = "Use at most this many espeak-ng voices for the spoken digits (a smaller set)." };
        var repetitions = new Option<int>("--repetitions") { Description = "Utterances per voice and word.", DefaultValueFactory = _ => 4 };
        var cache = new Option<string?>("--cache") { Description = "Cache folder of the spoken-digit set (default ~/.cache/xbar)." };
        var calib = new Option<int>("--calibration-samples") { Description = "Samples of the MTJ tile's IR-drop calibration.", DefaultValueFactory = _ => 24 };
        var models = new Option<string?>("--models") { Description = "Folder of the trained models (default OUT/models); shards of one run share it (train there once with --train-only)." };
        var trainOnly = new Option<bool>("--train-only") { Description = "Train (or find) every model and measure nothing: the set-up shards then share through --models." };
        var shard = ShardOption.Create();
        var cmd = new Command("s4d", "IMSSA: S4D on RRAM and MTJ crossbars with fixed-range QAT; accuracy, programming-noise tolerance by weight width, recurrence drift. Resumable, sharded by point.");
        foreach (var o in new Option[] { output, seed, seeds, bits, sigmas, hidden, modes, layers, epochs, qatEpochs, fashionEpochs, fashionQat, noFashion, batch, lr,
                     maxTrain, maxTest, crossbarTest, drift, speakers, repetitions, cache, calib, models, trainOnly, shard }) cmd.Options.Add(o);
        cmd.SetAction(p =>
        {
            var options = new Xbar.Validation.Studies.S4d.S4dStudyOptions
            {
                Seed = p.GetValue(seed), NoiseSeeds = ParseList(p.GetValue(seeds)!, "--seeds").Select(v => (int)v).ToArray(),
                Bits = ParseList(p.GetValue(bits)!, "--bits").Select(v => (int)v).ToArray(), SigmasMicroSiemens = ParseList(p.GetValue(sigmas)!, "--sigmas"),
                Hidden = p.GetValue(hidden), Modes = p.GetValue(modes), Layers = p.GetValue(layers), Epochs = p.GetValue(epochs), QatEpochs = p.GetValue(qatEpochs),
                Fashion = !p.GetValue(noFashion), FashionEpochs = p.GetValue(fashionEpochs), FashionQatEpochs = p.GetValue(fashionQat),
                BatchSize = p.GetValue(batch), LearningRate = p.GetValue(lr), MaxTrain = p.GetValue(maxTrain), MaxTest = p.GetValue(maxTest),
                CrossbarTestLimit = p.GetValue(crossbarTest), DriftSequences = p.GetValue(drift), CalibrationSamples = p.GetValue(calib),
                Digits = new Xbar.Behavioral.Data.Speech.SpokenDigitsConfig(Repetitions: p.GetValue(repetitions), MaxSpeakers: p.GetValue(speakers)),
                DigitsCache = p.GetValue(cache), ModelsDirectory = p.GetValue(models),
            };
            var part = ShardOption.Resolve(p, shard);
            void Log(string line) => Console.Error.WriteLine($"[{DateTime.Now:HH:mm:ss}] {line}");
            var result = p.GetValue(trainOnly)
                ? Xbar.Validation.Studies.S4d.S4dStudy.Train(options, p.GetValue(output)!, Log)
                : Xbar.Validation.Studies.S4d.S4dStudy.Run(options, p.GetValue(output)!, Log, part);
            return Finish(result.Summary, result.Files);
        });
        return cmd;
    }

    internal static double[] ParseList(string text, string option)
    {
        var parts = text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (parts.Length == 0) throw new InvalidInputException($"{option}: empty list");
        return parts.Select(s => double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && double.IsFinite(v)
            ? v : throw new InvalidInputException($"{option}: '{s}' is not a number")).ToArray();
    }

    /// <summary>A progress bar on stderr when it is a terminal (<see cref="ProgressDisplay"/>).</summary>
    internal static T WithProgress<T>(string title, Func<IProgress<double>, T> work) => ProgressDisplay.Run(title, work);

    internal static int Finish(string summary, IReadOnlyList<string> files)
    {
        Console.WriteLine(summary);
        if (files.Count == 0) return ExitCodes.Success; // a shard that left points to others
        Console.WriteLine("Wrote:");
        foreach (var f in files) Console.WriteLine($"  {f}");
        return ExitCodes.Success;
    }
}
