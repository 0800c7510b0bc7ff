using System.Text.Json;
using System.Text.Json.Serialization;
using Xbar.Circuits.Crossbars;
using Xbar.Circuits.Nodal.Transient;

namespace Xbar.Circuits.Cost;

/// <summary>How the input vector is applied to the word lines.</summary>
public enum InputEncodingKind
{
    /// <summary>A DAC sets each word line to x_i V_read; the column current is read by a TIA once settled.</summary>
    Amplitude,
    /// <summary>Each word line is at V_read for x_i 2^D clock periods; the column charge is integrated.</summary>
    PulseWidth,
}

/// <summary>The array: size, cell, read voltage, word-line driver.</summary>
/// <param name="Rows">Word lines (inputs).</param>
/// <param name="Cols">Bit lines (each with its own read-out).</param>
/// <param name="Cell">Cell type: mtj1, mtj2, rram, pcm (<see cref="CostCells"/>).</param>
/// <param name="States">States per cell; null = the cell type's default.</param>
/// <param name="ReadVoltageV">Word-line voltage of a full-scale input (V); default 0.2 V as the tile presets.</param>
/// <param name="DriverROhm">Output resistance of each word-line driver (Ohm); default 50 Ohm, a wide buffer (our assumption).</param>
/// <param name="RiseTimeS">Rise (and fall) time of the driver (s); default 100 ps (our assumption).</param>
/// <param name="AccessROhm">Access transistor on-resistance in series with each cell (Ohm); default 0: the devices' resistances describe the whole cell.</param>
public sealed record ArrayCostConfig(
    int Rows = 64,
    int Cols = 64,
    string Cell = "mtj2",
    int? States = null,
    double ReadVoltageV = 0.2,
    double DriverROhm = 50,
    double RiseTimeS = 100e-12,
    double AccessROhm = 0)
{
    public void Validate()
    {
        CostConfigChecks.InRange("array.rows", Rows, 1, 1024);
        CostConfigChecks.InRange("array.cols", Cols, 1, 1024);
        CostCells.Get(Cell, States);
        CostConfigChecks.Positive("array.read_voltage_v", ReadVoltageV);
        CostConfigChecks.Positive("array.driver_r_ohm", DriverROhm);
        CostConfigChecks.Positive("array.rise_time_s", RiseTimeS);
        CostConfigChecks.NonNegative("array.access_r_ohm", AccessROhm);
    }
}

/// <summary>Input side: encoding and DAC (or pulse-width counter) resolution.</summary>
public sealed record InputCostConfig(string Encoding = "amplitude", int DacBits = 8)
{
    private static readonly Dictionary<string, InputEncodingKind> Kinds = new(StringComparer.OrdinalIgnoreCase)
    {
        ["amplitude"] = InputEncodingKind.Amplitude,
        ["pulse-width"] = InputEncodingKind.PulseWidth,
    };

    [JsonIgnore] public InputEncodingKind Kind => CostConfigChecks.OneOf("input.encoding", Encoding, Kinds, "input encoding");

    public void Validate()
    {
        _ = Kind;
        CostConfigChecks.InRange("input.dac_bits", DacBits, 1, 12);
    }
}

/// <summary>
/// Column read-out: an op-amp TIA (amplitude encoding) or integrator (pulse-width encoding) per
/// column, the single-pole op-amp of circuits/ReadCircuits (OpAmpMacroModel: 50 uA from 1 V,
/// GBW 500 MHz, after Razavi, "Design of Analog CMOS Integrated Circuits", 2nd ed., ch. 10), its
/// output full scale (0.4 V, within the macro-model's 0.45 V swing, as ColumnAdcCharacterization),
/// and its area: 200 um^2 (our assumption: a two-stage Miller op-amp whose ~0.3 pJ compensation
/// capacitor at ~2 fF/um^2 dominates).
/// </summary>
public sealed record ReadoutCostConfig(
    double QuiescentA = 50e-6,
    double GainBandwidthHz = 500e6,
    double FullScaleV = 0.4,
    double AreaUm2 = 200)
{
    public void Validate()
    {
        CostConfigChecks.NonNegative("readout.quiescent_a", QuiescentA);
        CostConfigChecks.Positive("readout.gain_bandwidth_hz", GainBandwidthHz);
        CostConfigChecks.Positive("readout.full_scale_v", FullScaleV);
        CostConfigChecks.NonNegative("readout.area_um2", AreaUm2);
    }
}

/// <summary>Column ADC: architecture, resolution, and how many columns share one ADC through a multiplexer.</summary>
public sealed record AdcCostConfig(string Type = "flash", int Bits = 8, int ColumnsPerAdc = 1)
{
    private static readonly Dictionary<string, AdcKind> Kinds = new(StringComparer.OrdinalIgnoreCase)
    {
        ["flash"] = AdcKind.Flash,
        ["sar"] = AdcKind.Sar,
    };

    [JsonIgnore] public AdcKind Kind => CostConfigChecks.OneOf("adc.type", Type, Kinds, "ADC type");

