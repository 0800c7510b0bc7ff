using System.Security.Cryptography;

namespace Xbar.Behavioral.Data.Speech;

/// <summary>One synthetic speaker: an espeak-ng variant with its accent, rate and pitch, and which side of the split it is on.</summary>
/// <param name="Name">The variant's file name ("default" for the voice without a variant).</param>
/// <param name="Gender">"M" or "F" as espeak-ng lists the variant ("-" when it gives none).</param>
/// <param name="EnglishVoice">The espeak-ng English voice (accent) this speaker uses.</param>
/// <param name="GermanVoice">The espeak-ng German voice.</param>
/// <param name="RateWpm">The speaker's own speaking rate (words per minute).</param>
/// <param name="Pitch">The speaker's own pitch (espeak-ng's 0-99 scale).</param>
/// <param name="Test">True when the speaker is held out for the test set.</param>
/// <param name="Family">The voice family (<see cref="SpeakerCatalog.Family"/>: "steph" for steph2), kept on one side of the split.</param>
public sealed record Speaker(string Name, string Gender, string EnglishVoice, string GermanVoice, double RateWpm, double Pitch, bool Test, string Family)
{
    /// <summary>The espeak-ng -v argument for <paramref name="languageVoice"/> with this speaker's variant.</summary>
    public string VoiceArgument(string languageVoice) => Name == SpeakerCatalog.DefaultVariant ? languageVoice : $"{languageVoice}+{Name}";
}

/// <summary>
/// Finds the speakers espeak-ng offers on this machine: every voice variant (<c>--voices=variant</c>)
/// is a candidate; variants that synthesize a probe phrase to the same bytes are one speaker (in
/// espeak-ng 1.51 "caleb", "klatt" and "klatt6" do), so no voice appears on both sides of the split
/// under two names. English accents are the non-MBROLA English voices (<c>--voices=en</c>; MBROLA
/// voices need a separate synthesizer that Debian does not install with espeak-ng), German is "de".
/// </summary>
public static class SpeakerCatalog
{
    /// <summary>The name of the speaker that uses the voices without a variant.</summary>
    public const string DefaultVariant = "default";

    private const string ProbePhrase = "seven acht";

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, IReadOnlyList<(string Name, string Gender)>> KnownVariants = new();

    /// <summary>
    /// Variant names (deduplicated by their sound), sorted ordinally. The probe costs one synthesis
    /// per variant, so the answer is kept per executable and version for the life of the process.
    /// </summary>
    public static IReadOnlyList<(string Name, string Gender)> Variants(ExternalTool espeak) =>
        KnownVariants.GetOrAdd($"{espeak.Executable}\n{espeak.Version()}", _ => ProbeVariants(espeak));

    private static IReadOnlyList<(string Name, string Gender)> ProbeVariants(ExternalTool espeak)
    {
        var listed = ParseListing(espeak.Run(["--voices=variant"]))
            .Where(v => v.File.StartsWith("!v/", StringComparison.Ordinal))
            .Select(v => (Name: v.File[3..], v.Gender))
            .Where(v => v.Name.Length > 0 && !v.Name.Any(char.IsWhiteSpace)) // a name with a space cannot follow "+" in -v
            .Prepend((Name: DefaultVariant, Gender: "M"))
            .OrderBy(v => v.Name, StringComparer.Ordinal)
            .ToList();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var distinct = new List<(string, string)>();
        foreach (var v in listed)
        {
            var voice = v.Name == DefaultVariant ? "en-us" : $"en-us+{v.Name}";
            var hash = Convert.ToHexString(SHA256.HashData(espeak.Run(["-v", voice, "-z", "--stdout", ProbePhrase])));
            if (seen.Add(hash)) distinct.Add(v);
        }
        return distinct;
    }

    /// <summary>The language codes of the non-MBROLA voices espeak-ng lists for <paramref name="language"/> ("en", "de"), sorted.</summary>
    public static IReadOnlyList<string> LanguageVoices(ExternalTool espeak, string language)
    {
        var voices = ParseListing(espeak.Run([$"--voices={language}"]))
            .Where(v => !v.File.StartsWith("mb/", StringComparison.Ordinal) && !v.File.StartsWith("!v/", StringComparison.Ordinal)
                        && v.Language != "variant")
            .Select(v => v.Language)
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .ToList();
        if (voices.Count == 0)
            throw new InvalidInputException($"{espeak.Executable} --voices={language}: no {language} voice installed (Debian's espeak-ng-data has them)");
        return voices;
    }

