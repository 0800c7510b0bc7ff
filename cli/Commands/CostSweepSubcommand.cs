using System.CommandLine;
using System.Globalization;
using Spectre.Console;
using Xbar.Circuits.Cost;
using Xbar.Circuits.ReadCircuits;
using Xbar.Validation.Cost;
using Xbar.Validation.Sharding;

namespace Xbar.Cli.Commands;

/// <summary>
/// `xbar cost sweep`: tile MVM transients over cell types x encodings x sizes x input statistics x
/// seeds, each evaluated at every ADC resolution and both ADC kinds; resumable (finished points are
/// kept), split with --shard I/N and joined with `xbar cost merge`.
/// </summary>
public static class CostSweepSubcommand
{
    public static Command Create()
    {
        var config = new Option<string?>("--config") { Description = "Base cost config JSON (technology, read voltage, driver, read-out, DAC bits...)." };
        var cells = new Option<string>("--cells") { Description = "Cell types, comma-separated.", DefaultValueFactory = _ => "mtj1,mtj2,rram,pcm" };
        var encodings = new Option<string>("--encodings") { Description = "Input encodings: amplitude, pulse-width.", DefaultValueFactory = _ => "amplitude,pulse-width" };
        var sizes = new Option<string>("--sizes") { Description = "Array sizes: N (N x N) or RxC, comma-separated.", DefaultValueFactory = _ => "16,32,64,128,32x128,128x32" };
        var inputs = new Option<string>("--inputs") { Description = "Input statistics: dense, sparse, sparse:D, full.", DefaultValueFactory = _ => "dense,sparse,full" };
        var seeds = new Option<int>("--seeds") { Description = "Seeds (programmed states and inputs) per point.", DefaultValueFactory = _ => 2 };
        var bits = new Option<string>("--bits") { Description = "ADC resolutions each transient is read at: FROM:TO or a list.", DefaultValueFactory = _ => "1:8" };
        var engine = new Option<string>("--engine") { Description = "nodal or ngspice (sizes up to 64).", DefaultValueFactory = _ => "nodal" };
        var workers = new Option<int>("--workers") { Description = "Points simulated at once.", DefaultValueFactory = _ => Environment.ProcessorCount };
        var shard = ShardOption.Create();
        var output = new Option<string>("--out") { Description = "Output folder (resumed when it holds the same sweep).", Required = true };
        var cmd = new Command("sweep", "Tile MVM transients over cell types, encodings, sizes, input statistics and ADC bits (resumable, shardable).");
        foreach (var o in new Option[] { config, cells, encodings, sizes, inputs, seeds, bits, engine, workers, shard, output }) cmd.Options.Add(o);
        cmd.SetAction(parse =>
        {
            var spec = new CostSweepSpec(CostCommand.LoadConfig(parse.GetValue(config)),
                CostSweepSpec.Items(parse.GetValue(cells)!, "--cells"),
                CostSweepSpec.Items(parse.GetValue(encodings)!, "--encodings"),
                CostSweepSpec.ParseSizes(parse.GetValue(sizes)!),
                CostSweepSpec.Items(parse.GetValue(inputs)!, "--inputs").Select(s => InputStatistics.Parse(s)).ToArray(),
                parse.GetValue(seeds), CostSweepSpec.ParseBits(parse.GetValue(bits)!), parse.GetValue(engine)!.ToLowerInvariant());
            var shardSpec = ShardOption.Resolve(parse, shard);
            var store = new CostSweepStore(parse.GetValue(output)!);
            int w = parse.GetValue(workers);
            try
            {
                using var runner = spec.Engine == "ngspice" ? new EngineTransientRunner(Math.Max(1, w), TimeSpan.FromMinutes(20)) : null;
                return Execute(spec, shardSpec, store, new CostSweepRunner(w, runner));
            }
            catch (ReadSimulationException e)
            {
                Console.Error.WriteLine($"Simulation failed: {e.Message}");
                return ExitCodes.SimulationFailed;
            }
        });
        return cmd;
    }

    private static int Execute(CostSweepSpec spec, ShardSpec shard, CostSweepStore store, CostSweepRunner runner)
    {
        store.Prepare(CostSweepStore.SettingsOf(spec));
        var pending = CostSweepRunner.Pending(spec, shard, store);
        int owned = spec.Points().Where((_, i) => shard.Owns(i)).Count();
        AnsiConsole.MarkupLine($"[grey]{owned} point(s) in shard {shard.Index}/{shard.Count}, {owned - pending.Count} already done, {pending.Count} to run on {runner.Workers} worker(s) ({spec.Engine}).[/]");
        var clock = System.Diagnostics.Stopwatch.StartNew();
        AnsiConsole.Progress().Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
            .Start(ctx =>
            {
                var task = ctx.AddTask("cost sweep", maxValue: Math.Max(1, pending.Count));
                var gate = new object();
                runner.Run(spec, shard, store, p =>
                {
                    lock (gate)
                    {
                        task.Increment(1);
                        task.Description = $"{p.Cell} {p.Encoding} {p.Rows}x{p.Cols} {p.Inputs.Name}";
                    }
                });
                task.Value = task.MaxValue;
            });
        AnsiConsole.MarkupLine(FormattableString.Invariant($"[grey]{pending.Count} transient(s) in {clock.Elapsed.TotalSeconds:F1} s (machine shared).[/]"));
        Summary(store.LoadSamples(), spec.Base.Conv.Bits);
        AnsiConsole.MarkupLine($"[grey]summary: {Markup.Escape(store.SummaryPath)}[/]");
        return ExitCodes.Success;
    }

    /// <summary>Means over seeds at the base config's ADC resolution, dense inputs.</summary>
    private static void Summary(IReadOnlyList<CostSample> samples, int bits)
    {
        var rows = samples.Where(s => s.Bits == bits && s.Inputs == InputStatistics.Dense.Name).ToList();
        if (rows.Count == 0) return;
        var table = new Table().AddColumns("cell", "encoding", "size", "ADC", "energy (pJ)", "array+wires+drivers (pJ)", "latency (ns)", "area (um^2)", "seeds");
        foreach (var g in rows.GroupBy(s => (s.Cell, s.Encoding, s.Rows, s.Cols, s.Adc))
                     .OrderBy(g => g.Key.Cell, StringComparer.Ordinal).ThenBy(g => g.Key.Encoding, StringComparer.Ordinal)
                     .ThenBy(g => g.Key.Rows * g.Key.Cols).ThenBy(g => g.Key.Adc, StringComparer.Ordinal))
            table.AddRow(g.Key.Cell, g.Key.Encoding, $"{g.Key.Rows}x{g.Key.Cols}", $"{bits}-bit {g.Key.Adc}",
                F(g.Average(s => s.Energy.Total) * 1e12), F(g.Average(s => s.Energy.Drivers + s.Energy.Cells + s.Energy.Wires) * 1e12),
                F(g.Average(s => s.Latency.Total) * 1e9), F(g.Average(s => s.AreaM2) * 1e12), $"{g.Count()}");
        AnsiConsole.MarkupLine($"[bold]Dense inputs, {bits}-bit ADC (means over seeds)[/]");
        AnsiConsole.Write(table);
    }

    private static string F(double v) => v.ToString("0.###", CultureInfo.InvariantCulture);
}
