using System.Text.Json;
using System.Text.Json.Serialization;

namespace Xbar.Behavioral.Training;

/// <summary>
/// Saves and loads a trained <see cref="Classifier"/> as JSON (System.Text.Json): format tag,
/// activations, every layer's weights (one array per output neuron) and bias, and the PCA mean
/// and components when there is a PCA. Doubles round-trip exactly.
/// </summary>
public static class ClassifierFile
{
    public const string Format = "xbar-mlp/1";

    private static readonly JsonSerializerOptions Options = new()
    {
        WriteIndented = false,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };

    public static void Save(string path, Classifier classifier)
    {
        var dto = new ClassifierDto
        {
            Format = Format,
            Description = classifier.Description,
            HiddenActivation = classifier.Network.Hidden,
            Output = classifier.Network.Output,
            Layers = classifier.Network.Layers.Select(l => new LayerDto
            {
                Weights = Enumerable.Range(0, l.Outputs).Select(o => l.Weights.AsSpan(o * l.Inputs, l.Inputs).ToArray()).ToArray(),
                Bias = l.Bias,
            }).ToArray(),
            Pca = classifier.Pca is null ? null : new PcaDto
            {
                Mean = classifier.Pca.Mean,
                Components = classifier.Pca.Components,
                ExplainedVariance = classifier.Pca.ExplainedVariance,
            },
        };
        var dir = Path.GetDirectoryName(Path.GetFullPath(path));
        if (dir != null) Directory.CreateDirectory(dir);
        File.WriteAllText(path, JsonSerializer.Serialize(dto, Options));
    }

    public static Classifier Load(string path)
    {
        if (!File.Exists(path)) throw new InvalidInputException($"{path}: model file not found");
        ClassifierDto? dto;
        try
        {
            dto = JsonSerializer.Deserialize<ClassifierDto>(File.ReadAllText(path), Options);
        }
        catch (JsonException e)
        {
            throw new InvalidInputException($"{path}:{(e.LineNumber ?? -1) + 1}: not a valid Xbar model file ({e.Message})", e);
        }
        if (dto is null || dto.Format != Format)
            throw new InvalidInputException($"{path}: format is '{dto?.Format}', expected '{Format}'");
        if (dto.Layers is not { Length: > 0 })
            throw new InvalidInputException($"{path}: no layers");
        try
        {
            var layers = dto.Layers.Select((l, i) =>
            {
                if (l.Weights is not { Length: > 0 } || l.Bias is null)
                    throw new InvalidInputException($"{path}: layer {i} has no weights or no bias");
                int nIn = l.Weights[0].Length;
                if (l.Weights.Any(r => r.Length != nIn))
                    throw new InvalidInputException($"{path}: layer {i} has rows of different lengths");
                return new DenseLayer(nIn, l.Weights.Length, l.Weights.SelectMany(r => r).ToArray(), l.Bias);
            }).ToList();
            var network = new Mlp(layers, dto.HiddenActivation, dto.Output);
            Pca? pca = null;
            if (dto.Pca is { Mean: not null, Components: not null } p)
            {
                pca = new Pca(p.Mean, p.Components, p.ExplainedVariance ?? new double[p.Components.Length]);
                if (pca.ComponentCount != network.Inputs)
                    throw new InvalidInputException($"{path}: PCA has {pca.ComponentCount} components but the network takes {network.Inputs} inputs");
            }
            return new Classifier(pca, network, dto.Description ?? "");
        }
        catch (ArgumentException e)
        {
            throw new InvalidInputException($"{path}: {e.Message}", e);
        }
    }

    private sealed class ClassifierDto
    {
        public string? Format { get; set; }
        public string? Description { get; set; }
        public Activation HiddenActivation { get; set; }
        public OutputKind Output { get; set; }
        public LayerDto[]? Layers { get; set; }
        public PcaDto? Pca { get; set; }
    }

    private sealed class LayerDto
    {
        public double[][]? Weights { get; set; }
        public double[]? Bias { get; set; }
    }

    private sealed class PcaDto
    {
        public double[]? Mean { get; set; }
        public double[][]? Components { get; set; }
        public double[]? ExplainedVariance { get; set; }
    }
}
