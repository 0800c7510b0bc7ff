using System.CommandLine;
using System.Globalization;
using Spectre.Console;
using Xbar.Circuits.Nodal;

namespace Xbar.Cli.Commands;

/// <summary>
/// One `xbar bench` subcommand. Every implementation in this assembly is found by reflection by
/// <see cref="BenchCommand"/>, so adding a benchmark means adding one class and nothing else.
/// </summary>
public interface IBenchSubcommand
{
    /// <summary>Builds the subcommand (e.g. `solver`), with its options and action.</summary>
    Command Create();
}

/// <summary>`xbar bench &lt;what&gt;`: speed benchmarks that print ratios against a reference run in the same process.</summary>
public sealed class BenchCommand : ICliCommand
{
    public Command Create()
    {
        var bench = new Command("bench", "Speed benchmarks (timings against a reference run in the same process).");
        foreach (var c in CommandDiscovery.Create<IBenchSubcommand>(f => f.Create())) bench.Subcommands.Add(c);
        return bench;
    }
}

/// <summary>`xbar bench solver`: the nodal crossbar solver against ngspice, N = 16 .. 1024.</summary>
public sealed class SolverBenchSubcommand : IBenchSubcommand
{
    public Command Create()
    {
        var maxN = new Option<int>("--max-n") { Description = "Largest array size N (N x N).", DefaultValueFactory = _ => 1024 };
        var limit = new Option<double>("--ngspice-limit")
        {
            Description = "Seconds ngspice may take per solve; larger sizes skip ngspice once it is exceeded.",
            DefaultValueFactory = _ => 120,
        };
        var wire = new Option<double>("--wire-r") { Description = "Wire resistance per segment, word and bit lines (Ohm).", DefaultValueFactory = _ => 1.0 };
        var command = new Command("solver", "Nodal crossbar solver vs ngspice: time, speed-up and agreement for linear and MTJ cells.");
        command.Options.Add(maxN);
        command.Options.Add(limit);
        command.Options.Add(wire);
        command.SetAction(parse =>
        {
            int max = parse.GetValue(maxN);
            double seconds = parse.GetValue(limit);
            if (max < 16) throw new InvalidInputException($"--max-n must be at least 16 (got {max})");
            if (!(seconds > 0) || !double.IsFinite(seconds)) throw new InvalidInputException($"--ngspice-limit must be a positive number of seconds (got {seconds})");
            var benchmark = new SolverBenchmark
            {
                Sizes = new[] { 16, 32, 64, 128, 256, 512, 1024 }.Where(n => n <= max).ToArray(),
                NgspiceLimit = TimeSpan.FromSeconds(seconds),
                WireResistance = parse.GetValue(wire),
            };
            var table = new Table().AddColumns("N", "cells", "ngspice (s)", "nodal (ms)", "nodal CPU (ms)", "speed-up", "max rel. diff", "Newton", "CG", "KCL residual");
            AnsiConsole.MarkupLine($"[grey]{Environment.ProcessorCount} cores; wire {benchmark.WireResistance.ToString(CultureInfo.InvariantCulture)} Ohm/segment; inputs 0..0.2 V[/]");
            foreach (var row in benchmark.Run())
            {
                string ng = row.NgspiceSeconds is { } t ? t.ToString("F3", CultureInfo.InvariantCulture) : row.NgspiceNote;
                string speed = row.Speedup is { } s ? s.ToString("F0", CultureInfo.InvariantCulture) + "x" : "-";
                string diff = row.MaxRelativeDifference is { } d ? d.ToString("E1", CultureInfo.InvariantCulture) : "-";
                string nodal = (row.NodalSeconds * 1e3).ToString("F1", CultureInfo.InvariantCulture);
                Console.Error.WriteLine($"N={row.Size} {row.Device}: ngspice {ng}, nodal {nodal} ms, {speed}, diff {diff}");
                string cpu = (row.NodalCpuSeconds * 1e3).ToString("F1", CultureInfo.InvariantCulture);
                table.AddRow(row.Size.ToString(CultureInfo.InvariantCulture), row.Device, ng, nodal, cpu, speed, diff,
                    row.NewtonIterations.ToString(CultureInfo.InvariantCulture), row.LinearIterations.ToString(CultureInfo.InvariantCulture),
                    row.NodalResidual.ToString("E1", CultureInfo.InvariantCulture));
            }
            if (AnsiConsole.Profile.Width < 120) AnsiConsole.Profile.Width = 120; // keep rows on one line when redirected
            AnsiConsole.Write(table);
            return ExitCodes.Success;
        });
        return command;
    }
}
