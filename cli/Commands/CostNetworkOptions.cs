using System.CommandLine;
using System.Globalization;
using Spectre.Console;
using Xbar.Circuits.Cost;
using Xbar.Validation.Cost;
using Xbar.Validation.Networks;

namespace Xbar.Cli.Commands;

/// <summary>
/// `xbar cost --model M.onnx --tile CONFIG|--preset NAME [--cell-bits B] [--weight-bits W] [--schedule sequential|pipelined]
/// [--cost-config C.json] [--cost-model F.json] [--adc flash|sar] [--adc-bits B] [--inputs dense] [--out DIR]`: a
/// network's energy, latency and area per inference, per layer and in total, from `xbar map`'s tiles and the
/// per-tile cost model (the shipped fit by default); cost.json, cost.md, energy_by_layer.png, ERT.yaml/ART.yaml.
/// `--compare A,B` runs presets A (1-bit cells) and B (2-bit cells) with the same weight bits and writes the
/// Gupte et al. 2026 comparison (gupte.md, gupte.csv). `--model resnet18` is the ImageNet ResNet-18 of the NuGet package.
/// </summary>
public sealed class CostNetworkOptions
{
    private readonly TileConfigOptions _tile = new();
    private readonly Option<string?> _model = new("--model") { Description = "ONNX model of the network whose cost per inference to report (\"resnet18\": the ImageNet ResNet-18 of the NuGet package)." };
    private readonly Option<int?> _cellBits;
    private readonly Option<int?> _weightBits;
    private readonly Option<string> _schedule = new("--schedule") { Description = "sequential (latency = sum of the layers') or pipelined (latency = the slowest layer's, the stage time).", DefaultValueFactory = _ => "sequential" };
    private readonly Option<string?> _costConfig = new("--cost-config") { Description = "Cost config JSON (technology, readout, adc type and columns_per_adc, digital; the tile config sets array, cell, DAC and ADC bits). Default: the built-in 22 nm defaults." };
    private readonly Option<string?> _costModel = new("--cost-model") { Description = "Fitted tile cost model JSON (xbar cost fit). Default: the shipped 22 nm fit." };
    private readonly Option<string?> _adc = new("--adc") { Description = "ADC type: flash or sar (overrides the cost config)." };
    private readonly Option<int?> _adcBits = new("--adc-bits") { Description = "ADC resolution (overrides the tile config's)." };
    private readonly Option<string> _inputs = new("--inputs") { Description = "Input statistics of every tile read: dense, sparse, sparse:DENSITY, full.", DefaultValueFactory = _ => "dense" };
    private readonly Option<string?> _compare = new("--compare") { Description = "Two presets A,B (1-bit vs 2-bit cells, e.g. mtj1bit,mtj2bit): both costed with the same --weight-bits (default 8); gupte.md and gupte.csv." };
    private readonly Option<string> _out = new("--out") { Description = "Output folder.", DefaultValueFactory = _ => Path.Combine("out", "cost") };

    public CostNetworkOptions()
    {
        _tile.Config.Aliases.Add("--tile");
        (_cellBits, _weightBits) = MapCommand.SlicingOptions();
    }

    public void AddTo(Command command)
    {
        _tile.AddTo(command, withCalib: false);
        foreach (var o in new Option[] { _model, _cellBits, _weightBits, _schedule, _costConfig, _costModel, _adc, _adcBits, _inputs, _compare, _out })
            command.Options.Add(o);
        command.SetAction(Run);
    }

