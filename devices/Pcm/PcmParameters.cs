namespace Xbar.Devices.Pcm;

/// <summary>
/// Multi-level phase-change memory cell (doped-GST mushroom cell of IBM, Joshi et al., Nature
/// Communications 11, 2473 (2020)): ohmic at read bias, levels in [G_min, G_max] with
/// G_max = 25 uS, conductance drift (<see cref="PcmDrift"/>) evaluated at <see cref="Time"/>.
/// Programming noise is a non-ideality (<see cref="NonIdealities.PcmProgrammingError"/>); the 1/f
/// read noise accumulated until <see cref="Time"/> (<see cref="NonIdealities.PcmReadNoise"/>) is
/// drawn into the programmed array when <see cref="ReadNoise"/> is set, as aihwkit's PCM
/// inference model does (one draw per read-out time, not per matrix-vector product).
/// </summary>
public sealed record PcmParameters
{
    private readonly int states = 4;
    private readonly double minConductance;
    private readonly double maxConductance = 25e-6;
    private readonly IReadOnlyList<double>? levels;
    private readonly double time = 20;
    private readonly double referenceTime = 20;
    private readonly bool driftVariability = true;
    private readonly bool drift = true;
    private readonly bool readNoise;

    /// <summary>Number of states, 2..256 (default 4).</summary>
    public int States { get => states; init => states = Guard.InRange(value, 2, 256, nameof(States)); }

    /// <summary>G_min, conductance of state 0, in S (default 0: the RESET state).</summary>
    public double MinConductance { get => minConductance; init => minConductance = Guard.NonNegative(value, nameof(MinConductance), "S"); }

    /// <summary>G_max, conductance of the top state and the normalization of g_T, in S (default 25 uS).</summary>
    public double MaxConductance { get => maxConductance; init => maxConductance = Guard.Positive(value, nameof(MaxConductance), "S"); }

    /// <summary>Explicit level conductances in S (one per state, increasing), or null for uniform levels.</summary>
    public IReadOnlyList<double>? Levels { get => levels; init => levels = value?.ToArray(); }

    /// <summary>t, time since programming at which the array is read, in s (default 20 s = t0: no drift yet).</summary>
    public double Time { get => time; init => time = Guard.Positive(value, nameof(Time), "s"); }

    /// <summary>t0, reference time of the drift law, in s (default 20 s, Joshi et al. 2020).</summary>
    public double ReferenceTime { get => referenceTime; init => referenceTime = Guard.Positive(value, nameof(ReferenceTime), "s"); }

    /// <summary>True: each cell draws its own nu ~ N(mu_nu, sigma_nu); false: every cell drifts with mu_nu.</summary>
    public bool DriftVariability { get => driftVariability; init => driftVariability = value; }

    /// <summary>False: no drift at any time (to isolate the other effects).</summary>
    public bool Drift { get => drift; init => drift = value; }

    /// <summary>True: a programmed array carries the 1/f read noise accumulated until <see cref="Time"/>, one draw per cell and programming cycle.</summary>
    public bool ReadNoise { get => readNoise; init => readNoise = value; }
}
