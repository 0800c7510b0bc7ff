using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Spectre.Console;
using Xbar.Behavioral.Data;
using Xbar.Behavioral.Networks;
using Xbar.Behavioral.Networks.Graph;
using Xbar.Behavioral.Networks.Onnx;
using Xbar.Behavioral.Training;

namespace Xbar.Cli.Commands;

/// <summary>
/// `xbar train mnist|xor`: trains a network deterministically from a seed, saves it (JSON), and
/// runs it in software float and through 4-state reference MTJ tiles with the automatic error split.
/// </summary>
public sealed class TrainCommand : ICliCommand
{
    public Command Create()
    {
        var command = new Command("train", "Train an MLP (MNIST or XOR) and run it through crossbar tiles with the error split, or a residual CNN on Fashion-MNIST.");
        command.Subcommands.Add(Mnist());
        command.Subcommands.Add(Xor());
        command.Subcommands.Add(TrainCnnCommand.Create());
        return command;
    }

    private static Command Mnist()
    {
        var data = new Option<string?>("--data") { Description = "IDX dataset folder (default: the shipped mnist10k, fixed split 8,000 train / 2,000 test)." };
        var pca = new Option<int>("--pca") { Description = "PCA components before the network (0 = raw pixels).", DefaultValueFactory = _ => 0 };
        var hidden = new Option<string>("--hidden") { Description = "Comma list of hidden ReLU layer sizes.", DefaultValueFactory = _ => "64" };
        var epochs = new Option<int>("--epochs") { Description = "Training epochs.", DefaultValueFactory = _ => 10 };
        var lr = new Option<double>("--lr") { Description = "Learning rate.", DefaultValueFactory = _ => 2e-3 };
        var optimizer = new Option<string>("--optimizer") { Description = "adam or sgd (momentum 0.9).", DefaultValueFactory = _ => "adam" };
        var seed = new Option<int>("--seed") { Description = "Seed of weights, batch order and tile draws.", DefaultValueFactory = _ => 1 };
        var model = new Option<string>("--out") { Description = "Where to save the trained model (JSON).", DefaultValueFactory = _ => Path.Combine("out", "models", "mnist-mlp.json") };
        var load = new Option<string?>("--model") { Description = "Skip training: load this model (JSON from --out) instead." };
        var onnx = new Option<string?>("--onnx") { Description = "Also export the model to this ONNX file (opset 13, float32; a PCA becomes a first Gemm layer), for `xbar run`." };
        var tile = new Option<int>("--tile") { Description = "Tile size in weights per side (4 as in Moureaux 2026).", DefaultValueFactory = _ => 4 };
        var states = new Option<int>("--states") { Description = "States per MTJ cell of the reference tile.", DefaultValueFactory = _ => 4 };
        var cmd = new Command("mnist", "Train (or load) an MNIST MLP; print software, quantized and reference-MTJ-tile accuracy with the per-layer error split.");
        foreach (var o in new Option[] { data, pca, hidden, epochs, lr, optimizer, seed, model, load, onnx, tile, states }) cmd.Options.Add(o);
        cmd.SetAction(p =>
        {
            var watch = Stopwatch.StartNew();
            var split = DatasetLoader.Load(p.GetValue(data));
            Classifier classifier;
            if (p.GetValue(load) is { } path)
                classifier = ClassifierFile.Load(path);
            else
            {
                var opt = (p.GetValue(optimizer) ?? "adam").ToLowerInvariant() switch
                {
                    "adam" => OptimizerKind.Adam,
                    "sgd" => OptimizerKind.Sgd,
                    var other => throw new InvalidInputException($"--optimizer {other}: expected adam or sgd"),
                };
                TrainingOptions options;
                try
                {
                    options = new TrainingOptions(epochs: p.GetValue(epochs), learningRate: p.GetValue(lr), optimizer: opt, seed: p.GetValue(seed));
                }
                catch (ArgumentException e) { throw new InvalidInputException(e.Message); }
                var sizes = StudyCommand.ParseList(p.GetValue(hidden)!, "--hidden").Select(v => (int)v).ToArray();
                if (sizes.Any(s => s < 1)) throw new InvalidInputException("--hidden: sizes must be positive");
                classifier = StudyCommand.WithProgress("training", prog => Classifier.Train(split, p.GetValue(pca), sizes, options, prog));
                ClassifierFile.Save(p.GetValue(model)!, classifier);
                Console.WriteLine($"Saved {p.GetValue(model)}");
            }
            if (p.GetValue(onnx) is { } onnxPath)
            {
                OnnxExporter.Save(MlpGraph.From(classifier), onnxPath);
                Console.WriteLine($"Exported {onnxPath}");
            }
            var test = classifier.Preprocess(split.Test);
            var tileOptions = new ReferenceMtjTileOptions { Cell = new Xbar.Devices.Mtj.MtjParameters { States = p.GetValue(states) } };
            var geometry = new TileGeometry(p.GetValue(tile), p.GetValue(tile));
            var es = ErrorSplit.MeasureReference(classifier.Network, test, geometry, tileOptions, p.GetValue(seed));
            PrintSplit(es, classifier.Description, split.Description, $"{geometry} tiles, {tileOptions.Describe()}", watch.Elapsed.TotalSeconds);
            return ExitCodes.Success;
        });
        return cmd;
    }

