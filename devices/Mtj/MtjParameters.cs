using System.Text.Json.Serialization;

namespace Xbar.Devices.Mtj;

/// <summary>
/// Parameters of the multi-state MTJ model (<see cref="MtjLaw"/>). Immutable; every field is
/// validated when set (also through <c>with</c>), and the error names the field.
/// </summary>
/// <remarks>
/// Defaults and their sources (the MTJ references of the whole code base; other files cite them by
/// the short names in brackets):
/// <list type="bullet">
/// <item>R_P = 3.36 kOhm and TMR0 = 174 %: the STT-MRAM junctions of [Nature Electronics 2025],
/// "A lossless and fully parallel spintronic compute-in-memory macro for artificial intelligence
/// chips", Nature Electronics 8, 1046-1058 (2025), doi:10.1038/s41928-025-01479-y (group of L. Lin,
/// Southern University of Science and Technology, with Xi'an Jiaotong University), a 64-kb macro in
/// 40-nm STT-MRAM technology. The two values are the project's reading of that paper's junction
/// characterization; only its abstract, which does not state them, could be checked here.</item>
/// <item>V_h = 0.5 V: our assumption (a bias at which the TMR of MgO junctions has fallen to half;
/// not measured for these junctions). The form of the bias dependence is in <see cref="MtjLaw"/>.</item>
/// <item>4 states, and N = 2..16 states per cell: the N-ary MTJ crossbar of [Moureaux 2026],
/// A. Moureaux, A. Lopes Temporao, F. Abreu Araujo, "Multibit neural inference in a N-ary
/// crossbar architecture", arXiv:2604.26979 (2026).</item>
/// <item>The composite free layer (a fraction x of the area parallel) and its granular programming
/// error: [Gupte 2026], "Scalable and robust multi-bit spintronic synapses for analog in-memory
/// computing", doi:10.1038/s44335-026-00055-7 (2026; preprint doi:10.21203/rs.3.rs-7245457/v1), an MTJ
/// free layer exchange-coupled to a granular magnetic nanostructure with near-continuous
/// resistance states (first author as credited in this project; the abstract was checked).</item>
/// </list>
/// </remarks>
public sealed record MtjParameters
{
    private readonly double resistanceParallel = 3360;
    private readonly double tmr0 = 1.74;
    private readonly double halfBiasVoltage = 0.5;
    private readonly int states = 4;
    private readonly IReadOnlyList<double>? parallelFractions;

    /// <summary>R_P, resistance of the fully parallel cell at low bias, in Ohm (default 3360).</summary>
    public double ResistanceParallel
    {
        get => resistanceParallel;
        init => resistanceParallel = Guard.Positive(value, nameof(ResistanceParallel), "Ohm");
    }

    /// <summary>TMR0, zero-bias tunnel magnetoresistance ratio (R_AP - R_P)/R_P, dimensionless (1.74 = 174 %).</summary>
    public double Tmr0
    {
        get => tmr0;
        init => tmr0 = Guard.NonNegative(value, nameof(Tmr0));
    }

    /// <summary>V_h, bias at which TMR falls to half of TMR0, in V (default 0.5).</summary>
    public double HalfBiasVoltage
    {
        get => halfBiasVoltage;
        init => halfBiasVoltage = Guard.Positive(value, nameof(HalfBiasVoltage), "V");
    }

    /// <summary>Number of states N, 2..16 (default 4).</summary>
    public int States
    {
        get => states;
        init => states = Guard.InRange(value, 2, 16, nameof(States));
    }

    /// <summary>
    /// Explicit parallel area fraction x of every state (in [0, 1], strictly increasing, one per
    /// state), or null for levels uniform in low-bias conductance (x_k = k / (N - 1)).
    /// Because G(0, x) is linear in x, uniform x is uniform conductance.
    /// </summary>
    public IReadOnlyList<double>? ParallelFractions
    {
        get => parallelFractions;
        init
        {
            if (value is null) { parallelFractions = null; return; }
            var copy = value.ToArray();
            for (int k = 0; k < copy.Length; k++)
            {
                Guard.InRange(copy[k], 0, 1, $"{nameof(ParallelFractions)}[{k}]");
                if (k > 0 && copy[k] <= copy[k - 1])
                    throw new InvalidInputException($"{nameof(ParallelFractions)} must be strictly increasing; entry {k} ({Guard.Fmt(copy[k])}) is not above entry {k - 1} ({Guard.Fmt(copy[k - 1])}).");
            }
            parallelFractions = Array.AsReadOnly(copy);
        }
    }

    /// <summary>G_P = 1 / R_P, in S.</summary>
    [JsonIgnore]
    public double ConductanceParallel => 1.0 / ResistanceParallel;

    /// <summary>
    /// Explicit levels from target low-bias conductances (S, increasing, within [G_AP(0), G_P]),
    /// converted to parallel fractions x = (G - G_AP) / (G_P - G_AP).
    /// </summary>
    public MtjParameters WithLevelConductances(IReadOnlyList<double> conductances)
    {
        double gp = ConductanceParallel, gap = gp / (1 + Tmr0);
        if (gp == gap)
            throw new InvalidInputException("explicit MTJ level conductances need Tmr0 > 0.");
        var x = new double[conductances.Count];
        for (int k = 0; k < x.Length; k++)
        {
            double gk = conductances[k];
            if (!double.IsFinite(gk) || gk < gap * (1 - 1e-12) || gk > gp * (1 + 1e-12))
                throw new InvalidInputException($"level conductance [{k}] = {Guard.Fmt(gk)} S is outside [G_AP, G_P] = [{Guard.Fmt(gap)}, {Guard.Fmt(gp)}] S.");
            x[k] = Math.Clamp((gk - gap) / (gp - gap), 0, 1);
        }
        return this with { States = x.Length, ParallelFractions = x };
    }
}
