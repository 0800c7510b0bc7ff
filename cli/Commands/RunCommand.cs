using System.CommandLine;
using Spectre.Console;
using Xbar.Behavioral.Data;
using Xbar.Validation.Demo;
using Xbar.Validation.Networks;

namespace Xbar.Cli.Commands;

/// <summary>
/// `xbar run --model M.onnx --tile CONFIG|--preset NAME [--calib C] [--cell-bits b] [--weight-bits B] --data DIR [--out DIR]`: an ONNX
/// model on an IDX image set, in float and through tiles; accuracy where labels match the outputs,
/// output fidelity and prediction agreement; report.md, summary.json and outputs.png under --out.
/// The test images run in chunks saved under --out as they finish (a killed run resumes; `--shard I/N`
/// runs a share of the chunks, and the process that finds every chunk there writes the summary).
/// </summary>
public sealed class RunCommand : ICliCommand
{
    public Command Create()
    {
        var tile = new TileConfigOptions();
        tile.Config.Aliases.Add("--tile");
        var model = new Option<string>("--model") { Description = "ONNX model (opset 8 or later; batch fixed at 1 or symbolic).", Required = true };
        var data = new Option<string?>("--data") { Description = "IDX image set folder (MNIST, Fashion-MNIST; default: the shipped mnist10k). The test set is run; training images set the per-layer ranges." };
        var output = new Option<string>("--out") { Description = "Output folder (report.md, summary.json, outputs.png).", DefaultValueFactory = _ => Path.Combine("out", "run") };
        var normalize = new Option<string?>("--normalize") { Description = "MEAN,STD: inputs become (pixel/255 - MEAN) / STD (default: pixels in [0, 1])." };
        var resize = new Option<string?>("--resize") { Description = "HxW: bilinear resize of every image (for example 224x224)." };
        var channels = new Option<int>("--channels") { Description = "Copies of the gray channel (3 for RGB models).", DefaultValueFactory = _ => 1 };
        var limit = new Option<int?>("--limit") { Description = "Run only the first N test images." };
        var rangeImages = new Option<int>("--range-images") { Description = "Training images the per-layer DAC and ADC ranges are measured on.", DefaultValueFactory = _ => 500 };
        var batch = new Option<int>("--batch") { Description = "Images per call of the executor.", DefaultValueFactory = _ => 32 };
        var seed = new Option<int>("--seed") { Description = "Seed of the tile draws.", DefaultValueFactory = _ => 1 };
        var clip = new Option<string>("--weight-clip") { Description = "Per-layer weight clip: mse or max.", DefaultValueFactory = _ => "mse" };
        clip.AcceptOnlyFromAmong("mse", "max");
        var adcRange = new Option<string>("--adc-range") { Description = "Column ADC full scale: layer (fitted per layer) or tile (each tile's largest output).", DefaultValueFactory = _ => "layer" };
        adcRange.AcceptOnlyFromAmong("layer", "tile");
        var adcQuantile = new Option<double>("--adc-quantile") { Description = "Share of a layer's (a slice's) training-set tile partial sums its column ADC range holds (1 = the largest; docs/bit-slicing.md).", DefaultValueFactory = _ => MeasuredLayerSettings.AdcRangeQuantile };
        var (cellBits, weightBits) = MapCommand.SlicingOptions();
        var chunkImages = new Option<int>("--chunk-images") { Description = "Test images per saved chunk (the unit of resuming and sharding).", DefaultValueFactory = _ => 256 };
        var shard = ShardOption.Create();
        var command = new Command("run", "An ONNX model on an IDX image set, in float and through crossbar tiles: accuracy, output fidelity, agreement, report.");
        tile.AddTo(command);
        foreach (var o in new Option[] { model, data, output, normalize, resize, channels, limit, rangeImages, batch, seed, clip, adcRange, adcQuantile, cellBits, weightBits, chunkImages, shard }) command.Options.Add(o);
        command.SetAction(parse =>
        {
            var config = tile.Resolve(parse);
            (int H, int W)? size = parse.GetValue(resize) is { } r ? ImagePreprocessing.ParseSize(r) : null;
            var (mean, std) = parse.GetValue(normalize) is { } nz ? ImagePreprocessing.ParseNormalize(nz) : (0.0, 1.0);
            if (parse.GetValue(data) is { } dir && !Directory.Exists(dir)) throw new InvalidInputException($"--data {dir}: folder not found");
            var options = new ModelRunOptions
            {
                ModelPath = parse.GetValue(model)!,
                Tile = config,
                Calibration = tile.ResolveCalibration(parse, config),
                DataDir = parse.GetValue(data),
                OutDir = parse.GetValue(output)!,
                Preprocessing = new ImagePreprocessing(size?.H, size?.W, parse.GetValue(channels), mean, std),
                Limit = parse.GetValue(limit),
                RangeImages = parse.GetValue(rangeImages),
                Batch = parse.GetValue(batch),
                Seed = parse.GetValue(seed),
                WeightClip = parse.GetValue(clip) == "max" ? Xbar.Behavioral.Mapping.WeightClipRule.Max : Xbar.Behavioral.Mapping.WeightClipRule.MinimumMse,
                AdcRange = parse.GetValue(adcRange) == "tile" ? ColumnAdcRange.Tile : ColumnAdcRange.Layer,
                AdcQuantile = parse.GetValue(adcQuantile),
                CellBits = parse.GetValue(cellBits),
                WeightBits = parse.GetValue(weightBits),
                ChunkImages = parse.GetValue(chunkImages),
                Shard = ShardOption.Resolve(parse, shard),
            };
            var result = ModelRun.Run(options, s => AnsiConsole.MarkupLine($"[grey]{Markup.Escape(s)}[/]"));
            if (!result.Complete)
            {
                AnsiConsole.WriteLine($"Shard {options.Shard} done; {result.MissingChunks} chunk(s) of other shards still missing in {options.OutDir}.");
                return ExitCodes.Success;
            }
            var table = new Table().AddColumns("quantity", "value");
            foreach (var (what, value) in ModelRunReport.Rows(result.Summary)) table.AddRow(Markup.Escape(what), Markup.Escape(value));
            AnsiConsole.Write(table);
            AnsiConsole.WriteLine("Wrote:");
            foreach (var f in result.Files) AnsiConsole.WriteLine($"  {f}");
            return ExitCodes.Success;
        });
        return command;
    }
}
