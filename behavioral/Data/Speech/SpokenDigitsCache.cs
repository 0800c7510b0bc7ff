using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Xbar.Behavioral.Data.Speech;

/// <summary>
/// Builds the spoken-digit set into, and loads it from, <c>ROOT/spoken-digits/KEY/</c>, where KEY
/// hashes the normalized config, the espeak-ng and sox versions and the format version. A build
/// writes into a temporary sibling folder and renames it into place only when complete, so an
/// interrupted build never leaves a folder that looks finished. Loading checks the manifest, the
/// feature file's size and its SHA-256; a mismatch is reported as a corrupt cache (exit 2) with
/// what to do, never silently rebuilt over.
/// </summary>
public sealed class SpokenDigitsCache(string root, ExternalTool espeak, ExternalTool sox)
{
    public string Root { get; } = root;

    /// <summary>The folder a config builds into with the installed tools (asks the tools for their versions).</summary>
    public string DirectoryFor(SpokenDigitsConfig config) => DirectoryFor(config, espeak.Version(), sox.Version());

    private string DirectoryFor(SpokenDigitsConfig config, string espeakVersion, string soxVersion)
    {
        var text = $"{SpokenDigitsManifest.CurrentFormat}\n{JsonSerializer.Serialize(SpokenDigitsManifest.Normalized(config), SpokenDigitsManifest.Json)}\n{espeakVersion}\n{soxVersion}";
        var key = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..16].ToLowerInvariant();
        return Path.Combine(Root, "spoken-digits", key);
    }

    public SpokenDigitSet LoadOrBuild(SpokenDigitsConfig config, bool rebuild, IProgress<(int Done, int Total)>? progress)
    {
        string espeakVersion = espeak.Version(), soxVersion = sox.Version();
        var dir = DirectoryFor(config, espeakVersion, soxVersion);
        if (Directory.Exists(dir) && !rebuild) return Load(dir, builtNow: false);
        Build(config, dir, espeakVersion, soxVersion, progress);
        return Load(dir, builtNow: true);
    }

    /// <summary>Loads a built set from <paramref name="dir"/>, checking that it is intact.</summary>
    public static SpokenDigitSet Load(string dir, bool builtNow = false)
    {
        var manifestPath = Path.Combine(dir, SpokenDigitsManifest.FileName);
        string Corrupt(string what) =>
            $"{what}; the spoken-digit cache in {dir} is corrupt or incomplete: delete that folder or rebuild with `xbar data digits --rebuild`";
        if (!File.Exists(manifestPath)) throw new InvalidInputException(Corrupt($"{manifestPath}: missing"));
        SpokenDigitsManifest? m;
        try
        {
            m = JsonSerializer.Deserialize<SpokenDigitsManifest>(File.ReadAllText(manifestPath), SpokenDigitsManifest.Json);
        }
        catch (JsonException e)
        {
            throw new InvalidInputException(Corrupt($"{manifestPath}:{(e.LineNumber ?? 0) + 1}: unreadable manifest ({e.Message})"), e);
        }
        if (m is null || m.Speakers is null || m.Utterances is null || m.Config is null)
            throw new InvalidInputException(Corrupt($"{manifestPath}: incomplete manifest"));
        if (m.FormatVersion != SpokenDigitsManifest.CurrentFormat)
            throw new InvalidInputException(Corrupt($"{manifestPath}: format {m.FormatVersion}, this build reads format {SpokenDigitsManifest.CurrentFormat}"));
        var featurePath = Path.Combine(dir, SpokenDigitsManifest.FeatureFileName);
        long expected = (long)m.Utterances.Count * m.Frames * m.Channels * sizeof(float);
        if (!File.Exists(featurePath)) throw new InvalidInputException(Corrupt($"{featurePath}: missing"));
        var bytes = File.ReadAllBytes(featurePath);
        if (bytes.Length != expected || m.FeatureBytes != expected)
            throw new InvalidInputException(Corrupt($"{featurePath}: {bytes.Length} bytes, the manifest announces {m.Utterances.Count} utterances x {m.Frames} frames x {m.Channels} channels = {expected}"));
        var sha = Convert.ToHexString(SHA256.HashData(bytes));
        if (!string.Equals(sha, m.FeatureSha256, StringComparison.OrdinalIgnoreCase))
            throw new InvalidInputException(Corrupt($"{featurePath}: SHA-256 {sha[..16]}... differs from the manifest's {m.FeatureSha256[..Math.Min(16, m.FeatureSha256.Length)]}..."));
        foreach (var u in m.Utterances)
            if (u.Speaker < 0 || u.Speaker >= m.Speakers.Count || u.Label is < 0 or >= 20)
                throw new InvalidInputException(Corrupt($"{manifestPath}: an utterance names speaker {u.Speaker} / label {u.Label}, outside the set"));

        var floats = new float[bytes.Length / sizeof(float)];
        Buffer.BlockCopy(bytes, 0, floats, 0, bytes.Length);
        int per = m.Frames * m.Channels;
        LabeledSequences Part(bool test)
        {
            var idx = Enumerable.Range(0, m.Utterances.Count).Where(i => m.Speakers[m.Utterances[i].Speaker].Test == test).ToArray();
            var f = new double[idx.Length * per];
            var labels = new byte[idx.Length];
            for (int j = 0; j < idx.Length; j++)
            {
                var src = floats.AsSpan(idx[j] * per, per);
                for (int k = 0; k < per; k++) f[j * per + k] = src[k];
                labels[j] = (byte)m.Utterances[idx[j]].Label;
            }
            return new LabeledSequences(f, m.Frames, m.Channels, labels, SpokenDigits.ClassNames);
        }
        var train = Part(test: false);
        var test = Part(test: true);
        int trainSpeakers = m.Speakers.Count(s => !s.Test), testSpeakers = m.Speakers.Count - trainSpeakers;
        var description = $"synthetic spoken digits (espeak-ng + sox, seed {m.Config.Seed}): {train.Count} train / {test.Count} test utterances, " +
                          $"{trainSpeakers} / {testSpeakers} speakers (disjoint), {m.Frames} frames x {m.Channels} log-mel channels";
        return new SpokenDigitSet(new SequenceSplit(train, test, description), m, dir, builtNow);
    }

    private void Build(SpokenDigitsConfig config, string dir, string espeakVersion, string soxVersion, IProgress<(int Done, int Total)>? progress)
    {
        var clock = Stopwatch.StartNew();
        var variants = SpeakerCatalog.Variants(espeak);
        var english = SpeakerCatalog.LanguageVoices(espeak, "en");
        var german = SpeakerCatalog.LanguageVoices(espeak, "de");
        var speakers = SpeakerCatalog.Assign(config, variants, english, german.Contains("de") ? "de" : german[0]);
        var synth = new SpokenDigitSynthesizer(config, espeak, sox);
        var utterances = new List<Utterance>();
        for (int s = 0; s < speakers.Count; s++)
            for (int label = 0; label < SpokenDigits.Words.Count; label++)
                for (int r = 0; r < config.Repetitions; r++)
                    utterances.Add(synth.Draw(speakers, s, label, r));

        var features = config.FeatureConfig;
        int per = config.Frames * features.Channels;
        var data = new float[(long)utterances.Count * per];
        var done = new Utterance[utterances.Count];
        int finished = 0;
        using var frontEnds = new ThreadLocal<LogMelFrontEnd>(() => new LogMelFrontEnd(features));
        // Each utterance is a function of its own draws, so the parallel order changes nothing in the result.
        Parallel.For(0, utterances.Count, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, i =>
        {
            var u = utterances[i];
            var (audio, measured) = synth.Synthesize(speakers[u.Speaker], u);
            frontEnds.Value!.Compute(audio, config.Frames).CopyTo(data, (long)i * per);
            done[i] = measured;
            int n = Interlocked.Increment(ref finished);
            if (n % 50 == 0 || n == utterances.Count) progress?.Report((n, utterances.Count));
        });

        var bytes = System.Runtime.InteropServices.MemoryMarshal.AsBytes(data.AsSpan()).ToArray();
        var manifest = new SpokenDigitsManifest(SpokenDigitsManifest.CurrentFormat, Path.GetFileName(dir),
            SpokenDigitsManifest.Normalized(config), espeakVersion, soxVersion, speakers, done, config.Frames, features.Channels,
            bytes.LongLength, Convert.ToHexString(SHA256.HashData(bytes)), Math.Round(clock.Elapsed.TotalSeconds, 1));

        var parent = Path.GetDirectoryName(dir)!;
        Directory.CreateDirectory(parent);
        var temp = Path.Combine(parent, $".building-{Path.GetFileName(dir)}-{Environment.ProcessId}");
        if (Directory.Exists(temp)) Directory.Delete(temp, recursive: true);
        Directory.CreateDirectory(temp);
        File.WriteAllBytes(Path.Combine(temp, SpokenDigitsManifest.FeatureFileName), bytes);
        File.WriteAllText(Path.Combine(temp, SpokenDigitsManifest.FileName), JsonSerializer.Serialize(manifest, SpokenDigitsManifest.Json));
        if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true); // --rebuild, or a corrupt folder being replaced
        Directory.Move(temp, dir);
    }
}
