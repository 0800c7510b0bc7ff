using System.Text;
using static Xbar.Circuits.ReadCircuits.SpiceFormat;

namespace Xbar.Circuits.ReadCircuits;

/// <summary>
/// Single-pole op-amp macro-model: a transconductor g_m = A0 / R_o into R_o || C_p (DC gain A0,
/// dominant pole f_p = GBW / A0, so unity-gain bandwidth = GBW), an input offset V_os added to the
/// differential input, and an output buffer clamped to [V_min, V_max] (swing limits). Supply:
/// a static current I_q from a rail of <see cref="SupplyVoltage"/> (counted in the energy).
/// </summary>
/// <remarks>
/// Defaults: A0 = 1e4 (80 dB) and GBW = 500 MHz, a two-stage Miller OTA in 65-28 nm CMOS (Razavi,
/// "Design of Analog CMOS Integrated Circuits", 2nd ed., ch. 10: two-stage op-amps reach 60-80 dB,
/// GBW of hundreds of MHz at tens of uA); swing 0.05 V below the 1 V rails on either side of a
/// mid-supply reference (modelled here as -0.45..+0.45 V around the 0 V reference); V_os = 1 mV
/// (residual offset after trimming); I_q = 50 uA.
/// </remarks>
public sealed record OpAmpMacroModel(
    double DcGain = 1e4,
    double GainBandwidth = 500e6,
    double OutputMin = -0.45,
    double OutputMax = 0.45,
    double InputOffset = 1e-3,
    double QuiescentCurrent = 50e-6,
    double SupplyVoltage = 1.0)
{
    public double DcGain { get; } = ReadCircuitGuards.Positive(DcGain, nameof(DcGain));
    public double GainBandwidth { get; } = ReadCircuitGuards.Positive(GainBandwidth, nameof(GainBandwidth));
    public double OutputMin { get; } = ReadCircuitGuards.Finite(OutputMin, nameof(OutputMin));
    public double OutputMax { get; } = OutputMax > OutputMin && double.IsFinite(OutputMax)
        ? OutputMax : throw new InvalidInputException($"OutputMax must be finite and above OutputMin ({OutputMin}), got {OutputMax}.");
    public double InputOffset { get; } = ReadCircuitGuards.Finite(InputOffset, nameof(InputOffset));
    public double QuiescentCurrent { get; } = ReadCircuitGuards.NonNegative(QuiescentCurrent, nameof(QuiescentCurrent));
    public double SupplyVoltage { get; } = ReadCircuitGuards.Positive(SupplyVoltage, nameof(SupplyVoltage));

    /// <summary>Internal node resistance (Ohm); any value works, it only scales g_m and C_p.</summary>
    public const double InternalResistance = 1e6;

    /// <summary>
    /// Appends the op-amp as prefix <paramref name="p"/> between <paramref name="plus"/>,
    /// <paramref name="minus"/> and <paramref name="output"/>; returns the vectors it needs and its power (W).
    /// </summary>
    public (IReadOnlyList<string> Vectors, Func<TransientResult, int, double> Power) Append(
        StringBuilder sb, string p, string plus, string minus, string output)
    {
        double gm = DcGain / InternalResistance;
        double cp = 1 / (2 * Math.PI * InternalResistance * (GainBandwidth / DcGain));
        string x = $"{p}_x", y = $"{p}_y", sup = $"{p}_sup";
        sb.AppendLine($"B{p}g 0 {x} I = {N(gm)}*(V({plus})-V({minus})+({N(InputOffset)}))");
        sb.AppendLine($"R{p}o {x} 0 {N(InternalResistance)}");
        sb.AppendLine($"C{p}p {x} 0 {N(cp)}");
        sb.AppendLine($"B{p}o {y} 0 V = max({N(OutputMin)}, min({N(OutputMax)}, V({x})))");
        sb.AppendLine($"V{p}am {y} {output} 0");
        sb.AppendLine($"V{p}sup {sup} 0 {N(SupplyVoltage)}");
        sb.AppendLine($"I{p}q {sup} 0 {N(QuiescentCurrent)}");
        string vy = $"v({y})", iam = $"i(v{p}am)", isup = $"i(v{p}sup)";
        double vs = SupplyVoltage;
        // The output buffer delivers V_y i (i = current into the ammeter's + node); the rail delivers -V i.
        double Power(TransientResult r, int t) => r[vy][t] * r[iam][t] - vs * r[isup][t];
        return (new[] { vy, iam, isup }, Power);
    }
}
