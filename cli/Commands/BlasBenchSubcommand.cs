using System.CommandLine;
using System.Globalization;
using Spectre.Console;
using Xbar.Validation.Benchmarks;

namespace Xbar.Cli.Commands;

/// <summary>`xbar bench blas`: n x n GEMM through OpenBLAS against MathNet's managed product, single and double precision.</summary>
public sealed class BlasBenchSubcommand : IBenchSubcommand
{
    public Command Create()
    {
        var size = new Option<int>("--size") { Description = "Matrix size n (n x n times n x n).", DefaultValueFactory = _ => 1024 };
        var repeats = new Option<int>("--repeats") { Description = "OpenBLAS repeats (best kept); MathNet runs 2.", DefaultValueFactory = _ => 5 };
        var command = new Command("blas", "Matrix product GFLOPS: OpenBLAS (sgemm, dgemm) vs MathNet's managed product, same process, same matrices.");
        command.Options.Add(size);
        command.Options.Add(repeats);
        command.SetAction(parse =>
        {
            var rows = new BlasBenchmark { Size = parse.GetValue(size), BlasRepeats = parse.GetValue(repeats) }
                .Run(s => AnsiConsole.MarkupLine($"[grey]{Markup.Escape(s)}[/]"));
            var inv = CultureInfo.InvariantCulture;
            var table = new Table().AddColumns("precision", "engine", "n", "best of", "time (ms)", "GFLOPS", "x MathNet", "max rel. diff");
            foreach (var r in rows)
                table.AddRow(r.Precision, Markup.Escape(r.Engine), r.Size.ToString(inv), r.Repeats.ToString(inv),
                    (1e3 * r.BestSeconds).ToString("F1", inv), r.Gflops.ToString("F1", inv),
                    r.SpeedupOverManaged is { } s ? s.ToString("F0", inv) + "x" : "-", r.MaxRelativeDifference.ToString("0.0E+0", inv));
            if (AnsiConsole.Profile.Width < 120) AnsiConsole.Profile.Width = 120; // keep rows on one line when redirected
            AnsiConsole.Write(table);
            AnsiConsole.MarkupLine($"[grey]{Environment.ProcessorCount} cores; wall-clock times, best of the repeats (a shared machine slows the worst runs, not the best).[/]");
            return ExitCodes.Success;
        });
        return command;
    }
}
