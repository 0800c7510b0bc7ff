using System.Globalization;
using System.Text.Json.Serialization;

namespace Xbar.Behavioral.Config;

/// <summary>How signed weights are placed on non-negative conductances (aihwkit's converter idea, Rasch et al. 2021).</summary>
public enum SignedMapping
{
    /// <summary>Each output is a column pair: w ~ G+ - G-, one of the two cells at the lowest state.</summary>
    Differential,
    /// <summary>Each output is one column minus a shared reference column at the middle conductance.</summary>
    Reference,
}

/// <summary>How weights are rounded to the device's N programmable states.</summary>
public enum QuantizationKind
{
    /// <summary>No rounding: every cell gets the exact conductance (only meaningful for linear/ideal devices).</summary>
    None,
    /// <summary>N uniformly spaced levels between 0 and the clip value.</summary>
    Uniform,
    /// <summary>N levels placed by k-means (Lloyd) on the weight distribution (Moureaux et al. 2026).</summary>
    KMeans,
}

/// <summary>How an input value becomes word-line voltage over time.</summary>
public enum InputEncoding
{
    /// <summary>One read at a voltage proportional to the input.</summary>
    Amplitude,
    /// <summary>Fixed read voltage for a duration proportional to the input, time-stepped (Luquin et al. 2025).</summary>
    PulseWidth,
    /// <summary>One read per input bit at the full read voltage, outputs weighted by 2^b and summed.</summary>
    BitSerial,
}

/// <summary>Which IR-drop model the behavioral tile applies.</summary>
public enum IrDropModel
{
    /// <summary>Wires ideal: I = G^T V.</summary>
    None,
    /// <summary>
    /// The transfer model from nodal solves (<see cref="Tiles.TransferModel"/>, about 2 x rows solves at
    /// programming): exact for ohmic cells; for bias-dependent cells plus their cubic one-row response
    /// and the bit-line load of the other rows.
    /// </summary>
    Exact,
    /// <summary>Xbar's decoupled-ladder Thevenin model (word and bit lines, driver and sense resistance, column position): O(rows x cols) programming.</summary>
    Fast,
    /// <summary><see cref="Exact"/> with its two bias-dependent coefficients fitted by <c>xbar calibrate</c> (<see cref="Tiles.IrDropCorrection"/>).</summary>
    Calibrated,
    /// <summary>
    /// <see cref="Fast"/> with its linear transfer made exact on a few probe reads (<see cref="Tiles.ProbeCorrection"/>:
    /// 8 nodal solves, each a group of rows at 1 V): worst structured family 0.014 % at 256x256 for ohmic cells
    /// where the ladder alone is at 1.7 %. Bias-dependent cells: the probes correct the zero-bias transfer only.
    /// </summary>
    Probed,
}

/// <summary>The crossbar's wires: the part of the config the circuit and IR-drop models see.</summary>
/// <param name="Rows">Word lines of the physical array (inputs that fit on one tile).</param>
/// <param name="Cols">Bit lines of the physical array (a differential pair uses two).</param>
/// <param name="WireROhm">Word-line resistance per segment between adjacent cells (Ohm).</param>
/// <param name="BitLineWireROhm">Bit-line resistance per segment (Ohm); null = same as <paramref name="WireROhm"/>.</param>
/// <param name="DriverROhm">Output resistance of each word-line driver (Ohm).</param>
/// <param name="SenseROhm">Resistance between the bit line's end and the TIA's virtual ground (Ohm).</param>
public sealed record ArrayConfig(
    int Rows = 64,
    int Cols = 64,
    double WireROhm = 1.0,
    double? BitLineWireROhm = null,
    double DriverROhm = 0.0,
    double SenseROhm = 0.0)
{
    [JsonIgnore] public double BitLineROhm => BitLineWireROhm ?? WireROhm;

    public void Validate()
    {
        ConfigChecks.AtLeast("array.rows", Rows, 1);
        ConfigChecks.AtLeast("array.cols", Cols, 1);
        ConfigChecks.NonNegative("array.wire_r_ohm", WireROhm);
        if (BitLineWireROhm is { } b) ConfigChecks.NonNegative("array.bit_line_wire_r_ohm", b);
        ConfigChecks.NonNegative("array.driver_r_ohm", DriverROhm);
        ConfigChecks.NonNegative("array.sense_r_ohm", SenseROhm);
    }
}

