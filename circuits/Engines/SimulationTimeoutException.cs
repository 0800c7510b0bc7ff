namespace Xbar.Circuits.Engines;

/// <summary>A run exceeded <see cref="SimulationOptions.Timeout"/>; the engine stopped it (for ngspice, by killing its worker process).</summary>
public sealed class SimulationTimeoutException : SimulationException
{
    public SimulationTimeoutException(TimeSpan timeout, string engine)
        : base($"{engine} did not finish within {timeout.TotalSeconds.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture)} s; the run was stopped.")
    {
        Timeout = timeout;
    }

    public TimeSpan Timeout { get; }
}
