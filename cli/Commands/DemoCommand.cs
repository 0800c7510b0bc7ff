using System.CommandLine;
using Spectre.Console;
using Xbar.Validation.Demo;

namespace Xbar.Cli.Commands;

/// <summary>
/// `xbar demo` (and `make demo`), the main job: MNIST (shipped 10k, fixed split 8,000 / 2,000)
/// through a calibrated 4-state MTJ tile, with circuit in the loop on a subset; one table on the
/// console, report.md + PNG figures + summary.json under --out.
/// </summary>
public sealed class DemoCommand : ICliCommand
{
    public Command Create()
    {
        var output = new Option<string>("--out") { Description = "Output folder (report.md, figures, summary.json, cache/).", DefaultValueFactory = _ => Path.Combine("out", "demo") };
        var data = new Option<string?>("--data") { Description = "IDX dataset folder (default: the shipped mnist10k, fixed split: first 8,000 train, last 2,000 test)." };
        var seed = new Option<int>("--seed") { Description = "Seed of training, tile draws and calibration.", DefaultValueFactory = _ => 1 };
        var circuit = new Option<int>("--circuit-images") { Description = "Test images run circuit-in-the-loop (every tile MVM an exact nodal solve); the first ones of the test set.", DefaultValueFactory = _ => 2000 };
        var retrain = new Option<bool>("--retrain") { Description = "Retrain and recalibrate even when the cache under --out matches." };
        var testImages = new Option<int?>("--test-images") { Description = "Use only the first N test images (default: all)." };
        var trainImages = new Option<int?>("--train-images") { Description = "Use only the first N training images (default: all)." };
        var pca = new Option<int>("--pca") { Description = "PCA components in front of the network (0 = raw pixels).", DefaultValueFactory = _ => 64 };
        var hidden = new Option<string>("--hidden") { Description = "Comma list of hidden ReLU layer sizes.", DefaultValueFactory = _ => "128" };
        var epochs = new Option<int>("--epochs") { Description = "Training epochs.", DefaultValueFactory = _ => 20 };
        var array = new Option<int>("--array") { Description = "Tile array rows in cells (default 4 with 8 columns: the 4x4 weight array of Moureaux 2026; --array 64 --array-cols 64 is the mtj4 preset's array).", DefaultValueFactory = _ => 4 };
        var arrayCols = new Option<int>("--array-cols") { Description = "Tile array columns in cells (a differential pair uses two, so 4 x 8 cells hold 4 x 4 weights).", DefaultValueFactory = _ => 8 };
        var samples = new Option<int>("--calibration-samples") { Description = "Circuit-solved MVMs for the calibration (fit + held out).", DefaultValueFactory = _ => 96 };
        var clip = new Option<string>("--weight-clip") { Description = "Per-layer weight clip: mse (minimizes quantization error) or max (largest |w|, nothing clipped).", DefaultValueFactory = _ => "mse" };
        clip.AcceptOnlyFromAmong("mse", "max");
        var adcRange = new Option<string>("--adc-range") { Description = "Full scale of the tiles' uniform column ADC: layer (fitted to 99.9 % of each layer's training-set tile partial sums) or tile (each tile's largest possible output).", DefaultValueFactory = _ => "layer" };
        adcRange.AcceptOnlyFromAmong("layer", "tile");
        var cmd = new Command("demo", "The main job: MNIST through calibrated 4-state MTJ crossbar tiles, circuit in the loop on a subset, error split, report.");
        foreach (var o in new Option[] { output, data, seed, circuit, retrain, testImages, trainImages, pca, hidden, epochs, array, arrayCols, samples, clip, adcRange }) cmd.Options.Add(o);
        cmd.SetAction(p =>
        {
            var options = new DemoOptions
            {
                OutDir = p.GetValue(output)!,
                DataDir = p.GetValue(data),
                Seed = p.GetValue(seed),
                CircuitImages = p.GetValue(circuit),
                Retrain = p.GetValue(retrain),
                TestImages = p.GetValue(testImages),
                TrainImages = p.GetValue(trainImages),
                PcaComponents = p.GetValue(pca),
                Hidden = StudyCommand.ParseList(p.GetValue(hidden)!, "--hidden").Select(v => (int)v).ToArray(),
                Epochs = p.GetValue(epochs),
                ArraySize = p.GetValue(array),
                ArrayCols = p.GetValue(arrayCols),
                CalibrationSamples = p.GetValue(samples),
                WeightClip = p.GetValue(clip) == "max" ? Xbar.Behavioral.Mapping.WeightClipRule.Max : Xbar.Behavioral.Mapping.WeightClipRule.MinimumMse,
                AdcRange = p.GetValue(adcRange) == "tile" ? ColumnAdcRange.Tile : ColumnAdcRange.Layer,
            }.Validate();
            if (options.DataDir is { } dir && !Directory.Exists(dir))
                throw new InvalidInputException($"--data {dir}: folder not found");
            var run = DemoPipeline.Run(options, new SpectreDemoSteps());
            AnsiConsole.Write(DemoTable.Console(run.Summary));
            foreach (var line in DemoTable.Notes(run.Summary)) AnsiConsole.WriteLine(line);
            AnsiConsole.WriteLine("Wrote:");
            foreach (var f in run.Files) AnsiConsole.WriteLine($"  {f}");
            return ExitCodes.Success;
        });
        return cmd;
    }
}
