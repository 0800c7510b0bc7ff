using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Serialization;

namespace Xbar.Behavioral.Config;

/// <summary>
/// The whole tile configuration: one immutable record per component, so each component sees only
/// its own part (the array's wires, the cells, the weight mapping, the input and output periphery,
/// the IR-drop model). Serialized as JSON by <see cref="TileConfigJson"/>; named presets in
/// <see cref="TilePresets"/>.
/// </summary>
public sealed record TileConfig(
    ArrayConfig Array,
    DeviceConfig Device,
    MappingConfig Mapping,
    InputConfig Input,
    OutputConfig Output,
    IrDropConfig IrDrop,
    string? Name = null,
    string? Citation = null)
{
    /// <summary>Checks every part; throws <see cref="InvalidInputException"/> naming the first bad field.</summary>
    public TileConfig Validate()
    {
        if (Array is null) throw new InvalidInputException("array: missing section");
        if (Device is null) throw new InvalidInputException("device: missing section");
        if (Mapping is null) throw new InvalidInputException("mapping: missing section");
        if (Input is null) throw new InvalidInputException("input: missing section");
        if (Output is null) throw new InvalidInputException("output: missing section");
        if (IrDrop is null) throw new InvalidInputException("ir_drop: missing section");
        Array.Validate();
        Device.Validate();
        Mapping.Validate();
        Input.Validate();
        Output.Validate();
        IrDrop.Validate();
        if (Mapping.Quantization == QuantizationKind.None && Device.Kind != DeviceKind.Linear)
            throw new InvalidInputException("mapping.quantization: \"none\" needs device.kind \"linear\" (a real device has discrete states)");
        return this;
    }

    /// <summary>
    /// Hash of the physics a calibration depends on, as 16 hex digits: the array, the device, the
    /// weight mapping, the read voltage and the bias at which the fast model linearizes the cells
    /// (ir_drop.reference_bias_v, the base the fitted correction was made on; it enters only when set
    /// to other than the read voltage, so hashes of default configs stay as they were). Not the name,
    /// the IR-drop model choice, the DAC/ADC/TIA or the encoding, which act outside the analog core
    /// the calibration fits. A calibration stores it and is refused on any config with another hash.
    /// </summary>
    [JsonIgnore]
    public string PhysicsHash
    {
        get
        {
            var canonical = System.Text.Json.JsonSerializer.Serialize(
                // The weight clip is a digital scale (weight units per siemens), not array physics, so a
                // network may set it per layer and still use one calibration.
                IrDrop.ReferenceBiasV is { } vRef && vRef != Input.ReadVoltageV
                    ? new { array = Array, device = HashedDevice, mapping = Mapping with { WeightClip = null }, read_voltage_v = Input.ReadVoltageV, reference_bias_v = (double?)vRef }
                    : (object)new { array = Array, device = HashedDevice, mapping = Mapping with { WeightClip = null }, read_voltage_v = Input.ReadVoltageV },
                TileConfigJson.Options);
            return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)))[..16].ToLowerInvariant();
        }
    }

    /// <summary>
    /// The device as the hash sees it: without the read time of a PCM tile, which changes the cells'
    /// conductances but not the wires the calibration fits, so one calibration serves every --time.
    /// </summary>
    private DeviceConfig HashedDevice => Device with { TimeS = null };
}
