namespace Xbar.Devices.Linear;

/// <summary>
/// An ideal ohmic multi-level cell (I = G V): the reference device for solver checks (an ideal
/// crossbar computes exactly G^T V). Default window 1-25 uS, the RRAM window used for the
/// published IR-drop comparisons of this project; conductances in S.
/// </summary>
public sealed record LinearParameters
{
    private readonly int states = 4;
    private readonly double minConductance = 1e-6;
    private readonly double maxConductance = 25e-6;
    private readonly IReadOnlyList<double>? levels;

    /// <summary>Number of states, 2..256 (default 4).</summary>
    public int States { get => states; init => states = Guard.InRange(value, 2, 256, nameof(States)); }

    /// <summary>Conductance of state 0, in S (default 1 uS).</summary>
    public double MinConductance { get => minConductance; init => minConductance = Guard.NonNegative(value, nameof(MinConductance), "S"); }

    /// <summary>Conductance of the top state, in S (default 25 uS).</summary>
    public double MaxConductance { get => maxConductance; init => maxConductance = Guard.Positive(value, nameof(MaxConductance), "S"); }

    /// <summary>Explicit level conductances in S (one per state, increasing), or null for uniform levels.</summary>
    public IReadOnlyList<double>? Levels { get => levels; init => levels = value?.ToArray(); }
}
