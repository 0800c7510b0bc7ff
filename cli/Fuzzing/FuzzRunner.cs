using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.RegularExpressions;
using Xbar.Validation.Fuzzing;

namespace Xbar.Cli.Fuzzing;

/// <summary>What one `xbar sim` run on a mutant netlist did. The first four are acceptable; the rest are bugs.</summary>
public enum FuzzVerdict
{
    /// <summary>Exit 0: the netlist was valid and simulated.</summary>
    Accepted,
    /// <summary>Exit 2 with <c>file:line: problem</c>: refused as invalid input, as it should be.</summary>
    Refused,
    /// <summary>Exit 3: the simulation did not converge or reached the timeout.</summary>
    SimulationFailed,
    /// <summary>Exit 2 whose message does not start with <c>file:line:</c>.</summary>
    RefusedWithoutLocation,
    /// <summary>Exit 3 because the engine process died (a crash inside ngspice).</summary>
    EngineCrashed,
    /// <summary>Any other exit code, or an exception escaping the command.</summary>
    Crash,
    /// <summary>A .NET stack trace in the output.</summary>
    StackTrace,
    /// <summary>The run lasted longer than the timeout plus <see cref="FuzzRunner.HangGrace"/>.</summary>
    Hang,
}

/// <summary>Settings of a fuzz run (see `xbar fuzz --help`).</summary>
public sealed record FuzzOptions(int Count, int Seed, IReadOnlyList<string> Engines, double TimeoutSeconds, string? CorpusDirectory, string OutDirectory);

/// <summary>Counts per engine and verdict, the slowest run, and the failing cases (saved under the output folder).</summary>
public sealed class FuzzReport
{
    public Dictionary<(string Engine, FuzzVerdict Verdict), int> Counts { get; } = [];
    public List<string> Failures { get; } = [];
    public int Netlists { get; set; }
    public double SlowestSeconds { get; set; }
    public int FailureCount => Counts.Where(kv => kv.Key.Verdict >= FuzzVerdict.RefusedWithoutLocation).Sum(kv => kv.Value);

    public int Count(string engine, FuzzVerdict verdict) => Counts.GetValueOrDefault((engine, verdict));
}

/// <summary>
/// Runs seeded mutants of the example netlists and of generated ones through `xbar sim` on each
/// engine, in process (the command exactly as a user runs it, output captured), and classifies
/// every run (<see cref="FuzzVerdict"/>). Before each run the case number is written to
/// <c>current.txt</c> in the output folder and the mutant kept as <c>case.cir</c>, so a run that
/// takes the whole process down still names its culprit; failing cases are saved with their output.
/// </summary>
public static partial class FuzzRunner
{
    /// <summary>Time past the timeout after which a run counts as a hang (the engine's own stop and its cleanup).</summary>
    public const double HangGrace = 10;

    public static FuzzReport Run(FuzzOptions o, IProgress<double>? progress = null)
    {
        if (o.Count < 1) throw new InvalidInputException($"--count must be at least 1 (got {o.Count}).");
        if (!(o.TimeoutSeconds > 0)) throw new InvalidInputException("--timeout must be positive.");
        var work = Path.GetFullPath(o.OutDirectory);
        try { Directory.CreateDirectory(Path.Combine(work, "failures")); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            throw new InvalidInputException($"--out {work}: cannot create the output folder ({e.Message})");
        }
        var fifo = Path.Combine(work, "fifo");
        if (!File.Exists(fifo) && OperatingSystem.IsLinux()) _ = MakeFifo(fifo, 0x180);
        var corpus = Corpus(o.CorpusDirectory);
        var generator = new NetlistGenerator(o.Seed);
        var mutator = new NetlistMutator(o.Seed, fifo);
        var pick = new Random(o.Seed ^ 0x5EED);
        var root = Program.BuildRoot();
        var report = new FuzzReport();
        var casePath = Path.Combine(work, "case.cir");
        string timeout = o.TimeoutSeconds.ToString("R", CultureInfo.InvariantCulture);

        for (int i = 0; i < o.Count; i++)
        {
            var seedText = corpus.Count > 0 && pick.Next(2) == 0 ? corpus[pick.Next(corpus.Count)] : generator.Next();
            var mutant = mutator.Mutate(seedText);
            File.WriteAllBytes(casePath, mutant);
            report.Netlists++;
            foreach (var engine in o.Engines)
            {
                File.WriteAllText(Path.Combine(work, "current.txt"), $"case {i}, engine {engine}\n");
                var (verdict, seconds, output) = RunOne(root, ["sim", casePath, "--engine", engine, "--timeout", timeout], o.TimeoutSeconds);
                report.Counts[(engine, verdict)] = report.Count(engine, verdict) + 1;
                report.SlowestSeconds = Math.Max(report.SlowestSeconds, seconds);
                if (verdict >= FuzzVerdict.RefusedWithoutLocation)
                {
                    var name = Path.Combine(work, "failures", $"case{i}-{engine}");
                    File.WriteAllBytes(name + ".cir", mutant);
                    File.WriteAllText(name + ".txt", $"{verdict} after {seconds:F2} s\n{output}");
                    report.Failures.Add($"{name}.cir: {verdict}");
                }
            }
            progress?.Report((i + 1) / (double)o.Count);
        }
        return report;
    }

