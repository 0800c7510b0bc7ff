namespace Xbar.Behavioral.Config;

/// <summary>
/// Named tile configs, each citing its source. <c>--preset NAME</c> is accepted wherever
/// <c>--config FILE</c> is.
/// </summary>
public static class TilePresets
{
    private static readonly Dictionary<string, Func<TileConfig>> All = new(StringComparer.OrdinalIgnoreCase)
    {
        ["ideal"] = Ideal,
        ["mtj4"] = Mtj4,
        ["mtj1bit"] = Mtj1Bit,
        ["mtj2bit"] = Mtj2Bit,
        ["rram"] = Rram,
        ["linear"] = Linear,
        ["pcm"] = Pcm,
    };

    public static IReadOnlyCollection<string> Names => All.Keys;

    public static TileConfig Get(string name) =>
        All.TryGetValue(name, out var make)
            ? make().Validate()
            : throw new InvalidInputException($"--preset: unknown preset \"{name}\" (known: {string.Join(", ", All.Keys)})");

    /// <summary>
    /// No IR drop, no noise, no quantization, unlimited DAC/ADC bits: the tile returns exactly W x
    /// (up to floating-point rounding). The reference every other preset is compared against.
    /// </summary>
    public static TileConfig Ideal() => new(
        new ArrayConfig(Rows: 256, Cols: 512, WireROhm: 0.0),
        new DeviceConfig(Kind: DeviceKind.Linear, States: 2, GMinS: 1e-6, GMaxS: 25e-6),
        new MappingConfig(SignedMapping.Differential, QuantizationKind.None),
        new InputConfig(InputEncoding.Amplitude, DacBits: null, ReadVoltageV: 0.2, InputMax: 1.0),
        new OutputConfig(),
        new IrDropConfig(IrDropModel.None),
        Name: "ideal",
        Citation: "Exact W x: the float reference (no device, wire or periphery effects).");

    /// <summary>
    /// The main job's tile: 4-state MTJ cells (Moureaux et al. 2026, "Multibit neural inference in
    /// a N-ary crossbar architecture"; R_P = 3.36 kOhm, TMR0 = 174 % from the 78 nm STT-MRAM of
    /// Nature Electronics 2025, s41928-025-01479-y; V_h = 0.5 V), 64x64, 1 Ohm per wire segment,
    /// inputs up to 0.2 V, k-means weight levels, differential columns, 8-bit DAC and ADC, the
    /// calibrated fast IR-drop model.
    /// </summary>
    public static TileConfig Mtj4() => new(
        new ArrayConfig(Rows: 64, Cols: 64, WireROhm: 1.0),
        new DeviceConfig(Kind: DeviceKind.Mtj, States: 4, RpOhm: 3360, Tmr0: 1.74, TmrHalfVoltageV: 0.5),
        new MappingConfig(SignedMapping.Differential, QuantizationKind.KMeans),
        new InputConfig(InputEncoding.Amplitude, DacBits: 8, ReadVoltageV: 0.2, InputMax: 1.0),
        new OutputConfig(AdcBits: 8),
        new IrDropConfig(IrDropModel.Calibrated),
        Name: "mtj4",
        Citation: "Moureaux et al. 2026 (N-ary MTJ crossbar, 4 states); MTJ values from Nature Electronics 2025 s41928-025-01479-y.");

    /// <summary>
    /// Binary (1-bit) MTJ cells for bit-sliced weights, as the conventional MRAM crossbar that Gupte et
    /// al. 2026 ("Scalable and robust multi-bit spintronic synapses for analog in-memory computing", npj
    /// Unconventional Computing, doi:10.1038/s44335-026-00055-7) compare their 2-bit cell against: the
    /// cell is parallel or antiparallel, so a B-bit weight takes B slices (<see cref="Mapping.BitSlicing"/>).
    /// The paper's own MTJ figures could not be read here, so R_P, TMR0 and V_h are the mtj4 preset's
    /// (78 nm STT-MRAM, Nature Electronics 2025, s41928-025-01479-y); the array and periphery are mtj4's
    /// (64x64, 1 Ohm segments, 8-bit DAC and ADC, calibrated IR drop). Uniform levels: digit k on state k.
    /// </summary>
    public static TileConfig Mtj1Bit() => MtjCells(2, "mtj1bit",
        "Binary MTJ cell for bit slicing (Gupte et al. 2026, npj Unconv. Comput., doi:10.1038/s44335-026-00055-7); MTJ values from Nature Electronics 2025 s41928-025-01479-y (our reuse of mtj4's).");

