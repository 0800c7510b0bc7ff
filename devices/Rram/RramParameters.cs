namespace Xbar.Devices.Rram;

/// <summary>
/// Multi-level RRAM cell. Levels between G_min and G_max (S), default 1-25 uS (a typical
/// analog window of HfO2/TaOx RRAM used for inference, e.g. IBM aihwkit's 25 uS G_max);
/// optional sinh nonlinearity of <see cref="RramLaw"/> (V0 = 0.25 V in Guan, Yu and Wong 2012).
/// Programming noise is a non-ideality (<see cref="NonIdealities.GaussianProgrammingError"/>,
/// Siegel et al. 2024 use sigma = 15 uS).
/// </summary>
public sealed record RramParameters
{
    private readonly int states = 4;
    private readonly double minConductance = 1e-6;
    private readonly double maxConductance = 25e-6;
    private readonly IReadOnlyList<double>? levels;
    private readonly double? nonlinearityVoltage;

    /// <summary>V0 of Guan, Yu and Wong (2012), in V, for the optional nonlinearity.</summary>
    public const double PublishedNonlinearityVoltage = 0.25;

    /// <summary>Number of states, 2..256 (default 4).</summary>
    public int States { get => states; init => states = Guard.InRange(value, 2, 256, nameof(States)); }

    /// <summary>G_min, conductance of state 0, in S (default 1 uS).</summary>
    public double MinConductance { get => minConductance; init => minConductance = Guard.NonNegative(value, nameof(MinConductance), "S"); }

    /// <summary>G_max, conductance of the top state, in S (default 25 uS).</summary>
    public double MaxConductance { get => maxConductance; init => maxConductance = Guard.Positive(value, nameof(MaxConductance), "S"); }

    /// <summary>Explicit level conductances in S (one per state, increasing), or null for uniform levels.</summary>
    public IReadOnlyList<double>? Levels { get => levels; init => levels = value?.ToArray(); }

    /// <summary>V0 of the sinh I-V, in V, or null for an ohmic cell (default null).</summary>
    public double? NonlinearityVoltage
    {
        get => nonlinearityVoltage;
        init => nonlinearityVoltage = value is { } v ? Guard.Positive(v, nameof(NonlinearityVoltage), "V") : null;
    }
}
