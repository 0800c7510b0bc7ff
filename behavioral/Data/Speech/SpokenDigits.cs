namespace Xbar.Behavioral.Data.Speech;

/// <summary>
/// A spoken-digit set like the Heidelberg Digits (Cramer et al. 2020: English "zero".."nine" as
/// labels 0-9 and German "null".."neun" as 10-19, speakers split between train and test), made
/// here because the Heidelberg Digits cannot be downloaded: espeak-ng speaks every word in many
/// voices, sox varies tempo and adds noise, NWaves turns each utterance into log-mel frames
/// (<see cref="LogMelConfig"/>). Built on first use into a cache folder named by the config and
/// the tool versions (<see cref="SpokenDigitsCache"/>), then loaded from there.
/// </summary>
public static class SpokenDigits
{
    /// <summary>The twenty words, in label order.</summary>
    public static IReadOnlyList<string> Words { get; } =
    [
        "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
        "null", "eins", "zwei", "drei", "vier", "fünf", "sechs", "sieben", "acht", "neun",
    ];

    /// <summary>Class names: the word with its language ("zero (en)", "null (de)").</summary>
    public static IReadOnlyList<string> ClassNames { get; } = Words.Select((w, i) => $"{w} ({(i < 10 ? "en" : "de")})").ToArray();

    /// <summary>
    /// The cache root: <paramref name="cacheDirectory"/> when given, else $XDG_CACHE_HOME/xbar, else
    /// ~/.cache/xbar (the XDG Base Directory convention for data that can be rebuilt).
    /// </summary>
    public static string CacheRoot(string? cacheDirectory = null)
    {
        if (!string.IsNullOrWhiteSpace(cacheDirectory)) return Path.GetFullPath(cacheDirectory);
        var xdg = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
        var root = !string.IsNullOrWhiteSpace(xdg) ? xdg : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache");
        return Path.Combine(root, "xbar");
    }

    /// <summary>The espeak-ng and sox the set is made with (names on PATH).</summary>
    public static (ExternalTool Espeak, ExternalTool Sox) DefaultTools() =>
        (new ExternalTool("espeak-ng", "espeak-ng"), new ExternalTool("sox", "sox"));

    /// <summary>
    /// The set for <paramref name="config"/>: loaded from the cache when it was built before (and
    /// is intact), else built there first. <paramref name="rebuild"/> builds anew even when cached.
    /// </summary>
    public static SpokenDigitSet Load(SpokenDigitsConfig? config = null, string? cacheDirectory = null, bool rebuild = false,
        IProgress<(int Done, int Total)>? progress = null, ExternalTool? espeak = null, ExternalTool? sox = null)
    {
        var (defaultEspeak, defaultSox) = DefaultTools();
        var cache = new SpokenDigitsCache(CacheRoot(cacheDirectory), espeak ?? defaultEspeak, sox ?? defaultSox);
        return cache.LoadOrBuild((config ?? new SpokenDigitsConfig()).Validate(), rebuild, progress);
    }
}

/// <summary>A loaded spoken-digit set: the split (speakers disjoint), what was drawn, and where it lives.</summary>
public sealed record SpokenDigitSet(SequenceSplit Split, SpokenDigitsManifest Manifest, string Directory, bool BuiltNow);
