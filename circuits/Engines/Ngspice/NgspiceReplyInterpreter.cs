using System.Text.RegularExpressions;

namespace Xbar.Circuits.Engines.Ngspice;

/// <summary>
/// Turns what an ngspice worker sent back into a <see cref="SimulationResult"/> or a typed
/// <see cref="SimulationException"/>. ngspice's API reports success for everything (measured,
/// ngspice 39.3): failures show only as <c>stderr</c> lines through the print callback and as
/// missing or empty vectors, so this class reads those lines. Messages recognised (ngspice 39):
/// <c>Note: Starting dynamic gmin stepping</c>, <c>Note: Starting true gmin stepping</c>,
/// <c>Note: Starting source stepping</c>, <c>Note: Transient op started</c>,
/// <c>doAnalyses: TRAN:  Timestep too small; ... trouble with node "a"</c>,
/// <c>run simulation(s) aborted</c>, <c>Error: ...</c>.
/// </summary>
internal static partial class NgspiceReplyInterpreter
{
    private const string BranchSuffix = "#branch";

    public static SimulationResult Interpret(WorkerReply reply)
    {
        var output = reply.Output;
        var stderr = output.Where(l => l.StartsWith("stderr", StringComparison.Ordinal))
            .Select(l => l["stderr".Length..].Trim())
            .Where(l => l.Length > 0)
            .ToList();

        if (reply.ExitRequested)
            throw new EngineCrashedException(
                "ngspice asked its host to exit (a 'quit' command or a fatal error in the library); its worker process was replaced." + Detail(stderr),
                NgspiceWorkerMain.ExitNgspiceQuit, output);

        ThrowIfAborted(stderr, output);

        var errors = stderr.Where(IsError).ToList();
        if (errors.Count > 0)
            throw new SimulationException("ngspice rejected the circuit: " + string.Join(" | ", stderr.Take(12)), output);

        var analyses = new List<AnalysisResult>();
        foreach (var plot in reply.Plots)
        {
            var result = ToResult(plot);
            if (result != null) analyses.Add(result);
        }
        if (analyses.Count == 0)
            throw new SimulationException("ngspice produced no results." + Detail(stderr), output);

        return new SimulationResult(NgspiceEngine.EngineName, analyses, Warnings(stderr));
    }

    /// <summary>Distinct <c>Warning: ...</c> messages, without the gmin/source-stepping progress chatter around them.</summary>
    private static List<string> Warnings(List<string> stderr)
    {
        var warnings = new List<string>();
        foreach (var line in stderr)
        {
            var at = line.IndexOf("Warning:", StringComparison.OrdinalIgnoreCase);
            if (at < 0) continue;
            var warning = line[at..].Trim();
            if (warning.Contains("Further gmin increment", StringComparison.OrdinalIgnoreCase)) continue;
            if (!warnings.Contains(warning, StringComparer.OrdinalIgnoreCase)) warnings.Add(warning);
        }
        return warnings;
    }

    private static bool IsError(string line) =>
        line.StartsWith("Error", StringComparison.OrdinalIgnoreCase) ||
        line.Contains(" error", StringComparison.OrdinalIgnoreCase) && !line.Contains("Warning", StringComparison.OrdinalIgnoreCase);

    /// <summary>Raises <see cref="ConvergenceException"/> when ngspice aborted an analysis for lack of convergence.</summary>
    private static void ThrowIfAborted(List<string> stderr, IReadOnlyList<string> output)
    {
        var abort = stderr.FirstOrDefault(l => l.StartsWith("doAnalyses:", StringComparison.Ordinal));
        var aborted = abort != null || stderr.Any(l => l.Contains("simulation(s) aborted", StringComparison.Ordinal));
        if (!aborted) return;

        var all = string.Join("\n", output);
        var analysis = "simulation";
        var reason = "the analysis was aborted";
        if (abort != null)
        {
            var m = AbortPattern().Match(abort);
            if (m.Success)
            {
                analysis = m.Groups[1].Value.Trim().ToLowerInvariant();
                reason = m.Groups[2].Value.Trim().TrimEnd(';');
            }
            else reason = abort["doAnalyses:".Length..].Trim();
        }
        var node = NodePattern().Match(all) is { Success: true } n ? n.Groups[1].Value
            : SingularNodePattern().Match(all) is { Success: true } sn ? sn.Groups[1].Value : null;

        if (reason.Contains("singular matrix", StringComparison.OrdinalIgnoreCase) ||
            all.Contains("singular matrix", StringComparison.OrdinalIgnoreCase))
        {
            throw new SimulationException(
                $"ngspice: the circuit matrix is singular ({analysis}){(node != null ? $", check node '{node}'" : "")}: " +
                "a floating node or a loop of voltage sources/inductors.", output);
        }

        var attempts = new List<string>();
        if (all.Contains("Starting dynamic gmin stepping", StringComparison.Ordinal)) attempts.Add("dynamic gmin stepping");
        if (all.Contains("Starting true gmin stepping", StringComparison.Ordinal)) attempts.Add("true gmin stepping");
        if (all.Contains("Starting source stepping", StringComparison.Ordinal)) attempts.Add("source stepping");
        if (all.Contains("Transient op started", StringComparison.Ordinal)) attempts.Add("transient operating point");
        if (analysis == "tran" && reason.Contains("Timestep too small", StringComparison.OrdinalIgnoreCase))
            attempts.Add("time-step reduction down to the minimum step");

        var what = analysis switch
        {
            "op" => "The operating point did not converge",
            "tran" => "The transient analysis did not converge",
            "dc" => "The DC sweep did not converge",
            _ => $"The {analysis} analysis did not converge",
        };
        var message = $"{what}: {reason}" +
                      (node != null && !reason.Contains(node, StringComparison.Ordinal) ? $" (trouble with node '{node}')" : "") +
                      (attempts.Count > 0 ? $". Tried: {string.Join(", ", attempts)}." : ".");
        throw new ConvergenceException(message, analysis, attempts, node, output);
    }

