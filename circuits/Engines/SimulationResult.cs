namespace Xbar.Circuits.Engines;

/// <summary>Everything one <see cref="ICircuitEngine.Run"/> produced: one result per analysis, in netlist order.</summary>
public sealed class SimulationResult
{
    public SimulationResult(string engine, IReadOnlyList<AnalysisResult> analyses, IReadOnlyList<string>? warnings = null)
    {
        Engine = engine;
        Analyses = analyses;
        Warnings = warnings ?? [];
    }

    /// <summary>Name of the engine that ran (e.g. <c>ngspice</c>).</summary>
    public string Engine { get; }

    public IReadOnlyList<AnalysisResult> Analyses { get; }

    /// <summary>Warnings the engine printed while still producing results.</summary>
    public IReadOnlyList<string> Warnings { get; }

    /// <summary>The first operating point.</summary>
    /// <exception cref="InvalidOperationException">The run had no operating-point analysis.</exception>
    public OperatingPointResult OperatingPoint => First<OperatingPointResult>(AnalysisKind.OperatingPoint, ".op");

    /// <summary>The first DC sweep.</summary>
    public SweepResult DcSweep => First<SweepResult>(AnalysisKind.DcSweep, ".dc");

    /// <summary>The first transient.</summary>
    public SweepResult Transient => First<SweepResult>(AnalysisKind.Transient, ".tran");

    private T First<T>(AnalysisKind kind, string card) where T : AnalysisResult =>
        Analyses.OfType<T>().FirstOrDefault(a => a.Kind == kind)
        ?? throw new InvalidOperationException($"The simulation has no {card} result.");
}
