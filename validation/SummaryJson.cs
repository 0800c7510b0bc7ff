using System.Text.Json;
using System.Text.Json.Serialization;

namespace Xbar.Validation;

/// <summary>The summary.json files of the demo and of <c>xbar run</c>: snake_case keys, indented, written atomically.</summary>
public static class SummaryJson
{
    public static readonly JsonSerializerOptions Options = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    /// <summary>Writes the JSON atomically (temp file, then move), so a reader never sees half a file.</summary>
    public static void Write<T>(string path, T value)
    {
        var tmp = path + ".tmp";
        File.WriteAllText(tmp, JsonSerializer.Serialize(value, Options) + "\n");
        File.Move(tmp, path, overwrite: true);
    }

    public static T Read<T>(string path) =>
        JsonSerializer.Deserialize<T>(File.ReadAllText(path), Options) ?? throw new InvalidDataException($"{path}: empty summary");
}