    private static Command Xor()
    {
        var seed = new Option<int>("--seed") { Description = "First seed tried.", DefaultValueFactory = _ => 1 };
        var cmd = new Command("xor", "Train the 2-2-1 XOR network (restarting until it is correct once quantized to 4 states) and run it through a 4x4 tile of 4-state reference MTJs with every error on.");
        cmd.Options.Add(seed);
        cmd.SetAction(p =>
        {
            var options = new ReferenceMtjTileOptions();
            var xor = XorOnTiles.TrainForReferenceTile(options, p.GetValue(seed));
            var tiles = new TiledNetwork(xor.Network, TileGeometry.Paper4x4, new ReferenceMtjTileProgrammer(options, xor.Seed), xor.Seed);
            var table = new Table().AddColumns("x1", "x2", "XOR", "float logit", "tile logit", "tile output");
            int correct = 0;
            for (int i = 0; i < 4; i++)
            {
                var x = XorNetwork.Cases.Sample(i);
                double zf = xor.Network.Logits(x)[0], zt = tiles.Logits(x)[0];
                int y = zt > 0 ? 1 : 0;
                if (y == XorNetwork.Cases.Labels[i]) correct++;
                table.AddRow(x[0].ToString(CultureInfo.InvariantCulture), x[1].ToString(CultureInfo.InvariantCulture),
                    XorNetwork.Cases.Labels[i].ToString(CultureInfo.InvariantCulture), zf.ToString("F3", CultureInfo.InvariantCulture),
                    zt.ToString("F3", CultureInfo.InvariantCulture), y.ToString(CultureInfo.InvariantCulture));
            }
            AnsiConsole.Write(table);
            Console.WriteLine($"XOR 2-2-1 (seed {xor.Seed}, {xor.Attempts} attempt(s)): {correct}/4 correct through {tiles.Programmer.Name}");
            return correct == 4 ? ExitCodes.Success : ExitCodes.Failure;
        });
        return cmd;
    }

    internal static void PrintSplit(ErrorSplitResult es, string model, string data, string tiles, double seconds)
    {
        static string P(double v) => (100 * v).ToString("F2", CultureInfo.InvariantCulture) + " %";
        static string R(double[] v) => string.Join(" / ", v.Select(x => x.ToString("F4", CultureInfo.InvariantCulture)));
        var table = new Table().AddColumns("mode", "test accuracy", "RMSE per layer", "RMSE / RMS(z) per layer");
        table.AddRow("software float", P(es.FloatAccuracy), "-", "-");
        foreach (var r in es.Rows)
            table.AddRow(r.Source == ErrorSource.All ? "all errors (MTJ tiles)" : $"{r.Source.ToString().ToLowerInvariant()} only", P(r.Accuracy), R(r.LayerRmse), R(r.LayerRelativeRmse));
        AnsiConsole.Write(table);
        Console.WriteLine($"Model: {model}");
        Console.WriteLine($"Test data: {data} ({es.Samples} test images)");
        Console.WriteLine($"Tiles: {tiles}");
        Console.WriteLine($"Time: {seconds.ToString("F1", CultureInfo.InvariantCulture)} s");
    }
}
