using System.CommandLine;
using System.Globalization;
using Spectre.Console;
using Xbar.Behavioral.Config;
using Xbar.Validation.Benchmarks;
using Xbar.Validation.Networks;

namespace Xbar.Cli.Commands;

/// <summary>`xbar bench resnet`: ResNet-18 at 224x224 through behavioral tiles with every non-ideality on, against the float executor and ONNX Runtime.</summary>
public sealed class ResNetBenchSubcommand : IBenchSubcommand
{
    public Command Create()
    {
        var tile = new TileConfigOptions();
        var (cellBits, weightBits) = MapCommand.SlicingOptions();
        var irDrop = new Option<string?>("--ir-drop") { Description = "IR-drop model instead of the preset's: none, fast, exact or calibrated (calibrated and exact cost about 2 x rows nodal solves per tile at programming)." };
        var images = new Option<int>("--images") { Description = "Images timed.", DefaultValueFactory = _ => 8 };
        var batch = new Option<int>("--batch") { Description = "Images per executor call.", DefaultValueFactory = _ => 8 };
        var data = new Option<string>("--data") { Description = "IDX image set (Fashion-MNIST).", DefaultValueFactory = _ => "/usr/share/datasets/fashion-mnist" };
        var command = new Command("resnet", "ResNet-18 (224x224, 1.8 GMAC per image) through behavioral tiles with every non-ideality on: images/s and ratios to the float executor and ONNX Runtime (goal: 2 images/s on 2 cores).");
        tile.AddTo(command);
        foreach (var o in new Option[] { cellBits, weightBits, irDrop, images, batch, data }) command.Options.Add(o);
        command.SetAction(parse =>
        {
            var config = tile.Resolve(parse, defaultPreset: "mtj4");
            if (parse.GetValue(irDrop) is { } ir)
                config = config with
                {
                    IrDrop = config.IrDrop with
                    {
                        Model = ir.ToLowerInvariant() switch
                        {
                            "none" => IrDropModel.None, "fast" => IrDropModel.Fast, "exact" => IrDropModel.Exact, "calibrated" => IrDropModel.Calibrated,
                            _ => throw new InvalidInputException($"--ir-drop: unknown model \"{ir}\" (none, fast, exact, calibrated)"),
                        },
                    },
                };
            var cells = CellSlicing.Resolve(config, parse.GetValue(cellBits), parse.GetValue(weightBits));
            var r = new ResNetTileBenchmark { Images = parse.GetValue(images), Batch = parse.GetValue(batch), DataDir = parse.GetValue(data)! }
                .Run(cells, tile.ResolveCalibration(parse, cells.Config), s => AnsiConsole.MarkupLine($"[grey]{Markup.Escape(s)}[/]"));
            string F(double v, string f) => v.ToString(f, CultureInfo.InvariantCulture);
            var table = new Table().AddColumns("run", "images/s", "time ratio to the float executor");
            table.AddRow("ONNX Runtime 1.31.1 (float32, 1 image per call)", F(r.OrtImagesPerSecond, "F2"), F(r.OrtSeconds / r.FloatSeconds, "F2"));
            table.AddRow($"float executor (float64, batch {r.Batch})", F(r.FloatImagesPerSecond, "F2"), "1.00");
            table.AddRow(Markup.Escape($"tiles: {r.Tile}"), F(r.TileImagesPerSecond, "F3"), F(r.SlowdownVsFloat, "F2"));
            AnsiConsole.Write(table);
            AnsiConsole.WriteLine($"{r.Tiles:N0} tiles programmed in {F(r.ProgramSeconds, "F1")} s ({F(1e3 * r.ProgramSeconds / Math.Max(1, r.Tiles), "F2")} ms per tile); "
                + $"tile reads are {F(100 * r.TileReadShare, "F0")} % of the tile run's CPU time (the rest is the engine around them).");
            AnsiConsole.WriteLine($"Processor time: tiles {F(r.TileCpuSeconds / r.Images, "F2")} s per image, {F(r.CpuSlowdownVsFloat, "F2")}x the float executor's "
                + $"({F(r.FloatCpuSeconds / r.Images, "F2")} s); {F(r.TileImagesPerCpuSecondOnAllCores, "F2")} images/s if every core were the run's alone.");
            AnsiConsole.MarkupLine($"Tiles: [bold]{F(r.TileImagesPerSecond, "F3")} images/s[/] (goal >= 2 on 2 cores; this machine: {Environment.ProcessorCount} cores, shared).");
            return ExitCodes.Success;
        });
        return command;
    }
}