    public void Validate()
    {
        _ = Kind;
        CostConfigChecks.InRange("adc.bits", Bits, 1, 12);
        CostConfigChecks.InRange("adc.columns_per_adc", ColumnsPerAdc, 1, 1024);
    }
}

/// <summary>Digital back end: width of the shift-and-add accumulator each column output is added into.</summary>
public sealed record DigitalCostConfig(int AccumulatorBits = 16)
{
    public void Validate() => CostConfigChecks.InRange("digital.accumulator_bits", AccumulatorBits, 1, 64);
}

/// <summary>
/// Everything that sets the cost of one tile MVM: technology, array, input encoding, read-out, ADC
/// and digital back end. Every section may be left out of the JSON (its defaults are used); every
/// bad field is an <see cref="InvalidInputException"/> naming it (<c>adc.type</c>, <c>technology.clock_hz</c>...).
/// See docs/cost.md for the defaults' sources.
/// </summary>
public sealed record TileCostConfig(
    TechnologyNode? Technology = null,
    ArrayCostConfig? Array = null,
    InputCostConfig? Input = null,
    ReadoutCostConfig? Readout = null,
    AdcCostConfig? Adc = null,
    DigitalCostConfig? Digital = null)
{
    [JsonIgnore] public TechnologyNode Tech => Technology ?? new();
    [JsonIgnore] public ArrayCostConfig Arr => Array ?? new();
    [JsonIgnore] public InputCostConfig In => Input ?? new();
    [JsonIgnore] public ReadoutCostConfig Read => Readout ?? new();
    [JsonIgnore] public AdcCostConfig Conv => Adc ?? new();
    [JsonIgnore] public DigitalCostConfig Dig => Digital ?? new();

    /// <summary>The cell of the array.</summary>
    [JsonIgnore] public CostCell Cell => CostCells.Get(Arr.Cell, Arr.States);

    /// <summary>Checks every section; throws <see cref="InvalidInputException"/> naming the first bad field.</summary>
    public TileCostConfig Validate()
    {
        Tech.Validate();
        Arr.Validate();
        In.Validate();
        Read.Validate();
        Conv.Validate();
        Dig.Validate();
        return this;
    }

    /// <summary>The crossbar circuit: segment resistance and capacitance from the technology's wires over one cell pitch.</summary>
    public TransientCrossbarSpec Circuit()
    {
        var cell = Cell;
        double f = Tech.FeatureSize, wordPitch = cell.WidthF * f, bitPitch = cell.HeightF * f;
        var array = new CrossbarSpec(Arr.Rows, Arr.Cols, Tech.WireResistance(wordPitch), Tech.WireResistance(bitPitch),
            Arr.DriverROhm, Arr.AccessROhm > 0 ? CellKind.OneT1R : CellKind.OneR, Arr.AccessROhm);
        return new TransientCrossbarSpec(array, Tech.WireCapacitance(wordPitch), Tech.WireCapacitance(bitPitch));
    }

    /// <summary>The largest column current (A): every input at full scale, every cell at its highest conductance. The read-out's full scale.</summary>
    [JsonIgnore] public double FullScaleCurrent => Arr.Rows * Arr.ReadVoltageV * Cell.MaxConductance(Arr.ReadVoltageV);

    /// <summary>Length of the pulse-width window: 2^D clock periods (s).</summary>
    [JsonIgnore] public double PulseWindow => Math.Pow(2, In.DacBits) * Tech.ClockPeriod;

    /// <summary>JSON settings: snake_case names, comments and trailing commas allowed.</summary>
    public static JsonSerializerOptions Json { get; } = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        WriteIndented = true,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    };

    /// <summary>Reads and validates a cost config file; a bad file is an <see cref="InvalidInputException"/> naming the file and field.</summary>
    public static TileCostConfig Load(string path)
    {
        string text;
        try { text = File.ReadAllText(path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InvalidInputException($"{path}: cannot read the cost config ({e.Message})");
        }
        return Parse(text, path);
    }

    /// <summary>Parses and validates cost config JSON text (<paramref name="origin"/> names it in errors).</summary>
    public static TileCostConfig Parse(string json, string origin = "cost config")
    {
        TileCostConfig? config;
        try { config = JsonSerializer.Deserialize<TileCostConfig>(json, Json); }
        catch (JsonException e)
        {
            string where = e.Path is { Length: > 0 } p ? $" at {p.TrimStart('$', '.')}" : "";
            throw new InvalidInputException($"{origin}:{(e.LineNumber is { } l ? l + 1 : 0)}: not a valid cost config{where} ({e.Message.Split(" Path:")[0]})");
        }
        if (config is null) throw new InvalidInputException($"{origin}: empty cost config");
        try { return config.Validate(); }
        catch (InvalidInputException e) { throw new InvalidInputException($"{origin}: {e.Message}", e); }
    }

    /// <summary>The config as JSON (every section written out).</summary>
    public string ToJson() => JsonSerializer.Serialize(this with
    {
        Technology = Tech, Array = Arr, Input = In, Readout = Read, Adc = Conv, Digital = Dig,
    }, Json);
}
