using static Xbar.Circuits.ReadCircuits.SpiceFormat;

namespace Xbar.Circuits.ReadCircuits;

/// <summary>
/// One programmed multi-state MTJ cell as the read circuits see it: the composite-free-layer model
/// G(V) = x G_P + (1 - x) G_AP(V), with G_AP(V) = G_P / (1 + TMR(V)) and the bias-dependent
/// TMR(V) = TMR0 / (1 + (V / V_h)^2) (<see cref="Xbar.Devices.Mtj.MtjLaw"/>; defaults R_P = 3.36 kOhm
/// and TMR0 = 1.74 from [Nature Electronics 2025], V_h = 0.5 V our assumption, as in
/// <see cref="Xbar.Devices.Mtj.MtjParameters"/>, which gives the references). x in [0, 1] is the parallel
/// fraction of the programmed state: states are uniform in conductance, x_k = k / (K - 1).
/// <see cref="Current"/> is <see cref="Xbar.Devices.Mtj.MtjLaw.Current"/>; <see cref="SpiceLine"/>
/// writes the same expression as an inline B source (no subcircuit, so a batch of hundreds of
/// readers stays flat).
/// </summary>
/// <param name="ParallelConductance">G_P in S (already including this cell's device-to-device draw).</param>
/// <param name="Tmr0">Zero-bias TMR as a fraction (1.74 = 174 %).</param>
/// <param name="HalfBiasVoltage">V_h in V: the bias at which TMR falls to half.</param>
/// <param name="ParallelFraction">x: 0 = fully antiparallel, 1 = fully parallel (may carry a programming error).</param>
public sealed record MtjReadCell(double ParallelConductance, double Tmr0, double HalfBiasVoltage, double ParallelFraction)
{
    /// <summary>Default R_P = 3.36 kOhm ([Nature Electronics 2025], see <see cref="Xbar.Devices.Mtj.MtjParameters"/>).</summary>
    public const double DefaultParallelResistance = 3.36e3;
    /// <summary>Default zero-bias TMR = 174 % ([Nature Electronics 2025], see <see cref="Xbar.Devices.Mtj.MtjParameters"/>).</summary>
    public const double DefaultTmr0 = 1.74;
    /// <summary>Default V_h = 0.5 V (our assumption, see <see cref="Xbar.Devices.Mtj.MtjParameters"/>).</summary>
    public const double DefaultHalfBiasVoltage = 0.5;

    public double ParallelConductance { get; } = ReadCircuitGuards.Positive(ParallelConductance, nameof(ParallelConductance));
    public double Tmr0 { get; } = ReadCircuitGuards.NonNegative(Tmr0, nameof(Tmr0));
    public double HalfBiasVoltage { get; } = ReadCircuitGuards.Positive(HalfBiasVoltage, nameof(HalfBiasVoltage));
    public double ParallelFraction { get; } = ReadCircuitGuards.Finite(ParallelFraction, nameof(ParallelFraction));

    /// <summary>The nominal cell programmed to state <paramref name="state"/> of <paramref name="states"/> (x = k/(K-1)).</summary>
    public static MtjReadCell Nominal(int state, int states, double tmr0 = DefaultTmr0)
    {
        if (states < 2) throw new InvalidInputException($"states must be >= 2, got {states}.");
        if (state < 0 || state >= states) throw new InvalidInputException($"state must be in 0..{states - 1}, got {state}.");
        return new MtjReadCell(1.0 / DefaultParallelResistance, tmr0, DefaultHalfBiasVoltage, state / (double)(states - 1));
    }

    /// <summary>TMR at bias <paramref name="v"/> (V).</summary>
    public double Tmr(double v) => Tmr0 / (1 + (v / HalfBiasVoltage) * (v / HalfBiasVoltage));

    /// <summary>Chord conductance I/V at bias <paramref name="v"/> (V), in S.</summary>
    public double Conductance(double v) =>
        ParallelFraction * ParallelConductance + (1 - ParallelFraction) * ParallelConductance / (1 + Tmr(v));

    /// <summary>Current at bias <paramref name="v"/> (V), in A.</summary>
    public double Current(double v) => Xbar.Devices.Mtj.MtjLaw.Current(v, ParallelConductance, Tmr0, HalfBiasVoltage, ParallelFraction);

    /// <summary>A B-source line carrying exactly <see cref="Current"/> from <paramref name="plus"/> to <paramref name="minus"/>.</summary>
    public string SpiceLine(string name, string plus, string minus)
    {
        string v = $"V({plus},{minus})";
        return $"B{name} {plus} {minus} I = {v}*({N(ParallelFraction * ParallelConductance)}+{N((1 - ParallelFraction) * ParallelConductance)}" +
               $"/(1+{N(Tmr0)}/(1+({v}/{N(HalfBiasVoltage)})*({v}/{N(HalfBiasVoltage)}))))";
    }
}
