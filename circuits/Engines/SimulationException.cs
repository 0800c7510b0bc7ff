namespace Xbar.Circuits.Engines;

/// <summary>
/// A simulation did not produce a result: the engine rejected the circuit, did not converge,
/// ran out of time or crashed. Not a user-input error in Xbar's sense (those are
/// <see cref="Xbar.InvalidInputException"/>, caught before an engine runs); the CLI maps it to exit 3.
/// </summary>
public class SimulationException : Exception
{
    public SimulationException(string message, IReadOnlyList<string>? engineOutput = null, Exception? inner = null)
        : base(message, inner)
    {
        EngineOutput = engineOutput ?? [];
    }

    /// <summary>What the engine printed during the run (ngspice's stdout/stderr lines), for diagnosis.</summary>
    public IReadOnlyList<string> EngineOutput { get; }
}
