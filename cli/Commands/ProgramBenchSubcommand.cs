using System.CommandLine;
using System.Globalization;
using Spectre.Console;
using Xbar.Validation.Benchmarks;

namespace Xbar.Cli.Commands;

/// <summary>`xbar bench program`: seconds to build a tile's transfer model, 2m + 1 nodal solves one at a time against batched, in the same process.</summary>
public sealed class ProgramBenchSubcommand : IBenchSubcommand
{
    public Command Create()
    {
        var sizes = new Option<int[]>("--size") { Description = "Tile sizes m (m rows x m differential pairs on 2m columns).", DefaultValueFactory = _ => [64, 128, 256], AllowMultipleArgumentsPerToken = true };
        var command = new Command("program", "Seconds to program a tile's transfer model (exact and calibrated IR drop): 2m + 1 nodal solves one at a time vs batched (one per SIMD lane).");
        var repeats = new Option<int>("--repeats") { Description = "Builds per method and tile, interleaved; the fastest is kept.", DefaultValueFactory = _ => 2 };
        command.Options.Add(sizes);
        command.Options.Add(repeats);
        command.SetAction(parse =>
        {
            var n = parse.GetValue(sizes) ?? [];
            if (n.Length == 0 || n.Any(s => s < 2 || s > 1024)) throw new InvalidInputException($"--size must be 2..1024 (got {string.Join(' ', n)})");
            int r = parse.GetValue(repeats);
            if (r < 1) throw new InvalidInputException($"--repeats must be at least 1 (got {r})");
            var rows = new TileProgrammingBenchmark { Sizes = n, Repeats = r }.Run(s => AnsiConsole.MarkupLine($"[grey]{Markup.Escape(s)}[/]"));
            var inv = CultureInfo.InvariantCulture;
            var methods = TileProgrammingBenchmark.Methods;
            var table = new Table().AddColumns("cells", "array");
            foreach (var m in methods) table.AddColumn($"{m} (s)");
            foreach (var m in methods.Skip(1)) table.AddColumn($"{m} x, max rel. diff");
            foreach (var row in rows)
            {
                var cells = new List<string> { row.Cells, $"{row.Rows}x{row.Cols}" };
                for (int k = 0; k < methods.Length; k++)
                    cells.Add(k < row.Seconds.Length ? row.Seconds[k].ToString("F3", inv) : "same path");
                for (int k = 1; k < methods.Length; k++)
                    cells.Add(k >= row.Seconds.Length ? "-" : $"{(row.Seconds[0] / row.Seconds[k]).ToString("F1", inv)}x, {row.MaxRelativeDifference[k].ToString("0.0E+0", inv)}");
                table.AddRow(cells.ToArray());
            }
            if (AnsiConsole.Profile.Width < 140) AnsiConsole.Profile.Width = 140;
            AnsiConsole.Write(table);
            AnsiConsole.MarkupLine($"[grey]{Environment.ProcessorCount} cores; wall-clock seconds, best of {r} interleaved builds (a shared machine makes them noisy; the ratios are the measure). Max rel. diff: the largest difference of any model coefficient from the row solves' model.[/]");
            return ExitCodes.Success;
        });
        return command;
    }
}
