using Xbar.Netlists;

namespace Xbar.Circuits.Engines;

/// <summary>
/// A circuit simulator that runs a SPICE <see cref="Netlist"/>'s analyses (an operating point
/// when the netlist has none) and returns typed results. Implementations: <c>ngspice</c>
/// (<see cref="Ngspice.NgspiceEngine"/>); create them by name with <see cref="EngineFactory"/>.
/// Engines are thread-safe: parallel runs are allowed.
/// </summary>
public interface ICircuitEngine : IDisposable
{
    /// <summary>The name <see cref="EngineFactory.Create"/> knows this engine by.</summary>
    string Name { get; }

    /// <summary>Runs every analysis of <paramref name="netlist"/>, in order.</summary>
    /// <exception cref="ConvergenceException">No solution was found.</exception>
    /// <exception cref="SimulationTimeoutException">The run exceeded <see cref="SimulationOptions.Timeout"/>.</exception>
    /// <exception cref="EngineCrashedException">The engine process died.</exception>
    /// <exception cref="SimulationException">Any other engine failure.</exception>
    SimulationResult Run(Netlist netlist, SimulationOptions? options = null);
}
