namespace Xbar.Circuits.ReadCircuits;

/// <summary>
/// One transient analysis to run: the circuit (element and model lines only, no analysis or
/// <c>.end</c>), the stop time and maximum step (s), and the vectors to keep.
/// </summary>
public sealed record TransientRequest(string Circuit, double StopTime, double MaxStep, IReadOnlyList<string> Vectors);

/// <summary>
/// Runs transient analyses of read circuits. Implementations must be safe to call from several
/// threads at once (the sweep runs W of them in parallel) and report simulator failures as
/// <see cref="ReadSimulationException"/>.
/// </summary>
public interface ITransientRunner
{
    TransientResult Run(TransientRequest request, CancellationToken cancellationToken = default);
}

/// <summary>ngspice failed, timed out or returned no data for a read-circuit run.</summary>
public sealed class ReadSimulationException : Exception
{
    public ReadSimulationException(string message) : base(message) { }
    public ReadSimulationException(string message, Exception inner) : base(message, inner) { }
}