/// <summary>Device kind for <see cref="DeviceConfig"/>.</summary>
public enum DeviceKind { Linear, Mtj, Rram, Pcm }

/// <summary>
/// The cells: kind, number of states and the non-idealities drawn at programming.
/// MTJ defaults: R_P = 3.36 kOhm, TMR0 = 1.74 ([Nature Electronics 2025], doi:10.1038/s41928-025-01479-y),
/// V_h = 0.5 V (our assumption; TMR(V) = TMR0/(1+(V/V_h)^2)); references in Xbar.Devices.Mtj.MtjParameters.
/// Linear/RRAM defaults: 1-25 uS (our assumption: a typical RRAM conductance window, the range used for the project's IR-drop comparisons).
/// Moureaux et al. 2026 error classes: sigma_NL (systematic per-state offset, Ohm) and
/// sigma_perp (random per-cell offset, Ohm). PCM cells (kind pcm) follow the statistical model
/// in <see cref="PcmConfig"/> and are read <see cref="TimeS"/> seconds after programming.
/// </summary>
/// <param name="TimeS">PCM only: time since programming at which the tile is read (s); null = the drift law's t0 (no drift yet).</param>
/// <param name="Pcm">PCM only: which parts of the PCM statistical model act; null = all of them (<see cref="PcmConfig"/> defaults).</param>
public sealed record DeviceConfig(
    DeviceKind Kind = DeviceKind.Mtj,
    int States = 4,
    double RpOhm = 3360.0,
    double Tmr0 = 1.74,
    double TmrHalfVoltageV = 0.5,
    double GMinS = 1e-6,
    double GMaxS = 25e-6,
    double ProgrammingSigma = 0.0,
    double ReadNoiseSigma = 0.0,
    double DeviceSpreadSigma = 0.0,
    double SigmaNlOhm = 0.0,
    double SigmaPerpOhm = 0.0,
    double? TimeS = null,
    PcmConfig? Pcm = null)
{
    /// <summary>The PCM model in force: <see cref="Pcm"/> or the defaults for a PCM device, null for other kinds.</summary>
    [JsonIgnore] public PcmConfig? PcmModel => Kind == DeviceKind.Pcm ? Pcm ?? new PcmConfig() : null;

    /// <summary>Read time of a PCM tile (s): <see cref="TimeS"/>, or t0 when not set.</summary>
    [JsonIgnore] public double ReadTimeS => TimeS ?? PcmModel?.ReferenceTimeS ?? 0;

    /// <summary>Most states a device kind supports (MTJ 2..16, our assumption for multi-state MTJ cells (Moureaux et al. 2026 study N = 2..16); RRAM/PCM 2..256).</summary>
    [JsonIgnore] public int MaxStates => Kind switch { DeviceKind.Mtj => 16, DeviceKind.Linear => int.MaxValue, _ => 256 };

    public void Validate()
    {
        ConfigChecks.AtLeast("device.states", States, 2);
        if (States > MaxStates)
            throw new InvalidInputException(string.Create(CultureInfo.InvariantCulture,
                $"device.states: {States} states are more than a {Kind.ToString().ToLowerInvariant()} device supports ({MaxStates})"));
        ConfigChecks.Positive("device.rp_ohm", RpOhm);
        if (Kind == DeviceKind.Mtj) ConfigChecks.Positive("device.tmr0", Tmr0); // a zero TMR leaves no conductance window to store weights
        ConfigChecks.Positive("device.tmr_half_voltage_v", TmrHalfVoltageV);
        // The PCM model's RESET state conducts nothing (G_min = 0 in Joshi et al. 2020 and aihwkit).
        if (Kind == DeviceKind.Pcm) ConfigChecks.NonNegative("device.g_min_s", GMinS);
        else ConfigChecks.Positive("device.g_min_s", GMinS);
        ConfigChecks.Positive("device.g_max_s", GMaxS);
        if (GMaxS <= GMinS) throw new InvalidInputException($"device.g_max_s must be greater than device.g_min_s (got {ConfigChecks.F(GMaxS)} <= {ConfigChecks.F(GMinS)})");
        ConfigChecks.NonNegative("device.programming_sigma", ProgrammingSigma);
        ConfigChecks.NonNegative("device.read_noise_sigma", ReadNoiseSigma);
        ConfigChecks.NonNegative("device.device_spread_sigma", DeviceSpreadSigma);
        ConfigChecks.NonNegative("device.sigma_nl_ohm", SigmaNlOhm);
        ConfigChecks.NonNegative("device.sigma_perp_ohm", SigmaPerpOhm);
        string kind = Kind.ToString().ToLowerInvariant();
        if (TimeS is { } t)
        {
            ConfigChecks.Positive("device.time_s", t);
            if (Kind != DeviceKind.Pcm)
                throw new InvalidInputException($"device.time_s: only PCM cells change after programming (device.kind is {kind})");
        }
        if (Pcm is not null && Kind != DeviceKind.Pcm)
            throw new InvalidInputException($"device.pcm: the PCM model needs device.kind \"pcm\" (it is {kind})");
        if (PcmModel is { } pcm)
        {
            pcm.Validate();
            if (pcm.ProgrammingNoise && ProgrammingSigma > 0)
                throw new InvalidInputException(
                    "device.programming_sigma: a PCM tile uses the published programming noise (device.pcm.programming_noise); set that to false to use a Gaussian sigma instead");
        }
    }

    /// <summary>Nominal (zero-bias) conductance of each state, uniform in conductance from lowest to highest (S).</summary>
    public double[] NominalConductances()
    {
        double lo, hi;
        switch (Kind)
        {
            case DeviceKind.Mtj:
                hi = 1.0 / RpOhm; lo = hi / (1.0 + Tmr0); break;
            default:
                lo = GMinS; hi = GMaxS; break;
        }
        var g = new double[States];
        for (int s = 0; s < States; s++) g[s] = lo + (hi - lo) * s / (States - 1);
        return g;
    }
}

