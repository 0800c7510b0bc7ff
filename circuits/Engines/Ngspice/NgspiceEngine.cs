using System.Text.RegularExpressions;
using Xbar.Netlists;

namespace Xbar.Circuits.Engines.Ngspice;

/// <summary>
/// The ngspice engine: runs netlists in libngspice (ngspice 39, shared library) inside worker
/// processes from a <see cref="NgspiceWorkerPool"/>, so that a hang is stopped by its timeout, a
/// crash costs only the worker, and parallel runs never share a library copy. Thread-safe.
/// </summary>
public sealed partial class NgspiceEngine : ICircuitEngine
{
    public const string EngineName = "ngspice";

    private readonly bool _ownsPool;

    /// <summary>An engine on the process-wide <see cref="NgspiceWorkerPool.Shared"/> pool.</summary>
    public NgspiceEngine() : this(NgspiceWorkerPool.Shared, ownsPool: false) { }

    /// <summary>An engine with its own pool of up to <paramref name="maxWorkers"/> workers, stopped on <see cref="Dispose"/>.</summary>
    public NgspiceEngine(int maxWorkers) : this(new NgspiceWorkerPool(maxWorkers), ownsPool: true) { }

    public NgspiceEngine(NgspiceWorkerPool pool, bool ownsPool)
    {
        Pool = pool ?? throw new ArgumentNullException(nameof(pool));
        _ownsPool = ownsPool;
    }

    public string Name => EngineName;

    public NgspiceWorkerPool Pool { get; }

    /// <summary>
    /// Runs SPICE netlist text as ngspice reads it (first line = title). Adds <c>.op</c> when the
    /// text has no analysis card and <c>.end</c> when missing.
    /// </summary>
    public SimulationResult RunText(string netlistText, SimulationOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(netlistText);
        options ??= SimulationOptions.Default;
        var text = WithAnalysis(netlistText);
        // Always send a directory: a worker keeps the last one it was given.
        var directory = Path.GetFullPath(options.WorkingDirectory ?? Environment.CurrentDirectory);
        var reply = Pool.Run(text, directory, options.Timeout);
        return NgspiceReplyInterpreter.Interpret(reply);
    }

    /// <summary>
    /// Runs every analysis of <paramref name="netlist"/> (an operating point when it has none)
    /// through <see cref="NetlistWriter"/>. What ngspice rejects or silently repairs (an error, a
    /// singular matrix, a value it replaced or a parameter it ignored) is invalid input: it throws
    /// <see cref="InvalidInputException"/> at the file and line of the element ngspice blames
    /// (<see cref="NgspiceBlame"/>) rather than a simulation failure or a quiet success.
    /// </summary>
    public SimulationResult Run(Netlist netlist, SimulationOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(netlist);
        // .save/.print cards would limit the vectors ngspice keeps; the typed results want all of them.
        var deck = WithAnalysis(NetlistWriter.Write(netlist, includeOutputDirectives: false));
        SimulationResult result;
        try
        {
            result = RunText(deck, options);
        }
        catch (SimulationException e) when (e is not (SimulationTimeoutException or EngineCrashedException)
                                            && (e.Message.StartsWith("ngspice rejected", StringComparison.Ordinal)
                                                || e.Message.Contains("singular", StringComparison.OrdinalIgnoreCase)))
        {
            throw Blamed(netlist, deck, e.EngineOutput, e.Message);
        }
        var repairs = result.Warnings.Where(NgspiceBlame.IsRepair).ToList();
        if (repairs.Count > 0) throw Blamed(netlist, deck, repairs, "ngspice changed the circuit: " + string.Join(" | ", repairs.Take(4)));
        return result;
    }

    private static InvalidInputException Blamed(Netlist netlist, string deck, IEnumerable<string> lines, string message) =>
        NgspiceBlame.Find(netlist, deck, lines) is var (location, name)
            ? InvalidInputException.At(location.File, location.Line, $"{name}: {message}")
            : new InvalidInputException($"{netlist.Elements.FirstOrDefault()?.Location.File ?? "netlist"}: {message}");

    /// <summary>Runs a netlist file; its directory is the working directory for relative <c>.include</c> paths.</summary>
    public SimulationResult RunFile(string path, SimulationOptions? options = null)
    {
        var full = Path.GetFullPath(path);
        options ??= SimulationOptions.Default;
        return RunText(File.ReadAllText(full), options with { WorkingDirectory = options.WorkingDirectory ?? Path.GetDirectoryName(full) });
    }

    /// <summary>The text with <c>.op</c> added before <c>.end</c> when it has no analysis card.</summary>
    internal static string WithAnalysis(string text)
    {
        var lines = NgspiceWorkerMain.NetlistLines(text);
        // Line 0 is the title, whatever it says.
        if (lines.Skip(1).Any(l => AnalysisCard().IsMatch(l))) return string.Join("\n", lines);
        lines.Insert(lines.Count - 1, ".op");
        return string.Join("\n", lines);
    }

    public void Dispose()
    {
        if (_ownsPool) Pool.Dispose();
    }

    [GeneratedRegex(@"^\s*\.(op|dc|tran|ac|noise|tf|sens|disto|pz|sp|pss)\b", RegexOptions.IgnoreCase)]
    private static partial Regex AnalysisCard();
}