    /// <summary>
    /// 2-bit (4-state) MTJ cells for bit-sliced weights: the granular-free-layer cell of Gupte et al. 2026
    /// (four resistance levels from the fraction of grains switched; "2-bit per cell MRAM crossbars", up to
    /// 3.2x hardware efficiency over 1-bit cells at the same accuracy), so a B-bit weight takes ceil(B/2)
    /// slices. Same MTJ values and array as <see cref="Mtj1Bit"/>; four uniformly spaced states (digit k on
    /// state k), where mtj4 places k-means levels to hold a whole weight on one cell.
    /// </summary>
    public static TileConfig Mtj2Bit() => MtjCells(4, "mtj2bit",
        "2-bit (4-state) granular-free-layer MTJ cell for bit slicing (Gupte et al. 2026, npj Unconv. Comput., doi:10.1038/s44335-026-00055-7); MTJ values from Nature Electronics 2025 s41928-025-01479-y (our reuse of mtj4's).");

    private static TileConfig MtjCells(int states, string name, string citation) => Mtj4() with
    {
        Device = Mtj4().Device with { States = states },
        Mapping = new MappingConfig(SignedMapping.Differential, QuantizationKind.Uniform),
        Name = name,
        Citation = citation,
    };

    /// <summary>
    /// RRAM cells 1-25 uS (our assumption: a typical RRAM window, the range of the project's IR-drop comparisons; Siegel 2024 programming
    /// sigma of 15 uS is left to the user since it dwarfs IR drop), 128x128, 1 Ohm segments.
    /// </summary>
    public static TileConfig Rram() => new(
        new ArrayConfig(Rows: 128, Cols: 128, WireROhm: 1.0),
        new DeviceConfig(Kind: DeviceKind.Rram, States: 16, GMinS: 1e-6, GMaxS: 25e-6),
        new MappingConfig(SignedMapping.Differential, QuantizationKind.Uniform),
        new InputConfig(InputEncoding.Amplitude, DacBits: null, ReadVoltageV: 0.2),
        new OutputConfig(),
        new IrDropConfig(IrDropModel.Fast),
        Name: "rram",
        Citation: "RRAM 1-25 uS (our assumption: a typical RRAM window), 16 levels (Siegel et al. 2024 for RRAM levels).");

    /// <summary>
    /// IBM's phase-change memory tile: 256x256 cells and 8-bit inputs and outputs as on the 64-core
    /// PCM chip (Le Gallo et al., Nature Electronics 6, 680 (2023)); the PCM statistical model of
    /// Joshi et al., Nature Communications 11, 2473 (2020) with G_max = 25 uS and G_min = 0
    /// (programming noise, drift with per-device exponents, 1/f read noise, global drift
    /// compensation; read at t0 = 20 s unless device.time_s or --time says otherwise); 0.15 Ohm per
    /// wire segment, the unit-cell wire resistance of IBM's tile-circuit model (Luquin et al. 2025,
    /// arXiv:2506.00004, as aihwkit's IOParametersIRDropT.ir_drop_rs). The chip programs analog
    /// conductances by program-and-verify; 256 uniform levels (0.1 uS apart, under the 0.26-1.1 uS
    /// programming noise) stand in for that (our assumption), as do the 0.2 V read voltage and the
    /// fast (uncalibrated) IR-drop model.
    /// </summary>
    public static TileConfig Pcm() => new(
        new ArrayConfig(Rows: 256, Cols: 256, WireROhm: 0.15),
        new DeviceConfig(Kind: DeviceKind.Pcm, States: 256, GMinS: 0, GMaxS: 25e-6, Pcm: new PcmConfig()),
        new MappingConfig(SignedMapping.Differential, QuantizationKind.Uniform),
        new InputConfig(InputEncoding.Amplitude, DacBits: 8, ReadVoltageV: 0.2),
        new OutputConfig(AdcBits: 8),
        new IrDropConfig(IrDropModel.Fast),
        Name: "pcm",
        Citation: "IBM PCM: 256x256, 8-bit I/O (Le Gallo et al., Nat. Electron. 2023); statistical model of Joshi et al., Nat. Commun. 2020 (G_max 25 uS, drift, 1/f read noise, global drift compensation); 0.15 Ohm wire segments (Luquin et al. 2025 / aihwkit).");

    /// <summary>Ohmic cells 1-25 uS with exact conductances: isolates IR drop from quantization.</summary>
    public static TileConfig Linear() => Rram() with
    {
        Device = new DeviceConfig(Kind: DeviceKind.Linear, States: 2, GMinS: 1e-6, GMaxS: 25e-6),
        Mapping = new MappingConfig(SignedMapping.Differential, QuantizationKind.None),
        Name = "linear",
        Citation = "Ohmic 1-25 uS cells, unquantized: IR drop alone (our assumption, to isolate IR drop from device effects).",
    };
}
