namespace Xbar.Circuits.ReadCircuits;

/// <summary>
/// Behavioral comparator of a flash ADC: a clamped high-gain stage
/// V_raw = V_DD/2 (1 + tanh(2 A0 (V_in - V_ref - V_os) / V_DD)) (small-signal gain A0 at the trip
/// point, output limited to 0..V_DD) followed by an R_d C_d output pole that sets the delay. The
/// delay therefore grows as the overdrive shrinks (the raw output saturates less), as in real
/// comparators. Static bias current I_q is drawn from V_DD for the whole read.
/// </summary>
/// <remarks>
/// Defaults: A0 = 1000 (60 dB, a preamplifier + latch, Razavi, "Design of Analog CMOS Integrated
/// Circuits", 2nd ed., ch. 13 on comparators); R_d C_d = 10 kOhm x 5 fF = 50 ps, giving
/// ~35 ps to V_DD/2 at large overdrive, the order of a StrongARM latch in 65-28 nm (Razavi, "The
/// StrongARM latch", IEEE Solid-State Circuits Magazine 7(2), 2015); V_DD = 1 V; I_q = 5 uA per
/// comparator (low-power flash comparators are 1-20 uA). Input capacitance C_in = 2 fF loads the
/// sensed node.
/// </remarks>
public sealed record ComparatorModel(
    double Gain = 1000,
    double OutputResistance = 10e3,
    double OutputCapacitance = 5e-15,
    double SupplyVoltage = 1.0,
    double QuiescentCurrent = 5e-6,
    double InputCapacitance = 2e-15)
{
    public double Gain { get; } = ReadCircuitGuards.Positive(Gain, nameof(Gain));
    public double OutputResistance { get; } = ReadCircuitGuards.Positive(OutputResistance, nameof(OutputResistance));
    public double OutputCapacitance { get; } = ReadCircuitGuards.Positive(OutputCapacitance, nameof(OutputCapacitance));
    public double SupplyVoltage { get; } = ReadCircuitGuards.Positive(SupplyVoltage, nameof(SupplyVoltage));
    public double QuiescentCurrent { get; } = ReadCircuitGuards.NonNegative(QuiescentCurrent, nameof(QuiescentCurrent));
    public double InputCapacitance { get; } = ReadCircuitGuards.NonNegative(InputCapacitance, nameof(InputCapacitance));

    /// <summary>Output time constant R_d C_d (s).</summary>
    public double TimeConstant => OutputResistance * OutputCapacitance;

    /// <summary>The logic threshold used to read the comparator output as a bit (V).</summary>
    public double LogicThreshold => SupplyVoltage / 2;
}