    private static AnalysisResult? ToResult(RawPlot plot)
    {
        var kind = KindOf(plot.Name);
        if (plot.Vectors.Count == 0) return null;
        if (plot.Vectors.Any(v => v.Data.Length == 0))
            throw new SimulationException($"ngspice's {plot.Name} analysis produced empty vectors (it failed without saying why).");

        if (kind == AnalysisKind.OperatingPoint)
        {
            var values = Ordered(plot.Vectors, scale: null)
                .Select(v => new KeyValuePair<string, double>(CanonicalName(v.Name), v.Data[0]));
            return new OperatingPointResult(plot.Name, values);
        }

        var scaleName = plot.Scale
                        ?? plot.Vectors.FirstOrDefault(v => v.Name.Equals("time", StringComparison.OrdinalIgnoreCase) ||
                                                            v.Name.EndsWith("-sweep", StringComparison.OrdinalIgnoreCase))?.Name
                        ?? plot.Vectors[0].Name;
        var scale = plot.Vectors.First(v => v.Name.Equals(scaleName, StringComparison.OrdinalIgnoreCase));
        var vectors = Ordered(plot.Vectors, scale.Name)
            .Select(v => new KeyValuePair<string, double[]>(CanonicalName(v.Name), v.Data));
        return new SweepResult(plot.Name, kind, scale.Name, scale.Data, vectors);
    }

    /// <summary>Node voltages first, then branch currents, then anything else; ngspice's order within each group.</summary>
    private static IEnumerable<RawVector> Ordered(IReadOnlyList<RawVector> vectors, string? scale) =>
        vectors.Where(v => !v.Name.Equals(scale, StringComparison.OrdinalIgnoreCase))
            .OrderBy(v => IsNodeVoltage(v.Name) ? 0 : v.Name.EndsWith(BranchSuffix, StringComparison.OrdinalIgnoreCase) ? 1 : 2);

    private static AnalysisKind KindOf(string plot)
    {
        var prefix = plot.TrimEnd("0123456789".ToCharArray()).ToLowerInvariant();
        return prefix switch
        {
            "op" => AnalysisKind.OperatingPoint,
            "dc" => AnalysisKind.DcSweep,
            "tran" => AnalysisKind.Transient,
            _ => AnalysisKind.Other,
        };
    }

    private static bool IsNodeVoltage(string vector) => vector.IndexOfAny(['#', '(', '@', '[']) < 0;

    /// <summary>ngspice's <c>v1#branch</c> becomes <c>i(v1)</c>, a node <c>out</c> becomes <c>v(out)</c>.</summary>
    internal static string CanonicalName(string vector)
    {
        if (vector.EndsWith(BranchSuffix, StringComparison.OrdinalIgnoreCase))
            return AnalysisResult.CurrentName(vector[..^BranchSuffix.Length]);
        return IsNodeVoltage(vector) ? AnalysisResult.VoltageName(vector) : vector.ToLowerInvariant();
    }

    private static string Detail(List<string> stderr) =>
        stderr.Count == 0 ? "" : " ngspice said: " + string.Join(" | ", stderr.Take(8));

    [GeneratedRegex(@"^doAnalyses:\s*([A-Za-z]+)\s*:\s*(.*)$")]
    private static partial Regex AbortPattern();

    [GeneratedRegex("trouble with node \"([^\"]+)\"")]
    private static partial Regex NodePattern();

    [GeneratedRegex(@"singular matrix:\s+check node (\S+)")]
    private static partial Regex SingularNodePattern();
}
