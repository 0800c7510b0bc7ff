using System.Text.Json;
using System.Text.Json.Serialization;

namespace Xbar.Behavioral.Config;

/// <summary>
/// JSON form of <see cref="TileConfig"/> (snake_case fields, kebab-case enum values). Unknown
/// fields are rejected (<see cref="JsonUnmappedMemberHandling.Disallow"/>) and every error names
/// the file, line and field.
/// </summary>
public static class TileConfigJson
{
    public static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        NumberHandling = JsonNumberHandling.Strict,
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower, allowIntegerValues: false) },
    };

    private static readonly JsonSerializerOptions Compact = new(Options) { WriteIndented = false };

    public static string Serialize(TileConfig config, bool indented = true) =>
        JsonSerializer.Serialize(config, indented ? Options : Compact);

    /// <summary>Parses and validates a config; <paramref name="source"/> names the file in messages.</summary>
    public static TileConfig Parse(string json, string source = "config")
    {
        TileConfig? config;
        try
        {
            config = JsonSerializer.Deserialize<TileConfig>(json, Options);
        }
        catch (JsonException e)
        {
            throw new InvalidInputException($"{source}:{(e.LineNumber ?? 0) + 1}: {Describe(e)}", e);
        }
        catch (Exception e) when (e is NotSupportedException or InvalidOperationException or ArgumentException)
        {
            throw new InvalidInputException($"{source}: {e.Message}", e);
        }
        if (config is null) throw new InvalidInputException($"{source}: the config is empty (null)");
        try
        {
            return config.Validate();
        }
        catch (InvalidInputException e)
        {
            throw new InvalidInputException($"{source}: {e.Message}", e);
        }
    }

    public static TileConfig Load(string path)
    {
        if (!File.Exists(path)) throw new InvalidInputException($"{path}: config file not found");
        return Parse(System.Text.Encoding.UTF8.GetString(InputFile.ReadAllBytes(path, 16 << 20)), path);
    }

    public static void Save(TileConfig config, string path) => File.WriteAllText(path, Serialize(config) + "\n");

    /// <summary>Turns System.Text.Json's message into one line naming the field (its JSON path).</summary>
    private static string Describe(JsonException e)
    {
        string path = e.Path is { Length: > 0 } p ? p.TrimStart('$').TrimStart('.') : "(root)";
        string msg = e.Message;
        int cut = msg.IndexOf(" Path:", StringComparison.Ordinal);
        if (cut > 0) msg = msg[..cut];
        if (msg.Contains("could not be mapped", StringComparison.Ordinal))
        {
            // "The JSON property 'foo' could not be mapped to any .NET member contained in type ..."
            int a = msg.IndexOf('\''), b = a >= 0 ? msg.IndexOf('\'', a + 1) : -1;
            string name = a >= 0 && b > a ? msg[(a + 1)..b] : "?";
            string parent = path.Contains('.') ? path[..path.LastIndexOf('.')] : "";
            string full = path.EndsWith(name, StringComparison.Ordinal) ? path : (parent.Length > 0 ? parent + "." + name : name);
            return $"{full}: unknown field";
        }
        if (msg.Contains("missing required properties", StringComparison.Ordinal))
            return $"{path}: {msg}";
        return $"{path}: {msg}";
    }
}
