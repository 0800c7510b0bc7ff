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
    /// Hash of the physics a calibration depends on (everything except the name, the citation
    /// and the IR-drop model choice), as 16 hex digits. A calibration stores it and is refused
    /// on any other config.
    /// </summary>
    [JsonIgnore]
    public string PhysicsHash
    {
        get
        {
            var canonical = TileConfigJson.Serialize(this with { Name = null, Citation = null, IrDrop = new IrDropConfig() }, indented: false);
            return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)))[..16].ToLowerInvariant();
        }
    }
}
