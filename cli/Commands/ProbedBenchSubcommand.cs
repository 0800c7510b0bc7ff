using System.CommandLine;
using System.Globalization;
using Spectre.Console;
using Xbar.Validation.Benchmarks;

namespace Xbar.Cli.Commands;

/// <summary>`xbar bench probed`: the probed IR-drop option on ohmic cells, time per MVM against the nodal solve and programming time against the fast and exact options, in the same process.</summary>
public sealed class ProbedBenchSubcommand : IBenchSubcommand
{
    public Command Create()
    {
        var sizes = new Option<int[]>("--size") { Description = "Tile sizes n (n rows x n columns, n/2 differential outputs).", DefaultValueFactory = _ => [64, 128, 256], AllowMultipleArgumentsPerToken = true };
        var repeats = new Option<int>("--repeats") { Description = "Interleaved repeats per size; the fastest of each is kept.", DefaultValueFactory = _ => 3 };
        var wire = new Option<double>("--wire-r") { Description = "Wire resistance per segment (Ohm).", DefaultValueFactory = _ => 1.0 };
        var command = new Command("probed", "The probed IR-drop option on ohmic cells: us per MVM vs the nodal solve, and programming ms vs the fast option and the exact transfer matrix.");
        foreach (var o in new Option[] { sizes, repeats, wire }) command.Options.Add(o);
        command.SetAction(parse =>
        {
            var n = parse.GetValue(sizes) ?? [];
            if (n.Length == 0 || n.Any(s => s < 4 || s > 1024)) throw new InvalidInputException($"--size must be 4..1024 (got {string.Join(' ', n)})");
            int r = parse.GetValue(repeats);
            if (r < 1) throw new InvalidInputException($"--repeats must be at least 1 (got {r})");
            double wr = parse.GetValue(wire);
            if (!(wr > 0) || !double.IsFinite(wr)) throw new InvalidInputException($"--wire-r must be a positive resistance (got {wr})");
            var rows = new ProbedTileBenchmark { Sizes = n, Repeats = r, WireROhm = wr }.Run(s => AnsiConsole.MarkupLine($"[grey]{Markup.Escape(s)}[/]"));
            var inv = CultureInfo.InvariantCulture;
            var table = new Table().AddColumns("tile", "nodal us/MVM", "probed us/MVM", "x", $"us/MVM batch {ProbedTileBenchmark.Batch}", "x",
                "program fast ms", "program probed ms", "exact T ms");
            foreach (var row in rows)
                table.AddRow($"{row.Rows}x{row.Cols}", row.NodalUs.ToString("F0", inv), row.MvmUs.ToString("F2", inv), row.SpeedUp.ToString("F0", inv),
                    row.BatchMvmUs.ToString("F2", inv), row.BatchSpeedUp.ToString("F0", inv), row.FastProgramMs.ToString("F1", inv),
                    row.ProbedProgramMs.ToString("F1", inv), row.ExactProgramMs.ToString("F0", inv));
            AnsiConsole.Write(table);
            AnsiConsole.MarkupLine($"[grey]{Environment.ProcessorCount} cores; wall clock, best of {r} interleaved repeats (a shared machine makes them noisy; the ratios are the measure).[/]");
            return ExitCodes.Success;
        });
        return command;
    }
}