/// <summary>
/// Which parts of the PCM statistical model of Joshi et al., Nature Communications 11, 2473 (2020),
/// Methods (fitted by Nandakumar et al., ICECS 2019, on a million doped-GST devices; the model of
/// aihwkit's PCMLikeNoiseModel) act on a PCM tile, all on by default. Conductances are normalized
/// to device.g_max_s (25 uS in the paper).
/// </summary>
/// <param name="ProgrammingNoise">sigma_prog(g_T) = 0.26348 + 1.9650 g_T - 1.1731 g_T^2 uS after program-and-verify (cycle-to-cycle).</param>
/// <param name="Drift">G(t) = G(t0) (t / t0)^-nu for t &gt; t0.</param>
/// <param name="DriftVariability">nu drawn per device from N(mu_nu(g_T), sigma_nu(g_T)) (device-to-device; a re-programmed device keeps its nu); false = every device drifts with mu_nu.</param>
/// <param name="ReadNoise">1/f read noise accumulated until t, sigma = G Q_s(g_T) sqrt(ln((t + t_read) / (2 t_read))), t_read = 250 ns, drawn once per programming (cycle-to-cycle).</param>
/// <param name="DriftCompensation">Global drift compensation (Joshi et al. 2020; aihwkit's GlobalDriftCompensation): the digital output scale is multiplied by mean |G+ - G-| at t0 over mean |G+ - G-| at t, as read with one-hot inputs.</param>
/// <param name="ReferenceTimeS">t0 of the drift law (s; 20 s in the paper).</param>
public sealed record PcmConfig(
    bool ProgrammingNoise = true,
    bool Drift = true,
    bool DriftVariability = true,
    bool ReadNoise = true,
    bool DriftCompensation = true,
    double ReferenceTimeS = 20.0)
{
    public void Validate() => ConfigChecks.Positive("device.pcm.reference_time_s", ReferenceTimeS);
}

/// <summary>Weights to conductances: signed scheme, quantization, clipping (aihwkit-style converter).</summary>
/// <param name="WeightClip">|w| above this is clipped; null = max |W| of the programmed matrix.</param>
public sealed record MappingConfig(
    SignedMapping Signed = SignedMapping.Differential,
    QuantizationKind Quantization = QuantizationKind.Uniform,
    double? WeightClip = null,
    int KMeansIterations = 100)
{
    public void Validate()
    {
        if (WeightClip is { } c) ConfigChecks.Positive("mapping.weight_clip", c);
        ConfigChecks.AtLeast("mapping.k_means_iterations", KMeansIterations, 1);
    }
}

