using System.CommandLine;
using System.Globalization;
using Xbar.Cli.Fuzzing;
using Xbar.Validation.Reporting;

namespace Xbar.Cli.Commands;

/// <summary>
/// `xbar fuzz`: the netlist fuzzer (<see cref="FuzzRunner"/>). Runs --count seeded mutants of the
/// examples and of generated netlists through `xbar sim` on every engine and prints how each run
/// ended. Exit 0 when no run crashed, printed a stack trace, hung past the timeout, ended in a
/// dead engine, or refused its input without file:line; exit 1 otherwise, with the failing cases
/// saved in --out/failures.
/// </summary>
public sealed class FuzzCommand : ICliCommand
{
    public Command Create()
    {
        var count = new Option<int>("--count") { Description = "Mutated netlists to run (each through every engine).", DefaultValueFactory = _ => 10000 };
        var seed = new Option<int>("--seed") { Description = "Seed of the mutations and the generated netlists.", DefaultValueFactory = _ => 1 };
        var engines = new Option<string>("--engines") { Description = "Comma list of engines.", DefaultValueFactory = _ => "nodal,ngspice" };
        var timeout = new Option<double>("--timeout") { Description = "Seconds per run (the --timeout of xbar sim).", DefaultValueFactory = _ => 2 };
        var corpus = new Option<string?>("--corpus") { Description = "Folder of seed netlists (*.cir); default: examples/ when it exists here." };
        var output = new Option<string>("--out") { Description = "Work folder: the current case, failing cases and report.md.", DefaultValueFactory = _ => Path.Combine("out", "fuzz") };
        var cmd = new Command("fuzz", "Fuzz the netlist reader and both engines with seeded mutants of the examples and of generated netlists.");
        foreach (var o in new Option[] { count, seed, engines, timeout, corpus, output }) cmd.Options.Add(o);
        cmd.SetAction(parse =>
        {
            var stdout = parse.InvocationConfiguration.Output;
            var names = parse.GetValue(engines)!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            foreach (var name in names) Xbar.Circuits.Engines.EngineFactory.Create(name).Dispose(); // unknown names: exit 2 now
            var corpusDir = parse.GetValue(corpus) ?? (Directory.Exists("examples") ? "examples" : null);
            var options = new FuzzOptions(parse.GetValue(count), parse.GetValue(seed), names, parse.GetValue(timeout), corpusDir, parse.GetValue(output)!);
            var clock = System.Diagnostics.Stopwatch.StartNew();
            var report = ProgressDisplay.Run("fuzzing", p => FuzzRunner.Run(options, p));
            var text = FuzzReportText.Format(options, report, clock.Elapsed.TotalSeconds);
            stdout.Write(text);
            File.WriteAllText(Path.Combine(options.OutDirectory, "report.md"), text);
            return report.FailureCount == 0 ? ExitCodes.Success : ExitCodes.Failure;
        });
        return cmd;
    }
}