    private int Run(ParseResult parse)
    {
        string model = parse.GetValue(_model)
            ?? throw new InvalidInputException("xbar cost: give --model M.onnx for a network's cost, or a subcommand (tile, sweep, fit, merge); see xbar cost --help");
        var setup = Setup(parse);
        string outDir = CostCommand.OutputFolder(parse.GetValue(_out)!);
        if (parse.GetValue(_compare) is { } compare)
        {
            var presets = compare.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
            if (presets.Length != 2) throw new InvalidInputException($"--compare takes two presets A,B (e.g. mtj1bit,mtj2bit), got \"{compare}\"");
            if (parse.GetValue(_tile.Config) is not null || parse.GetValue(_tile.Preset) is not null || parse.GetValue(_cellBits) is not null)
                throw new InvalidInputException("--compare names its two presets: leave out --tile, --preset and --cell-bits");
            var r = GupteComparison.Run(model, presets[0], presets[1], parse.GetValue(_weightBits) ?? CellSlicing.DefaultWeightBits, setup, outDir);
            Print(r.A);
            Print(r.B);
            var table = new Table().AddColumns("metric", presets[0], presets[1], "ratio", $"{presets[1]} +1 ADC bit", "ratio", "Gupte et al. 2026");
            foreach (var row in GupteComparison.Rows(r.A.Cost, r.B.Cost, r.BMoreAdcBits))
                table.AddRow(row.Metric, G(row.A), G(row.B), $"{row.Ratio:0.00}x", G(row.BPlus), $"{row.RatioPlus:0.00}x", Markup.Escape(GupteComparison.Paper[row.Metric]));
            AnsiConsole.Write(table);
            AnsiConsole.WriteLine($"Wrote {r.Files[^2]}, {r.Files[^1]} and each preset's files under {outDir}");
            return ExitCodes.Success;
        }
        var cells = CellSlicing.Resolve(_tile.Resolve(parse), parse.GetValue(_cellBits), parse.GetValue(_weightBits));
        var result = NetworkCostRun.Run(model, cells, setup, outDir);
        Print(result);
        AnsiConsole.WriteLine($"Wrote {string.Join(", ", result.Files)}");
        return ExitCodes.Success;
    }

    private NetworkCostSetup Setup(ParseResult parse)
    {
        var baseConfig = CostCommand.LoadConfig(parse.GetValue(_costConfig));
        if (parse.GetValue(_adc) is { } adc) baseConfig = (baseConfig with { Adc = baseConfig.Conv with { Type = adc } }).Validate();
        var schedule = parse.GetValue(_schedule)!.ToLowerInvariant() switch
        {
            "sequential" => LayerSchedule.Sequential,
            "pipelined" => LayerSchedule.Pipelined,
            var s => throw new InvalidInputException($"--schedule must be sequential or pipelined (got \"{s}\")"),
        };
        string path = parse.GetValue(_costModel) ?? ShippedCostModel.DefaultPath;
        var fitted = FittedTileCostModel.Load(path);
        return new NetworkCostSetup(baseConfig, fitted, $"fitted model {Path.GetFileName(path)} ({fitted.Source})",
            InputStatistics.Parse(parse.GetValue(_inputs)!), schedule, parse.GetValue(_adcBits));
    }

    private static void Print(NetworkCostResult r)
    {
        var c = r.Cost;
        string F(double v, string format) => v.ToString(format, CultureInfo.InvariantCulture);
        AnsiConsole.MarkupLine($"[bold]{Markup.Escape($"{Path.GetFileName(r.Model)} on {r.Cells.Config.Name}: {r.Cells.Describe()}")}[/]");
        var table = new Table().AddColumns("layer", "op", "tiles", "tile reads", "energy (uJ)", "drivers", "cells+wires", "tia", "adc", "shift-add", "latency (us)", "area (mm^2)");
        void Row(string name, string op, long tiles, long reads, EnergyBreakdown e, double latency, double area) =>
            table.AddRow(name, op, NetworkMap.N(tiles), NetworkMap.N(reads), F(e.Total * 1e6, "0.000"), F(e.Drivers * 1e6, "0.000"), F((e.Cells + e.Wires) * 1e6, "0.000"),
                F(e.Tia * 1e6, "0.000"), F(e.Adc * 1e6, "0.000"), F(e.ShiftAdd * 1e6, "0.000"), F(latency * 1e6, "0.000"), F(area * 1e6, "0.000"));
        foreach (var l in c.Layers) Row(Markup.Escape(l.Map.Node), l.Map.OpType, l.Map.Tiles, l.Map.TileReadsPerInference, l.Energy, l.LatencyS, l.AreaM2);
        Row("[bold]total[/]", c.Schedule.ToString().ToLowerInvariant(), c.Map.TotalTiles, c.Map.TotalTileReads, c.Energy, c.LatencyS, c.AreaM2);
        AnsiConsole.Write(table);
        AnsiConsole.WriteLine(FormattableString.Invariant(
            $"energy {c.EnergyJ:G4} J, latency {c.LatencyS:G4} s ({c.Schedule.ToString().ToLowerInvariant()}), area {c.AreaMm2:G4} mm^2, EDP {c.EdpJs:G4} J s, {c.TopsPerW:G4} TOPS/W, {c.TopsPerMm2:G4} TOPS/mm^2 (ops = 2 x {c.Map.TotalMacs:N0} MACs)"));
    }

    private static string G(double v) => v.ToString("G4", CultureInfo.InvariantCulture);
}
