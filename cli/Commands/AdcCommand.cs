using System.CommandLine;
using Spectre.Console;
using Xbar.Circuits.ReadCircuits;
using Xbar.Validation.ReadCircuits;
using Xbar.Validation.Reporting;
using Xbar.Validation.Sharding;

namespace Xbar.Cli.Commands;

/// <summary>
/// `xbar adc flash`: SPICE study of a flash ADC reading a multi-state MTJ cell (load-resistor sense
/// on a bit line + 2^b - 1 comparators on a reference ladder). Sweeps TMR and number of states, runs
/// Monte Carlo on W parallel ngspice processes, writes DIR/summary.csv, per-point files and PNGs,
/// resumes an interrupted run and splits the points with --shard I/N.
/// </summary>
public sealed class AdcCommand : ICliCommand
{
    public Command Create()
    {
        var command = new Command("adc", "Read-circuit ADC studies in SPICE.");
        command.Subcommands.Add(CreateFlash());
        command.Subcommands.Add(AdcColumnSubcommand.Create());
        return command;
    }

    private static Command CreateFlash()
    {
        var bits = new Option<int>("--bits") { Description = "ADC resolution b (1..8): 2^b - 1 comparators.", Required = true };
        var device = new Option<string>("--device") { Description = "Cell device being read (mtj).", DefaultValueFactory = _ => "mtj" };
        var states = new Option<string>("--states") { Description = "Number of programmed states K, or a list (2,4,8) to sweep.", Required = true };
        var tmr = new Option<string>("--tmr-sweep") { Description = "Zero-bias TMR as a fraction, FROM:TO:STEP or one value (1.74 = 174 %).", DefaultValueFactory = _ => "1.74" };
        var mc = new Option<int>("--mc") { Description = "Monte Carlo draws per point (0 = nominal design once).", DefaultValueFactory = _ => 1000 };
        var seed = new Option<long>("--seed") { Description = "Seed of every Monte Carlo draw.", DefaultValueFactory = _ => 1 };
        var workers = new Option<int>("--workers") { Description = "Parallel ngspice processes.", DefaultValueFactory = _ => Environment.ProcessorCount };
        var shard = ShardOption.Create();
        var export = new Option<bool>("--export-thresholds") { Description = "Also measure the transfer curve of Monte Carlo chip 0 at each point and write its thresholds (offsets, DNL/INL) as JSON for the behavioral flash ADC." };
        var output = new Option<string>("--out") { Description = "Output folder.", Required = true };
        var cmd = new Command("flash", "Read a multi-state cell with a flash ADC: latency, energy and code error rate vs TMR and states.");
        foreach (var o in new Option[] { bits, device, states, tmr, mc, seed, workers, shard, export, output }) cmd.Options.Add(o);
        cmd.SetAction(parse =>
        {
            try
            {
                if (!string.Equals(parse.GetValue(device), "mtj", StringComparison.OrdinalIgnoreCase))
                    throw new InvalidInputException($"--device {parse.GetValue(device)}: only 'mtj' is supported by the flash-ADC read study.");
                var spec = new ReadSweepSpec(
                    ReadSweepSpec.ParseRange(parse.GetValue(tmr)!, "--tmr-sweep"),
                    ReadSweepSpec.ParseStates(parse.GetValue(states)!),
                    parse.GetValue(bits), parse.GetValue(mc), parse.GetValue(seed));
                var shardSpec = ShardOption.Resolve(parse, shard);
                int w = parse.GetValue(workers);
                var store = new ReadSweepStore(parse.GetValue(output)!);
                if (w < 1) throw new InvalidInputException($"--workers must be >= 1, got {w}.");
                store.Prepare(ReadSweepStore.RunSettings.Of(spec));
                // Every SPICE run goes through the project's ngspice engine (worker pool of W processes).
                using var engine = new EngineTransientRunner(w);
                var runner = new ReadSweepRunner(new CellReadMonteCarlo(engine), w);
                return Execute(spec, shardSpec, store, runner, parse.GetValue(export));
            }
            catch (ReadSimulationException e)
            {
                Console.Error.WriteLine($"Simulation failed: {e.Message}");
                return ExitCodes.SimulationFailed;
            }
        });
        return cmd;
    }

    private static int Execute(ReadSweepSpec spec, ShardSpec shard, ReadSweepStore store, ReadSweepRunner runner, bool export)
    {
        var pending = ReadSweepRunner.Pending(spec, shard, store);
        int owned = spec.Points().Where((_, i) => shard.Owns(i)).Count();
        AnsiConsole.MarkupLine($"[grey]{owned} point(s) in shard {shard.Index}/{shard.Count}, {owned - pending.Count} already done, {pending.Count} to run on {runner.Workers} worker(s).[/]");
        int drawsPerPoint = Math.Max(1, spec.McRuns);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        if (ProgressDisplay.Console is { } bars)
            bars.Progress().Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
                .Start(ctx =>
                {
                    var task = ctx.AddTask("flash ADC read sweep", maxValue: Math.Max(1, pending.Count * drawsPerPoint));
                    var progress = new SyncProgress(n => task.Increment(n));
                    runner.Run(spec, shard, store, p => task.Description = $"TMR {p.Tmr0 * 100:0.#} %, {p.States} states", progress);
                    task.Value = task.MaxValue;
                });
        else runner.Run(spec, shard, store);
        double seconds = clock.Elapsed.TotalSeconds;
        if (pending.Count > 0)
            AnsiConsole.MarkupLine(System.FormattableString.Invariant(
                $"[grey]{pending.Count} point(s), {pending.Count * drawsPerPoint} Monte Carlo draw(s) x states in {seconds:F1} s ({seconds / pending.Count:F1} s per point).[/]"));
        if (export)
        {
            foreach (var point in spec.Points().Where((_, i) => shard.Owns(i)))
            {
                var path = FlashThresholdExport.Write(point, spec.Seed, runner.MonteCarlo, store.Directory_);
                AnsiConsole.MarkupLine($"[grey]thresholds: {Markup.Escape(path)}[/]");
            }
        }
        var table = new Table().AddColumns("TMR", "states", "bits", "latency (ns)", "energy (fJ)", "code error rate", "MC runs");
        foreach (var r in store.LoadPoints().OrderBy(p => p.Tmr0).ThenBy(p => p.States))
            table.AddRow($"{r.Tmr0:0.###}", $"{r.States}", $"{r.Bits}", $"{r.LatencyNs:0.000}", $"{r.EnergyFj:0.00}", $"{r.CodeErrorRate:0.####E+0}", $"{r.McRuns}");
        AnsiConsole.Write(table);
        AnsiConsole.MarkupLine($"[grey]summary: {Markup.Escape(store.SummaryPath)}[/]");
        return ExitCodes.Success;
    }

    /// <summary>An IProgress that calls back on the reporting thread (Progress&lt;T&gt; would post to a sync context).</summary>
    private sealed class SyncProgress(Action<int> report) : IProgress<int>
    {
        private readonly object _gate = new();
        public void Report(int value) { lock (_gate) report(value); }
    }
}
