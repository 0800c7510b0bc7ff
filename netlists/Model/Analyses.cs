namespace Xbar.Netlists;

/// <summary>An analysis card. Times in seconds, sweep values in the swept source's unit.</summary>
public abstract record Analysis : Located;

/// <summary><c>.op</c>: DC operating point.</summary>
public sealed record OperatingPointAnalysis : Analysis;

/// <summary><c>.dc source start stop step</c>: sweep one independent V or I source.</summary>
public sealed record DcSweepAnalysis(string Source, double Start, double Stop, double Step) : Analysis;

/// <summary>
/// <c>.tran step stop [start [maxstep]] [uic]</c>. <see cref="Step"/> is the print step ngspice also
/// uses for default PULSE edges; <see cref="Start"/> the time output begins; <see cref="MaxStep"/>
/// caps the internal step when given.
/// </summary>
public sealed record TransientAnalysis(double Step, double Stop, double Start = 0, double? MaxStep = null) : Analysis
{
    /// <summary>The <c>uic</c> flag: skip the initial operating point and start from .ic / IC= values.</summary>
    public bool UseInitialConditions { get; init; }
}
