using System.Text.Json;
using System.Text.Json.Serialization;

namespace Xbar.Behavioral.Training.Models;

/// <summary>JSON settings of model files, specs and fingerprints: snake_case fields, unknown fields rejected, enums as snake_case strings.</summary>
public static class ModelJson
{
    public static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        NumberHandling = JsonNumberHandling.Strict,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };
}
