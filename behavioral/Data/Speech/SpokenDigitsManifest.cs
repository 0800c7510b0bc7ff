using System.Text.Json;
using System.Text.Json.Serialization;

namespace Xbar.Behavioral.Data.Speech;

/// <summary>
/// What a built spoken-digit set holds (manifest.json beside features.f32): the config, the tool
/// versions, the speakers and every utterance's draws, the feature shape and the SHA-256 of the
/// feature file, so a damaged or foreign cache is recognized before it is used.
/// </summary>
public sealed record SpokenDigitsManifest(
    int FormatVersion,
    string Key,
    SpokenDigitsConfig Config,
    string EspeakVersion,
    string SoxVersion,
    IReadOnlyList<Speaker> Speakers,
    IReadOnlyList<Utterance> Utterances,
    int Frames,
    int Channels,
    long FeatureBytes,
    string FeatureSha256,
    double BuildSeconds)
{
    /// <summary>Bumped whenever the synthesis or the file layout changes, so old caches are rebuilt.</summary>
    public const int CurrentFormat = 1;

    public const string FileName = "manifest.json";
    public const string FeatureFileName = "features.f32";

    public static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower, allowIntegerValues: false) },
    };

    /// <summary>The config with every default made explicit: two configs that build the same set serialize the same.</summary>
    public static SpokenDigitsConfig Normalized(SpokenDigitsConfig c) => c with
    {
        SpeakerRateWpm = c.SpeakerRateRange,
        SpeakerPitch = c.SpeakerPitchRange,
        Tempo = c.TempoRange,
        GainDb = c.GainRange,
        SnrDb = c.SnrRange,
        Features = c.FeatureConfig with { HighHz = c.FeatureConfig.HighHz ?? c.FeatureConfig.SampleRate / 2.0 },
    };
}