    /// <summary>Runs one command line in process and classifies it.</summary>
    public static (FuzzVerdict Verdict, double Seconds, string Output) RunOne(RootCommand root, string[] args, double timeoutSeconds)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var clock = Stopwatch.StartNew();
        int exit;
        try
        {
            exit = root.Parse(args).Invoke(new InvocationConfiguration { Output = stdout, Error = stderr });
        }
        catch (Exception e)
        {
            return (FuzzVerdict.Crash, clock.Elapsed.TotalSeconds, e.ToString());
        }
        double seconds = clock.Elapsed.TotalSeconds;
        string err = stderr.ToString(), all = stdout + err;
        var verdict = StackTrace().IsMatch(all) ? FuzzVerdict.StackTrace
            : seconds > timeoutSeconds + HangGrace ? FuzzVerdict.Hang
            : exit switch
            {
                ExitCodes.Success => FuzzVerdict.Accepted,
                ExitCodes.InvalidInput => Located().IsMatch(err) ? FuzzVerdict.Refused : FuzzVerdict.RefusedWithoutLocation,
                ExitCodes.SimulationFailed => err.Contains("worker died", StringComparison.OrdinalIgnoreCase)
                                              || err.Contains("exited during", StringComparison.OrdinalIgnoreCase) ? FuzzVerdict.EngineCrashed : FuzzVerdict.SimulationFailed,
                _ => FuzzVerdict.Crash,
            };
        return (verdict, seconds, $"exit {exit}\n--- stderr ---\n{err}\n--- stdout ---\n{Short(stdout.ToString())}");
    }

    /// <summary>The seed netlists: every .cir in <paramref name="directory"/> (the examples), none when it is null or absent.</summary>
    private static List<string> Corpus(string? directory)
    {
        if (directory is null) return [];
        if (!Directory.Exists(directory)) throw new InvalidInputException($"--corpus {directory}: no such folder.");
        return Directory.GetFiles(directory, "*.cir").Order(StringComparer.Ordinal).Select(File.ReadAllText).ToList();
    }

    private static string Short(string text) => text.Length <= 2000 ? text : text[..2000] + " ...";

    /// <summary>A .NET stack-trace frame ("   at Namespace.Type.Method(") or an unhandled-exception banner.</summary>
    [GeneratedRegex(@"(^|\n)\s+at [\w.`<>\[\]]+\(|Unhandled exception|Stack overflow")]
    private static partial Regex StackTrace();

    /// <summary>The first line of the message is <c>file:line: problem</c>.</summary>
    [GeneratedRegex(@"\A[^\r\n:]+:\d+: \S")]
    private static partial Regex Located();

    [DllImport("libc", EntryPoint = "mkfifo")]
    private static extern int MakeFifo([MarshalAs(UnmanagedType.LPUTF8Str)] string path, uint mode);
}
