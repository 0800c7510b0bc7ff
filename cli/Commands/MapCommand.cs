using System.CommandLine;
using System.Globalization;
using Spectre.Console;
using Xbar.Validation.Networks;

namespace Xbar.Cli.Commands;

/// <summary>
/// `xbar map --model M.onnx --tile CONFIG|--preset NAME [--cell-bits B] [--weight-bits B] [--out DIR]`: the
/// tiles of every weight layer (NeuroSim's count, slices included), utilization, cells, MVMs and ADC
/// conversions per inference; printed and written to DIR/map.json for the network cost.
/// </summary>
public sealed class MapCommand : ICliCommand
{
    /// <summary><c>--cell-bits</c> and <c>--weight-bits</c>, shared with the commands that run sliced networks.</summary>
    public static (Option<int?> CellBits, Option<int?> WeightBits) SlicingOptions() => (
        new Option<int?>("--cell-bits") { Description = "Bits per cell (1 = binary MTJ, 2 = 4-state): cells of 2^b uniform states, weights bit-sliced over them (default: each cell holds the whole weight)." },
        new Option<int?>("--weight-bits") { Description = $"Magnitude bits of a sliced weight, its sign on the differential pair (default {CellSlicing.DefaultWeightBits} when --cell-bits is given)." });

    public Command Create()
    {
        var tile = new TileConfigOptions();
        tile.Config.Aliases.Add("--tile");
        var model = new Option<string>("--model") { Description = "ONNX model (opset 8 or later).", Required = true };
        var (cellBits, weightBits) = SlicingOptions();
        var output = new Option<string>("--out") { Description = "Output folder (map.json).", DefaultValueFactory = _ => Path.Combine("out", "map") };
        var command = new Command("map", "Map an ONNX model on crossbar tiles: tiles per layer (bit slices included), utilization, cells, MVMs and ADC conversions per inference; map.json.");
        tile.AddTo(command, withCalib: false);
        foreach (var o in new Option[] { model, cellBits, weightBits, output }) command.Options.Add(o);
        command.SetAction(parse =>
        {
            var cells = CellSlicing.Resolve(tile.Resolve(parse), parse.GetValue(cellBits), parse.GetValue(weightBits));
            var (map, _, file) = NetworkMap.Run(parse.GetValue(model)!, cells, parse.GetValue(output)!);
            string P(double v) => (100 * v).ToString("0.0", CultureInfo.InvariantCulture) + " %";
            var table = new Table().AddColumns("layer", "op", "matrix (rows x cols)", "groups", "slices", "tiles", "utilization", "MVMs / inference", "ADC conversions / inference");
            foreach (var l in map.Layers)
                table.AddRow(Markup.Escape(l.Node), l.OpType, $"{l.MatrixRows} x {l.MatrixCols}", l.Groups.ToString(CultureInfo.InvariantCulture),
                    l.Slices.ToString(CultureInfo.InvariantCulture), NetworkMap.N(l.Tiles), P(l.Utilization), NetworkMap.N(l.MvmsPerInference), NetworkMap.N(l.AdcConversionsPerInference));
            table.AddRow("[bold]total[/]", "", NetworkMap.N(map.TotalWeights) + " weights", "", "", "[bold]" + NetworkMap.N(map.TotalTiles) + "[/]", P(map.Utilization),
                NetworkMap.N(map.TotalMvms), NetworkMap.N(map.TotalAdcConversions));
            AnsiConsole.MarkupLine($"[grey]{Markup.Escape($"{cells.Config.Name}: {cells.Config.Array.Rows}x{cells.Config.Array.Cols} cells, {cells.Geometry} weights per tile; {cells.Describe()}")}[/]");
            AnsiConsole.Write(table);
            AnsiConsole.WriteLine($"{NetworkMap.N(map.TotalTiles)} tiles, {NetworkMap.N(map.TotalCells)} cells ({NetworkMap.N(map.TotalCellsUsed)} holding weights), {NetworkMap.N(map.TotalMacs)} MACs per inference");
            AnsiConsole.WriteLine($"Wrote {file}");
            return ExitCodes.Success;
        });
        return command;
    }
}
