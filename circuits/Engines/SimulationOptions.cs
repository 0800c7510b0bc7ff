namespace Xbar.Circuits.Engines;

/// <summary>Per-run settings of an <see cref="ICircuitEngine"/>.</summary>
public sealed record SimulationOptions
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(60);

    /// <summary>Wall-clock limit of one run; past it the run is stopped and <see cref="SimulationTimeoutException"/> thrown.</summary>
    public TimeSpan Timeout
    {
        get => _timeout;
        init => _timeout = value > TimeSpan.Zero
            ? value
            : throw new ArgumentOutOfRangeException(nameof(Timeout), value, "Timeout must be positive.");
    }

    private readonly TimeSpan _timeout = DefaultTimeout;

    /// <summary>Directory against which the engine resolves relative paths in the netlist (<c>.include</c>); null = current directory.</summary>
    public string? WorkingDirectory { get; init; }

    public static SimulationOptions Default { get; } = new();
}
