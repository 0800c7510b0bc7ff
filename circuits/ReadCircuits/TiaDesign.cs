using System.Text;
using static Xbar.Circuits.ReadCircuits.SpiceFormat;

namespace Xbar.Circuits.ReadCircuits;

/// <summary>
/// Transimpedance amplifier: the op-amp's + input at the 0 V reference, R_f || C_f from the output
/// to the - input (the virtual-ground summing node of a bit line), so V_out = -I_in R_f x
/// A0 / (1 + A0 (1 + ...)) ~ -I_in R_f, within the gain error 1 / (1 + A0 beta) and an output offset
/// ~ V_os (1 + R_f G_in). C_f keeps the loop stable against the bit-line capacitance: by default
/// C_f = sqrt(C_in / (2 pi R_f GBW)), the value for ~45-60 degree phase margin of a TIA
/// (Graeme, "Photodiode Amplifiers: Op Amp Solutions", McGraw-Hill 1996, ch. 2).
/// </summary>
public sealed record TiaDesign
{
    public OpAmpMacroModel Amplifier { get; }
    public double FeedbackResistance { get; }
    public double? FeedbackCapacitanceOverride { get; }

    public TiaDesign(double feedbackResistance, OpAmpMacroModel? amplifier = null, double? feedbackCapacitance = null)
    {
        FeedbackResistance = ReadCircuitGuards.Positive(feedbackResistance, nameof(FeedbackResistance));
        Amplifier = amplifier ?? new OpAmpMacroModel();
        if (feedbackCapacitance is { } cf) ReadCircuitGuards.NonNegative(cf, nameof(feedbackCapacitance));
        FeedbackCapacitanceOverride = feedbackCapacitance;
    }

    /// <summary>C_f (F) for an input capacitance <paramref name="inputCapacitance"/> (F).</summary>
    public double FeedbackCapacitance(double inputCapacitance) =>
        FeedbackCapacitanceOverride ?? Math.Sqrt(Math.Max(inputCapacitance, 1e-18) / (2 * Math.PI * FeedbackResistance * Amplifier.GainBandwidth));

    /// <summary>Appends the TIA (summing node <paramref name="input"/>, output <paramref name="output"/>).</summary>
    public (IReadOnlyList<string> Vectors, Func<TransientResult, int, double> Power) Append(
        StringBuilder sb, string p, string input, string output, double inputCapacitance)
    {
        sb.AppendLine($"R{p}f {output} {input} {N(FeedbackResistance)}");
        double cf = FeedbackCapacitance(inputCapacitance);
        if (cf > 0) sb.AppendLine($"C{p}f {output} {input} {N(cf)}");
        return Amplifier.Append(sb, $"{p}a", "0", input, output);
    }
}