    /// <summary>
    /// The speakers of <paramref name="config"/>: variants in a seeded order, the first
    /// <see cref="SpokenDigitsConfig.MaxSpeakers"/> kept; whole families (numbered variants of one
    /// voice such as steph, steph2, steph3) go to the test side in that order until it holds its
    /// share, so no test voice has a sibling in training; each speaker's accent, rate and pitch
    /// drawn from its own seeded stream.
    /// </summary>
    public static IReadOnlyList<Speaker> Assign(SpokenDigitsConfig config, IReadOnlyList<(string Name, string Gender)> variants,
        IReadOnlyList<string> englishVoices, string germanVoice)
    {
        if (variants.Count < 2)
            throw new InvalidInputException($"espeak-ng offers {variants.Count} distinct voice variant(s); at least 2 are needed (one to train, one to test)");
        var order = variants.ToArray();
        new Random(config.Seed).Shuffle(order);
        int count = Math.Min(order.Length, config.MaxSpeakers ?? int.MaxValue);
        var chosen = order.Take(count).ToArray();
        int testTarget = Math.Clamp((int)Math.Round(count * config.TestSpeakerFraction), 1, count - 1);
        var families = chosen.GroupBy(v => Family(v.Name)).ToList(); // in the shuffled order of first appearance
        var testFamilies = new HashSet<string>(StringComparer.Ordinal);
        int testCount = 0;
        foreach (var f in families)
        {
            if (testCount >= testTarget) break;
            bool lastTrainFamily = families.Count - testFamilies.Count == 1;
            if (!lastTrainFamily && (testCount == 0 || testCount + f.Count() <= testTarget))
            {
                testFamilies.Add(f.Key);
                testCount += f.Count();
            }
        }
        var speakers = new List<Speaker>(count);
        foreach (var (name, gender) in chosen)
        {
            var rng = new Random(Seeds.Mix(config.Seed, Seeds.Of(name), 0x5EA4E));
            speakers.Add(new Speaker(name, gender, englishVoices[rng.Next(englishVoices.Count)], germanVoice,
                Math.Round(config.SpeakerRateRange.Draw(rng), 1), Math.Round(config.SpeakerPitchRange.Draw(rng), 1),
                Test: testFamilies.Contains(Family(name)), Family: Family(name)));
        }
        return speakers.OrderBy(s => s.Name, StringComparer.Ordinal).ToList();
    }

    /// <summary>
    /// A variant's family: a named voice and its numbered siblings share the name without trailing
    /// digits (steph, steph2, steph3 are "steph"; robosoft..robosoft8 "robosoft"). espeak-ng's basic
    /// numbered variants (f1..f5, m1..m8), whose stem is one letter, are distinct voices, each its own family.
    /// </summary>
    public static string Family(string name) =>
        name.TrimEnd('0', '1', '2', '3', '4', '5', '6', '7', '8', '9') is { Length: >= 3 } stem ? stem : name;

    /// <summary>The rows of an espeak-ng voice listing: Pty, Language, Age/Gender, VoiceName, File, Other languages.</summary>
    private static IEnumerable<(string Language, string Gender, string File)> ParseListing(byte[] output)
    {
        var lines = System.Text.Encoding.UTF8.GetString(output).Split('\n');
        foreach (var line in lines.Skip(1))
        {
            var cols = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            if (cols.Length < 5) continue;
            var gender = cols[2].Split('/').Last();
            // The file column may hold a space ("!v/Mr serious"): it runs to the end or to the "(other languages)" part.
            var rest = cols.Skip(4).TakeWhile(c => !c.StartsWith('(')).ToArray();
            yield return (cols[1], gender is "M" or "F" ? gender : "-", string.Join(' ', rest));
        }
    }
}

/// <summary>Seeds that depend only on their inputs (not on process or order): SplitMix64 mixing and FNV-1a for names.</summary>
public static class Seeds
{
    /// <summary>A 31-bit seed from several integers.</summary>
    public static int Mix(params long[] parts)
    {
        ulong z = 0x9E3779B97F4A7C15UL;
        foreach (var p in parts)
        {
            z ^= (ulong)p + 0x9E3779B97F4A7C15UL + (z << 6) + (z >> 2);
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            z ^= z >> 31;
        }
        return (int)(z & 0x7FFFFFFF);
    }

    /// <summary>FNV-1a of the UTF-16 code units of <paramref name="name"/> (string.GetHashCode differs per process).</summary>
    public static long Of(string name)
    {
        ulong h = 0xCBF29CE484222325UL;
        foreach (char c in name)
        {
            h ^= c;
            h *= 0x100000001B3UL;
        }
        return (long)(h & 0x7FFFFFFFFFFFFFFFUL);
    }
}
