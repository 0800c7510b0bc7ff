namespace Xbar.Circuits.Engines;

/// <summary>
/// The engine's worker process died or became unusable (killed, segfault, ngspice asked to exit,
/// library missing). The host is unaffected; the next run starts a fresh worker.
/// </summary>
public sealed class EngineCrashedException : SimulationException
{
    public EngineCrashedException(string message, int? exitCode = null, IReadOnlyList<string>? engineOutput = null, Exception? inner = null)
        : base(message, engineOutput, inner)
    {
        ExitCode = exitCode;
    }

    /// <summary>Exit code of the worker process when known (on Linux 128 + signal number for a signal).</summary>
    public int? ExitCode { get; }
}
