using System.Text.Json.Serialization;

namespace Xbar.Devices.Mtj;

/// <summary>
/// Parameters of the multi-state MTJ model (<see cref="MtjLaw"/>). Immutable; every field is
/// validated when set (also through <c>with</c>), and the error names the field.
/// </summary>
/// <remarks>
/// Defaults: R_P = 3.36 kOhm and TMR0 = 174 % of the 78 nm STT-MRAM cell measured in Nature
/// Electronics 2025 (doi:10.1038/s41928-025-01479-y); V_h = 0.5 V, the typical bias at which the
/// TMR of MgO junctions halves; 4 states as in the 4-state MTJ crossbar of Moureaux et al. 2026.
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