/// <summary>Input side: DAC and encoding.</summary>
/// <param name="DacBits">DAC resolution (sign excluded); null = unlimited.</param>
/// <param name="ReadVoltageV">Word-line voltage for the largest |input| (V).</param>
/// <param name="InputMax">|x| mapped to the full read voltage; larger inputs are clipped.</param>
/// <param name="PulseSteps">Time steps of the pulse-width encoding.</param>
public sealed record InputConfig(
    InputEncoding Encoding = InputEncoding.Amplitude,
    int? DacBits = null,
    double ReadVoltageV = 0.2,
    double InputMax = 1.0,
    int PulseSteps = 16)
{
    public void Validate()
    {
        if (DacBits is { } b) ConfigChecks.AtLeast("input.dac_bits", b, 1);
        if (Encoding == InputEncoding.BitSerial && DacBits is null)
            throw new InvalidInputException("input.dac_bits: the bit-serial encoding needs a number of bits");
        if (DacBits is > 24) throw new InvalidInputException($"input.dac_bits must be at most 24 (got {DacBits})");
        ConfigChecks.Positive("input.read_voltage_v", ReadVoltageV);
        ConfigChecks.Positive("input.input_max", InputMax);
        ConfigChecks.AtLeast("input.pulse_steps", PulseSteps, 1);
    }
}

/// <summary>Output side: TIA and ADC.</summary>
/// <param name="TiaGainOhm">Transimpedance (V/A); null = an ideal current readout.</param>
/// <param name="TiaSaturationV">|V_out| limit of the TIA (V); null = none.</param>
/// <param name="AdcBits">Uniform ADC resolution (sign included); null = unlimited.</param>
/// <param name="AdcRange">Full-scale |value| of the ADC in TIA volts (or amperes without a TIA); null = the largest possible output.</param>
/// <param name="Flash">A flash ADC given by its thresholds; replaces the uniform ADC when present.</param>
public sealed record OutputConfig(
    double? TiaGainOhm = null,
    double? TiaSaturationV = null,
    int? AdcBits = null,
    double? AdcRange = null,
    Periphery.FlashAdcThresholds? Flash = null)
{
    public void Validate()
    {
        if (TiaGainOhm is { } g) ConfigChecks.Positive("output.tia_gain_ohm", g);
        if (TiaSaturationV is { } s) ConfigChecks.Positive("output.tia_saturation_v", s);
        if (AdcBits is { } b)
        {
            ConfigChecks.AtLeast("output.adc_bits", b, 1);
            if (b > 24) throw new InvalidInputException($"output.adc_bits must be at most 24 (got {b})");
        }
        if (AdcRange is { } r) ConfigChecks.Positive("output.adc_range", r);
        Flash?.Validate("output.flash");
    }
}

/// <summary>IR-drop model selection.</summary>
/// <param name="ReferenceBiasV">Bias (V) at which the cells' cubic term is matched (the one-row response of the exact and calibrated options, the chord of the fast option); null = the read voltage.</param>
public sealed record IrDropConfig(IrDropModel Model = IrDropModel.Fast, double? ReferenceBiasV = null)
{
    public void Validate()
    {
        if (ReferenceBiasV is { } v) ConfigChecks.Positive("ir_drop.reference_bias_v", v);
    }
}

internal static class ConfigChecks
{
    public static string F(double v) => v.ToString("R", CultureInfo.InvariantCulture);

    public static void AtLeast(string field, int value, int min)
    {
        if (value < min) throw new InvalidInputException($"{field} must be at least {min} (got {value})");
    }

    public static void Positive(string field, double value)
    {
        if (!double.IsFinite(value) || value <= 0) throw new InvalidInputException($"{field} must be a positive finite number (got {F(value)})");
    }

    public static void NonNegative(string field, double value)
    {
        if (!double.IsFinite(value) || value < 0) throw new InvalidInputException($"{field} must be a finite number >= 0 (got {F(value)})");
    }
}
