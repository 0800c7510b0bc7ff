using System.Numerics;
using System.Text.Json;
using Xbar.Behavioral.Training.Layers;

namespace Xbar.Behavioral.Training.Models;

/// <summary>
/// Saves and loads a trained <see cref="Network{T}"/> as JSON (format <c>xbar-cnn/1</c>):
/// <list type="bullet">
/// <item><c>input</c>: channels, height, width of one sample; <c>classes</c>: number of logits;</item>
/// <item><c>layers</c>: the layer specs in forward order (<see cref="LayerSpec"/>, a <c>kind</c> field;
/// residual blocks nest their <c>main</c> and <c>shortcut</c> lists; weight layers trained with QAT
/// carry their <c>quantizer</c>: states and range);</item>
/// <item><c>parameters</c>: one entry per array by name (<c>stage1.block1.conv1.weight</c>, <c>...bn1.running_var</c>)
/// with <c>shape</c> (ONNX order: C_out x C_in x K x K, dense outputs x inputs) and <c>values</c>
/// (row-major, doubles; QAT weights are written as the exact levels);</item>
/// <item><c>description</c> and <c>training</c>: free text and the settings and results of the run.</item>
/// </list>
/// Written atomically. Loading checks every name and shape and names the file and the array on any problem.
/// </summary>
public static class NetworkFile
{
    public const string Format = "xbar-cnn/1";

    public static void Save<T>(string path, Network<T> network, string description, IReadOnlyDictionary<string, object>? training = null)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var exported = new Dictionary<string, double[]>();
        foreach (var layer in network.WeightLayers) exported[layer.Weight.Name] = layer.ExportWeights();
        var dto = new NetworkDto
        {
            Format = Format,
            Description = description,
            Input = new InputDto { Channels = network.InputShape.Channels, Height = network.InputShape.Height, Width = network.InputShape.Width },
            Classes = network.Classes,
            Layers = network.Specs.ToArray(),
            Parameters = network.Parameters.ToDictionary(p => p.Name, p => new ArrayDto
            {
                Shape = p.Shape,
                Values = exported.TryGetValue(p.Name, out var v) ? v : Numeric.ToDouble<T>(p.Value),
            }),
            Training = training is null ? null : new Dictionary<string, object>(training),
        };
        AtomicFile.WriteText(path, JsonSerializer.Serialize(dto, ModelJson.Options));
    }

    public static Network<T> Load<T>(string path) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (!File.Exists(path)) throw new InvalidInputException($"{path}: model file not found");
        NetworkDto? dto;
        try
        {
            dto = JsonSerializer.Deserialize<NetworkDto>(File.ReadAllText(path), ModelJson.Options);
        }
        catch (JsonException e)
        {
            throw new InvalidInputException($"{path}:{(e.LineNumber ?? 0) + 1}: not a valid {Format} model file ({e.Message})", e);
        }
        if (dto is null || dto.Format != Format)
            throw new InvalidInputException($"{path}: format is '{dto?.Format}', expected '{Format}'");
        if (dto.Input is null || dto.Layers is not { Length: > 0 } || dto.Parameters is null)
            throw new InvalidInputException($"{path}: input, layers and parameters are required");
        Network<T> network;
        try
        {
            network = new Network<T>(new SampleShape(dto.Input.Channels, dto.Input.Height, dto.Input.Width), dto.Layers);
        }
        catch (InvalidInputException e)
        {
            throw new InvalidInputException($"{path}: {e.Message}", e);
        }
        if (network.Classes != dto.Classes)
            throw new InvalidInputException($"{path}: classes is {dto.Classes} but the layers end in {network.Classes} outputs");
        foreach (var p in network.Parameters)
        {
            if (!dto.Parameters.TryGetValue(p.Name, out var a) || a.Values is null || a.Shape is null)
                throw new InvalidInputException($"{path}: parameters.{p.Name} is missing");
            if (!a.Shape.SequenceEqual(p.Shape) || a.Values.Length != p.Value.Length)
                throw new InvalidInputException(
                    $"{path}: parameters.{p.Name} has shape [{string.Join(", ", a.Shape)}] and {a.Values.Length} values, the layer needs [{string.Join(", ", p.Shape)}]");
            if (a.Values.Any(v => !double.IsFinite(v)))
                throw new InvalidInputException($"{path}: parameters.{p.Name} holds a value that is not a finite number");
            Numeric.FromDouble<T>(a.Values, p.Value);
        }
        var extra = dto.Parameters.Keys.Except(network.Parameters.Select(p => p.Name)).FirstOrDefault();
        if (extra is not null) throw new InvalidInputException($"{path}: parameters.{extra} belongs to no layer");
        return network;
    }

    /// <summary>The description stored in a model file (how it was trained), or "" when it has none.</summary>
    public static string ReadDescription(string path)
    {
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(path));
            return doc.RootElement.TryGetProperty("description", out var d) && d.ValueKind == JsonValueKind.String ? d.GetString()! : "";
        }
        catch (JsonException e)
        {
            throw new InvalidInputException($"{path}:{(e.LineNumber ?? 0) + 1}: not a valid {Format} model file ({e.Message})", e);
        }
    }

    /// <summary>Checks that <paramref name="network"/> takes <paramref name="data"/>'s samples and has an output for each of its labels.</summary>
    public static void CheckFits<T>(Network<T> network, Data.LabeledImages data, string model, string dataName) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (data.FeatureCount != network.InputShape.Size || data.ImageSize is { } s && (s.Rows != network.InputShape.Height || s.Cols != network.InputShape.Width))
            throw new InvalidInputException(
                $"{model}: the network takes {network.InputShape} inputs but {dataName} has {(data.ImageSize is { } z ? $"{z.Rows}x{z.Cols} images" : $"{data.FeatureCount} values per sample")}");
        if (data.ClassCount > network.Classes)
            throw new InvalidInputException($"{model}: the network has {network.Classes} outputs but {dataName} has labels up to {data.ClassCount - 1}");
    }

    private sealed class NetworkDto
    {
        public string? Format { get; set; }
        public string? Description { get; set; }
        public InputDto? Input { get; set; }
        public int Classes { get; set; }
        public LayerSpec[]? Layers { get; set; }
        public Dictionary<string, ArrayDto>? Parameters { get; set; }
        public Dictionary<string, object>? Training { get; set; }
    }

    private sealed class InputDto
    {
        public int Channels { get; set; }
        public int Height { get; set; }
        public int Width { get; set; }
    }

    private sealed class ArrayDto
    {
        public int[]? Shape { get; set; }
        public double[]? Values { get; set; }
    }
}
