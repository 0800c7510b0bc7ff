using System.CommandLine;
using System.Globalization;
using Spectre.Console;
using Xbar.Behavioral.Config;
using Xbar.Validation.Benchmarks;

namespace Xbar.Cli.Commands;

/// <summary>`xbar bench tile`: MVMs per second of one tile, one vector per call against batches (BLAS), in the same process.</summary>
public sealed class TileBenchSubcommand : IBenchSubcommand
{
    /// <summary>ResNet-18's multiply-accumulates per 224x224 image (He et al. 2016, Table 1: 1.8 x 10^9 FLOPs, counted as multiply-adds).</summary>
    private const double ResNet18Macs = 1.8e9;

    public Command Create()
    {
        var size = new Option<int>("--size") { Description = "Tile size in weights: size rows x size outputs (differential pairs on 2 x size columns).", DefaultValueFactory = _ => 256 };
        var batch = new Option<int>("--batch") { Description = "Vectors per batch.", DefaultValueFactory = _ => 4096 };
        var models = new Option<IrDropModel[]>("--model") { Description = "IR-drop options to measure.", DefaultValueFactory = _ => [IrDropModel.Fast, IrDropModel.Calibrated], AllowMultipleArgumentsPerToken = true };
        var command = new Command("tile", "MVMs per second of one tile with every non-ideality on (mtj4): one vector per call vs batches as matrix products.");
        foreach (var o in new Option[] { size, batch, models }) command.Options.Add(o);
        command.SetAction(parse =>
        {
            int n = parse.GetValue(size), b = parse.GetValue(batch);
            if (n < 2 || n > 1024) throw new InvalidInputException($"--size must be 2..1024 (got {n})");
            if (b < 1) throw new InvalidInputException($"--batch must be at least 1 (got {b})");
            var rows = new TileThroughputBenchmark { Size = n, Batch = b, Models = parse.GetValue(models) ?? [IrDropModel.Fast] }
                .Run(s => AnsiConsole.MarkupLine($"[grey]{Markup.Escape(s)}[/]"));
            var table = new Table().AddColumns("IR drop", "tile", "load term", "program (s)", "MVM/s one at a time", $"MVM/s batches of {b}", "x", "GMAC/s", "ResNet-18 images/s at full tiles");
            foreach (var r in rows)
                table.AddRow(r.Model, $"{r.Rows}x{r.Outputs}", r.HasLoadTerm ? "yes" : "no",
                    r.ProgramSeconds.ToString("F2", CultureInfo.InvariantCulture),
                    r.PerSampleMvmPerSecond.ToString("F0", CultureInfo.InvariantCulture),
                    r.BatchedMvmPerSecond.ToString("F0", CultureInfo.InvariantCulture),
                    r.Speedup.ToString("F1", CultureInfo.InvariantCulture),
                    (r.MacsPerSecond / 1e9).ToString("F2", CultureInfo.InvariantCulture),
                    (r.MacsPerSecond / ResNet18Macs).ToString("F2", CultureInfo.InvariantCulture));
            AnsiConsole.Write(table);
            AnsiConsole.MarkupLine($"[grey]cores: {Environment.ProcessorCount}; the last column assumes every tile full and no other work (im2col, activations): an upper bound for the network engine.[/]");
            return ExitCodes.Success;
        });
        return command;
    }
}
