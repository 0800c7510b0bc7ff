using System.Text.Json;
using System.Text.Json.Serialization;
using Onnx;
using Xbar.Behavioral.Networks.Graph;
using Xbar.Behavioral.Networks.Graph.Operations;
using Xbar.Behavioral.Training.HardwareAware;

namespace Xbar.Behavioral.Networks.Onnx;

/// <summary>
/// The fixed device levels of QAT weight nodes (<see cref="IWeightOperation.Levels"/>) in an ONNX
/// model: one entry of the model's metadata_props, key <see cref="Key"/>, a JSON object from node
/// name to <c>{"states": N, "range": R}</c>. ONNX has no field for it; other runtimes ignore
/// metadata, so the model stays a plain ONNX model, and Xbar reads it back so that batch norm is not
/// folded into those weights and tiles map them with clip R.
/// </summary>
public static class OnnxWeightLevels
{
    public const string Key = "xbar.weight_levels";

    /// <summary>Adds the entry to <paramref name="model"/> when some weight node of <paramref name="graph"/> has levels.</summary>
    public static void Write(ModelProto model, NetworkGraph graph)
    {
        var levels = graph.WeightNodes
            .Where(n => ((IWeightOperation)n.Op).Levels is not null)
            .ToDictionary(n => n.Name, n => ((IWeightOperation)n.Op).Levels!, StringComparer.Ordinal);
        if (levels.Count == 0) return;
        var json = JsonSerializer.Serialize(levels.ToDictionary(kv => kv.Key, kv => new Entry(kv.Value.States, kv.Value.Range)));
        model.MetadataProps.Add(new StringStringEntryProto { Key = Key, Value = json });
    }

    /// <summary>
    /// The nodes with the levels of the model's entry attached (checked: every weight must sit on one of
    /// its node's levels, to within the float32 rounding of a stored model). A malformed entry, an unknown
    /// node or one without weights, or weights off the levels: <see cref="InvalidInputException"/> naming
    /// <paramref name="source"/> and the node.
    /// </summary>
    public static List<Node> Apply(ModelProto model, List<Node> nodes, string source)
    {
        var entry = model.MetadataProps.FirstOrDefault(p => p.Key == Key);
        if (entry is null) return nodes;
        Dictionary<string, Entry>? levels;
        try
        {
            levels = JsonSerializer.Deserialize<Dictionary<string, Entry>>(entry.Value);
        }
        catch (JsonException e)
        {
            throw new InvalidInputException($"{source}: metadata '{Key}' is not a JSON object of node name to {{\"states\", \"range\"}}: {e.Message}", e);
        }
        if (levels is null) return nodes;
        var byName = nodes.Select((n, i) => (n.Name, i)).ToDictionary(p => p.Name, p => p.i, StringComparer.Ordinal);
        foreach (var (name, e) in levels)
        {
            if (!byName.TryGetValue(name, out int i))
                throw new InvalidInputException($"{source}: metadata '{Key}' names node '{name}', which the graph does not have");
            var node = nodes[i];
            FixedRangeQuantizer q;
            try
            {
                q = new FixedRangeQuantizer(e.States, e.Range);
            }
            catch (InvalidInputException x)
            {
                throw new InvalidInputException($"{source}: metadata '{Key}', {node.Describe()}: {x.Message}", x);
            }
            try
            {
                nodes[i] = node with
                {
                    Op = node.Op switch
                    {
                        Dense d => d.WithLevels(q),
                        Conv2d c => c.WithLevels(q),
                        _ => throw new InvalidInputException($"{source}: metadata '{Key}': {node.Describe()} has no weights to put on levels"),
                    },
                };
            }
            catch (GraphShapeException x)
            {
                throw new InvalidInputException($"{source}: {node.Describe()}: {x.Message} (metadata '{Key}')", x);
            }
        }
        return nodes;
    }

    /// <summary>One node's levels as stored: N states per cell, range R (weight units, every digit of the double).</summary>
    private sealed record Entry([property: JsonPropertyName("states")] int States, [property: JsonPropertyName("range")] double Range);
}
