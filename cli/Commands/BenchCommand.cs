using System.CommandLine;
using System.Globalization;
using Spectre.Console;
using Xbar.Circuits.Crossbars;
using Xbar.Circuits.IO;
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

/// <summary>
/// `xbar bench solver`: the nodal crossbar solver on the standard problem (or the easier one, or a
/// given array) for N = 16 .. 1024, against its bit-line-preconditioned reference, an independent
/// direct solve and ngspice; `--batch K` adds many inputs on one array (transfer matrix + product).
/// </summary>
public sealed class SolverBenchSubcommand : IBenchSubcommand
{
    public Command Create()
    {
        var maxN = new Option<int>("--max-n") { Description = "Largest array size N (N x N).", DefaultValueFactory = _ => 1024 };
        var sizes = new Option<string?>("--sizes")
        {
            Description = "Only these sizes N, comma-separated (e.g. 256: its first call is then the process's first solve).",
        };
        var limit = new Option<double>("--ngspice-limit")
        {
            Description = "Seconds ngspice may take per solve (0: no ngspice); larger sizes skip ngspice once it is exceeded.",
            DefaultValueFactory = _ => 120,
        };
        var problem = new Option<string>("--problem")
        {
            Description = "standard (1 Ohm segments, 4-state MTJ 3.36-9.19 kOhm, inputs 0-0.2 V) or easy (ohmic 1-25 uS cells, the earlier benchmark).",
            DefaultValueFactory = _ => "standard",
        };
        var wire = new Option<double>("--wire-r") { Description = "Wire resistance per segment for --problem easy (Ohm).", DefaultValueFactory = _ => 1.0 };
        var gFile = new Option<string?>("--g") { Description = "Benchmark this conductance matrix (S, rows x cols, CSV or .npy) with 1 Ohm segments instead." };
        var rFile = new Option<string?>("--r") { Description = "Benchmark this resistance matrix (Ohm, rows x cols, CSV or .npy) with 1 Ohm segments instead." };
        var directMax = new Option<int>("--direct-max-n") { Description = "Largest N for the direct reference solve (cost grows as N^4).", DefaultValueFactory = _ => 512 };
        var batch = new Option<int>("--batch") { Description = "Also run this many input vectors on one programmed array (0: skip).", DefaultValueFactory = _ => 0 };
        var batchN = new Option<int>("--batch-n") { Description = "Array size N of the --batch run.", DefaultValueFactory = _ => 256 };
        var tolerance = new Option<double>("--tolerance") { Description = "CG relative tolerance (preconditioned residual).", DefaultValueFactory = _ => NodalSolverOptions.Default.LinearTolerance };
        var output = new Option<string?>("--out") { Description = "Also write the rows as CSV to this file." };
        var repeats = new Option<int>("--repeats")
        {
            Description = "Timed repeats of each solve up to N = 256, best reported (more find a less disturbed run on a shared machine).",
            DefaultValueFactory = _ => 3,
        };
        var firstCall = new Option<bool>("--first-call")
        {
            Description = "Only time the first solve of this process (standard problem, linear cells, the first of --sizes, default 256) against the best of --repeats later solves; run it in several fresh processes. The solver's start-up warm-up runs first, as for `xbar crossbar`, unless --cold.",
        };
        var cold = new Option<bool>(SolverWarmUpAtStart.ColdOption)
        {
            Description = "With --first-call: no solver warm-up at start-up (which `xbar crossbar` and `xbar bench solver` run on a background thread), so the first call pays the runtime's first use of the solver's code.",
        };
        var command = new Command("solver", "Nodal crossbar solver: first-call and warm times, CG iterations, error against a direct solve, vs its reference and ngspice.");
        foreach (var o in new Option[] { maxN, sizes, limit, problem, wire, gFile, rFile, directMax, batch, batchN, tolerance, output, repeats, firstCall, cold }) command.Options.Add(o);
        command.SetAction(parse =>
        {
            int max = parse.GetValue(maxN);
            double seconds = parse.GetValue(limit), tol = parse.GetValue(tolerance);
            string kind = (parse.GetValue(problem) ?? "standard").Trim().ToLowerInvariant();
            if (max < 16) throw new InvalidInputException($"--max-n must be at least 16 (got {max})");
            if (!(seconds >= 0) || !double.IsFinite(seconds)) throw new InvalidInputException($"--ngspice-limit must be a non-negative number of seconds (got {seconds})");
            if (kind is not ("standard" or "easy")) throw new InvalidInputException($"--problem must be standard or easy (got '{kind}')");
            if (!(tol > 0 && tol < 1)) throw new InvalidInputException($"--tolerance must be in (0, 1) (got {tol})");
            if (parse.GetValue(repeats) < 1) throw new InvalidInputException($"--repeats must be at least 1 (got {parse.GetValue(repeats)})");
            if (parse.GetValue(batch) < 0 || parse.GetValue(batchN) < 2) throw new InvalidInputException("--batch must be >= 0 and --batch-n >= 2");
            if (parse.GetValue(firstCall))
            {
                var bench = new SolverBenchmark { Repeats = parse.GetValue(repeats), Options = NodalSolverOptions.Default with { LinearTolerance = tol } };
                var f = bench.FirstCall(parse.GetValue(sizes) is { } only ? ParseSizes(only)[0] : 256);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"first call {f.Size}x{f.Size} (standard problem, linear, CG tolerance {tol:g2}, {(parse.GetValue(cold) ? "cold: no warm-up" : "after the start-up warm-up")}): {Ms(f.FirstSeconds)} ms wall, {Ms(f.FirstCpuSeconds)} ms CPU; " +
                    $"warm best of {Math.Max(2, bench.Repeats) - 1}: {Ms(f.WarmSeconds)} ms wall, {Ms(f.WarmCpuSeconds)} ms CPU; first/warm {f.Ratio:F1}x; CG {f.Iterations}"));
                return ExitCodes.Success;
            }
            var cells = CellMatrixFile.Read(parse.GetValue(gFile), parse.GetValue(rFile));
            var benchmark = new SolverBenchmark
            {
                Sizes = parse.GetValue(sizes) is { } list ? ParseSizes(list) : new[] { 16, 32, 64, 128, 256, 512, 1024 }.Where(n => n <= max).ToArray(),
                NgspiceLimit = TimeSpan.FromSeconds(seconds),
                WireResistance = parse.GetValue(wire),
                Problem = kind,
                DirectMaxN = parse.GetValue(directMax),
                Repeats = parse.GetValue(repeats),
                Options = NodalSolverOptions.Default with { LinearTolerance = tol },
                Cells = cells is null ? null : (new CrossbarSpec(cells.Rows, cells.Cols, 1, 1), cells),
            };
            string problemText = cells is not null ? $"given {cells.Rows}x{cells.Cols} array, 1 Ohm segments"
                : kind == "standard" ? "standard problem: 1 Ohm segments, 4-state MTJ 3.36-9.19 kOhm, inputs 0..0.2 V"
                : $"easy problem: ohmic 1-25 uS cells, {benchmark.WireResistance.ToString(CultureInfo.InvariantCulture)} Ohm segments, inputs 0..0.2 V";
            AnsiConsole.MarkupLine($"[grey]{Environment.ProcessorCount} cores; {Markup.Escape(problemText)}; CG tolerance {tol.ToString("g2", CultureInfo.InvariantCulture)}; reference = bit-line preconditioner alone, same process[/]");
            var table = new Table().AddColumns("N", "cells", "first (ms)", "first CPU", "nodal (ms)", "CPU (ms)", "CG", "K", "ref (ms)", "ref CG", "ref/nodal",
                "err vs direct", "ngspice (s)", "ng diff", "Newton", "KCL residual");
            var rows = new List<SolverBenchmarkRow>();
            foreach (var row in benchmark.Run())
            {
                rows.Add(row);
                Console.Error.WriteLine($"N={row.Size} {row.Device}: first {Ms(row.FirstCallSeconds)} ms, best {Ms(row.NodalSeconds)} ms, CG {row.LinearIterations} (reference {Ms(row.ReferenceSeconds)} ms, CG {row.ReferenceIterations}), error vs direct {Sci(row.DirectError)}");
                table.AddRow(I(row.Size), row.Device, Ms(row.FirstCallSeconds), Ms(row.FirstCallCpuSeconds), Ms(row.NodalSeconds), Ms(row.NodalCpuSeconds), I(row.LinearIterations),
                    I(row.CoarseSize), Ms(row.ReferenceSeconds), row.ReferenceIterations is { } ri ? I(ri) : "-",
                    row.ReferenceRatio is { } q ? q.ToString("F1", CultureInfo.InvariantCulture) + "x" : "-", Sci(row.DirectError),
                    row.NgspiceSeconds is { } t ? t.ToString("F3", CultureInfo.InvariantCulture) : row.NgspiceNote, Sci(row.MaxRelativeDifference),
                    I(row.NewtonIterations), Sci(row.NodalResidual));
            }
            if (AnsiConsole.Profile.Width < 170) AnsiConsole.Profile.Width = 170; // keep rows on one line when redirected
            AnsiConsole.Write(table);
            if (parse.GetValue(output) is { } path) SolverBenchmarkCsv.Write(path, rows);
            if (parse.GetValue(batch) is > 0 and var vectors)
            {
                var r = new BatchBenchmark { Size = parse.GetValue(batchN), Vectors = vectors }.Run();
                AnsiConsole.MarkupLine(
                    $"batch: {r.Vectors} vectors on one {r.Size}x{r.Size} array (standard problem, linear cells): transfer matrix {Ms(r.TransferSeconds)} ms, " +
                    $"product {Ms(r.ProductSeconds)} ms, amortized {(r.AmortizedSeconds * 1e3).ToString("F4", CultureInfo.InvariantCulture)} ms/MVM; " +
                    $"per-vector solve {Ms(r.PerVectorSolveSeconds)} ms/MVM ({r.Ratio.ToString("F0", CultureInfo.InvariantCulture)}x); " +
                    $"max difference to per-vector solves over {r.SampleVectors} vectors {Sci(r.MaxRelativeDifference)}");
            }
            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>"256,1024" as sizes, each from 2 to 8192.</summary>
    private static int[] ParseSizes(string list)
    {
        var parts = list.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var result = new int[parts.Length];
        for (int k = 0; k < parts.Length; k++)
            if (!int.TryParse(parts[k], NumberStyles.None, CultureInfo.InvariantCulture, out result[k]) || result[k] < 2 || result[k] > 8192)
                throw new InvalidInputException($"--sizes: '{parts[k]}' is not a size from 2 to 8192");
        if (result.Length == 0) throw new InvalidInputException("--sizes: no size given");
        return result;
    }

    private static string I(int x) => x.ToString(CultureInfo.InvariantCulture);
    private static string Ms(double? s) => s is { } v ? (v * 1e3).ToString("F1", CultureInfo.InvariantCulture) : "-";
    private static string Sci(double? x) => x is { } v ? v.ToString("E1", CultureInfo.InvariantCulture) : "-";
}

/// <summary>Writes solver benchmark rows as CSV (one line per size and cell kind).</summary>
public static class SolverBenchmarkCsv
{
    public static void Write(string path, IEnumerable<SolverBenchmarkRow> rows)
    {
        static string F(double? x) => x is { } v ? v.ToString("R", CultureInfo.InvariantCulture) : "";
        var lines = new List<string> { "n,cells,first_s,first_cpu_s,nodal_s,nodal_cpu_s,cg,coarse_k,newton,kcl_residual,reference_s,reference_cg,direct_error,direct_s,ngspice_s,ngspice_diff" };
        foreach (var r in rows)
            lines.Add(string.Join(",", r.Size.ToString(CultureInfo.InvariantCulture), r.Device, F(r.FirstCallSeconds), F(r.FirstCallCpuSeconds), F(r.NodalSeconds), F(r.NodalCpuSeconds),
                r.LinearIterations.ToString(CultureInfo.InvariantCulture), r.CoarseSize.ToString(CultureInfo.InvariantCulture),
                r.NewtonIterations.ToString(CultureInfo.InvariantCulture), F(r.NodalResidual), F(r.ReferenceSeconds),
                r.ReferenceIterations?.ToString(CultureInfo.InvariantCulture) ?? "", F(r.DirectError), F(r.DirectSeconds), F(r.NgspiceSeconds), F(r.MaxRelativeDifference)));
        File.WriteAllLines(path, lines);
    }
}
