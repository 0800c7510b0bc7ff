using System.Text.Json.Serialization;

namespace Xbar.Circuits.Cost;

/// <summary>
/// The CMOS technology a tile is costed in: feature size F, the interconnect of the array lines,
/// the supply of the periphery and the digital clock.
/// </summary>
/// <remarks>
/// Defaults, 22 nm node: wires 40 nm wide with aspect ratio 1.9 and an effective Cu resistivity
/// of 4.03e-8 Ohm m (size effects included), the 22 nm figures NeuroSim takes from the ITRS
/// interconnect tables (P.-Y. Chen, X. Peng and S. Yu, "NeuroSim: A circuit-level macro model for
/// benchmarking neuro-inspired architectures in online learning", IEEE TCAD 37(12), 3067-3080,
/// 2018; DNN_NeuroSim V1.3 Param.cpp): r' = rho / (w h) = 4.03e-8 / (40 nm x 76 nm) = 13.26 Ohm/um.
/// Wire capacitance c' = 0.2 fF/um, the per-length figure NeuroSim uses for its interconnect and the
/// textbook value for on-chip wires (N. Weste and D. Harris, "CMOS VLSI Design", 4th ed., 2010,
/// ch. 6); the read circuits of this project use the same 0.2 fF/um (CellReadCircuit). A segment
/// between neighbouring cells is one cell pitch long, so at the 216 nm x 225 nm 1T1R cell of
/// Intel 22FFL a word-line segment is 2.86 Ohm and 0.043 fF, a bit-line segment 2.98 Ohm and
/// 0.045 fF. Supply 1.0 V (the comparator and op-amp models of circuits/ReadCircuits); clock 1 GHz
/// (our assumption: the digital periphery's clock and the pulse-width encoding's time step).
/// </remarks>
public sealed record TechnologyNode(
    double FeatureSizeNm = 22,
    double WireROhmPerUm = 13.26,
    double WireCFfPerUm = 0.2,
    double SupplyV = 1.0,
    double ClockHz = 1e9)
{
    public TechnologyNode Validate(string prefix = "technology")
    {
        CostConfigChecks.Positive($"{prefix}.feature_size_nm", FeatureSizeNm);
        CostConfigChecks.NonNegative($"{prefix}.wire_r_ohm_per_um", WireROhmPerUm);
        CostConfigChecks.NonNegative($"{prefix}.wire_c_ff_per_um", WireCFfPerUm);
        CostConfigChecks.Positive($"{prefix}.supply_v", SupplyV);
        CostConfigChecks.Positive($"{prefix}.clock_hz", ClockHz);
        return this;
    }

    /// <summary>F in m.</summary>
    [JsonIgnore] public double FeatureSize => FeatureSizeNm * 1e-9;

    /// <summary>Wire resistance of a length <paramref name="meters"/> (Ohm).</summary>
    public double WireResistance(double meters) => WireROhmPerUm * meters * 1e6;

    /// <summary>Wire capacitance of a length <paramref name="meters"/> (F).</summary>
    public double WireCapacitance(double meters) => WireCFfPerUm * 1e-15 * meters * 1e6;

    /// <summary>Clock period (s).</summary>
    [JsonIgnore] public double ClockPeriod => 1.0 / ClockHz;

    /// <summary>Area of a layout measured at another node, scaled to this one as (F / F_ref)^2 (our assumption for digital and capacitor-dominated blocks).</summary>
    public double ScaleArea(double area, double referenceNm) => area * Math.Pow(FeatureSizeNm / referenceNm, 2);

    /// <summary>Switching energy measured at another node, scaled linearly with F (capacitance scales with F at a fixed supply; our assumption).</summary>
    public double ScaleEnergy(double energy, double referenceNm) => energy * FeatureSizeNm / referenceNm;
}
