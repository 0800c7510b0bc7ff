using System.CommandLine;
using System.Globalization;
using Xbar.Circuits.Engines;
using Xbar.Cli.Output;
using Xbar.Netlists;

namespace Xbar.Cli.Commands;

/// <summary>
/// <c>xbar sim NETLIST [--engine ngspice] [--out FILE.csv] [--timeout SECONDS]</c>: validates a
/// SPICE netlist (every problem reported as <c>file:line: message</c>, exit 2), runs its analyses
/// (<c>.op</c> when it has none) on the chosen engine and prints or writes the results as CSV.
/// A failed, timed-out or crashed simulation exits 3 with the reason on stderr. The timeout covers
/// reading the netlist too (a slow or hostile file cannot hang the command), and the engine gets
/// what is left of it.
/// </summary>
public sealed class SimCommand : ICliCommand
{
    public Command Create()
    {
        var netlist = new Argument<string>("netlist") { Description = "SPICE netlist file (.cir/.sp)." };
        var engine = new Option<string>("--engine")
        {
            Description = $"Simulation engine: {string.Join(", ", EngineFactory.Names)}.",
            DefaultValueFactory = _ => "ngspice",
        };
        var output = new Option<string?>("--out")
        {
            Description = "CSV file for the results (.op: name,value rows; .dc/.tran: sweep variable, then one column per vector). " +
                          "With several analyses each gets FILE.<analysis>.csv. Without it, sweeps are printed as CSV.",
        };
        var timeout = new Option<string>("--timeout")
        {
            Description = "Wall-clock limit of the simulation in seconds; a run past it is stopped (exit 3).",
            DefaultValueFactory = _ => SimulationOptions.DefaultTimeout.TotalSeconds.ToString(CultureInfo.InvariantCulture),
        };

        var command = new Command("sim", "Simulate a SPICE netlist (operating point, DC sweep, transient) and write the results as CSV.");
        command.Arguments.Add(netlist);
        command.Options.Add(engine);
        command.Options.Add(output);
        command.Options.Add(timeout);
        command.SetAction(parseResult =>
        {
            var stdout = parseResult.InvocationConfiguration.Output;
            var stderr = parseResult.InvocationConfiguration.Error;
            var limit = ParseTimeout(parseResult.GetValue(timeout)!);
            var phase = "reading the netlist";
            try
            {
                var clock = System.Diagnostics.Stopwatch.StartNew();
                var path = parseResult.GetValue(netlist)!;
                using var simulator = EngineFactory.Create(parseResult.GetValue(engine)!);
                var circuit = Deadline.Run(limit, phase, _ => NetlistReader.ReadFile(path));
                phase = simulator.Name;
                var left = limit - clock.Elapsed;
                var options = new SimulationOptions { Timeout = left > TimeSpan.FromMilliseconds(1) ? left : TimeSpan.FromMilliseconds(1) };
                var result = simulator.Run(circuit, options with { WorkingDirectory = Path.GetDirectoryName(Path.GetFullPath(path)) });
                foreach (var warning in result.Warnings)
                    stderr.WriteLine($"warning: {(warning.StartsWith("Warning:", StringComparison.OrdinalIgnoreCase) ? warning["Warning:".Length..].Trim() : warning)}");
                Report(result, parseResult.GetValue(output), stdout);
                return ExitCodes.Success;
            }
            catch (SimulationTimeoutException)
            {
                // The engine got what was left of the limit; the user set the whole of it.
                stderr.WriteLine($"simulation failed: {new SimulationTimeoutException(limit, phase).Message}");
                return ExitCodes.SimulationFailed;
            }
            catch (SimulationException e)
            {
                stderr.WriteLine($"simulation failed: {e.Message}");
                return ExitCodes.SimulationFailed;
            }
        });
        return command;
    }

    private static TimeSpan ParseTimeout(string text)
    {
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) ||
            !(seconds > 0) || double.IsInfinity(seconds) || seconds > TimeSpan.MaxValue.TotalSeconds / 2)
            throw new InvalidInputException($"--timeout: '{text}' is not a positive number of seconds.");
        return TimeSpan.FromSeconds(seconds);
    }

    private static void Report(SimulationResult result, string? outPath, TextWriter stdout)
    {
        var analyses = result.Analyses;
        for (var a = 0; a < analyses.Count; a++)
        {
            var analysis = analyses[a];
            string? file = outPath == null ? null
                : analyses.Count == 1 ? outPath
                : Path.Combine(Path.GetDirectoryName(outPath) ?? "",
                    $"{Path.GetFileNameWithoutExtension(outPath)}.{analysis.Name}{Path.GetExtension(outPath)}");

            switch (analysis)
            {
                case OperatingPointResult op:
                    stdout.WriteLine($"{op.Name}: operating point ({result.Engine})");
                    var width = op.Names.Count == 0 ? 0 : op.Names.Max(n => n.Length);
                    foreach (var name in op.Names)
                        stdout.WriteLine($"  {name.PadRight(width)}  {CsvResultWriter.Number(op.Value(name))}");
                    break;
                case SweepResult sweep:
                    var range = sweep.Count == 0 ? "" :
                        $" from {CsvResultWriter.Number(sweep.Sweep[0])} to {CsvResultWriter.Number(sweep.Sweep[^1])}";
                    stdout.WriteLine($"{sweep.Name}: {sweep.Kind}, {sweep.Count} points of {sweep.SweepName}{range}, " +
                                     $"{sweep.VectorNames.Count} vectors ({result.Engine})");
                    if (file == null) CsvResultWriter.WriteSweep(stdout, sweep);
                    break;
            }

            if (file != null)
            {
                WriteFile(file, analysis);
                stdout.WriteLine($"  written to {file}");
            }
        }
    }

    private static void WriteFile(string file, AnalysisResult analysis)
    {
        try
        {
            using var writer = new StreamWriter(file);
            CsvResultWriter.Write(writer, analysis);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new InvalidInputException($"--out: cannot write {file}: {e.Message}");
        }
    }
}
