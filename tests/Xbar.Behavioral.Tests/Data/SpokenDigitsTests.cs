using Xbar.Behavioral.Data;
using Xbar.Behavioral.Data.Speech;

namespace Xbar.Behavioral.Tests.Data;

/// <summary>One small set (seed 5: 3 speakers, one utterance per word) built once for the tests that only read it.</summary>
public sealed class SmallSpokenDigits : IDisposable
{
    public string Root { get; } = Path.Combine(Path.GetTempPath(), $"xbar-digits-test-{Guid.NewGuid():N}");

    public static SpokenDigitsConfig Config(int seed) => new(Seed: seed, Repetitions: 1, MaxSpeakers: 3);

    public SpokenDigitSet Set => _set.Value;

    private readonly Lazy<SpokenDigitSet> _set;

    public SmallSpokenDigits() => _set = new(() => SpokenDigits.Load(Config(5), Path.Combine(Root, "shared")));

    public void Dispose()
    {
        if (Directory.Exists(Root)) Directory.Delete(Root, recursive: true);
    }
}

/// <summary>
/// The synthetic spoken-digit set, built small into temporary cache folders with the installed
/// espeak-ng and sox (`make system` installs them).
/// </summary>
public sealed class SpokenDigitsTests(SmallSpokenDigits shared) : IClassFixture<SmallSpokenDigits>
{
    private string Root => shared.Root;

    private static SpokenDigitsConfig Small(int seed) => SmallSpokenDigits.Config(seed);

    private SpokenDigitSet Build(int seed, string folder) => SpokenDigits.Load(Small(seed), Path.Combine(Root, folder));

    [Fact]
    public void When_BuiltTwiceWithOneSeed_Expect_IdenticalSetsAndAnotherSeedDiffers()
    {
        var a = shared.Set;
        var b = Build(5, "b");
        var c = Build(6, "c");
        Assert.True(b.BuiltNow);
        Assert.Equal(a.Split.Train.Features, b.Split.Train.Features); // bit for bit
        Assert.Equal(a.Split.Test.Features, b.Split.Test.Features);
        Assert.Equal(a.Manifest.Utterances, b.Manifest.Utterances);
        Assert.Equal(a.Manifest.Speakers, b.Manifest.Speakers);
        Assert.NotEqual(a.Manifest.Utterances, c.Manifest.Utterances);
        Assert.NotEqual(a.Split.Test.Features, c.Split.Test.Features);
        var again = SpokenDigits.Load(Small(5), Path.Combine(Root, "shared"));
        Assert.False(again.BuiltNow); // the second use reads the cache
        Assert.Equal(a.Split.Train.Features, again.Split.Train.Features);
    }

    [Fact]
    public void When_Built_Expect_SpeakersDisjointBetweenTrainAndTestAndEveryWordPresent()
    {
        var set = shared.Set;
        var m = set.Manifest;
        Assert.Equal(3, m.Speakers.Count);
        int testSpeakers = m.Speakers.Count(s => s.Test);
        Assert.InRange(testSpeakers, 1, 2);
        Assert.Equal(60, m.Utterances.Count);
        Assert.Equal(20 * (3 - testSpeakers), set.Split.Train.Count);
        Assert.Equal(20 * testSpeakers, set.Split.Test.Count);
        for (int label = 0; label < 20; label++)
        {
            Assert.Equal(testSpeakers, set.Split.Test.Labels.Count(l => l == label));
            Assert.Equal(3 - testSpeakers, set.Split.Train.Labels.Count(l => l == label));
        }
        Assert.Equal(20, set.Split.Train.ClassNames.Count);
        var testNames = m.Speakers.Where(s => s.Test).Select(s => s.Name).ToHashSet();
        var trainNames = m.Speakers.Where(s => !s.Test).Select(s => s.Name).ToHashSet();
        Assert.Empty(testNames.Intersect(trainNames));
        Assert.Empty(m.Speakers.Where(s => s.Test).Select(s => s.Family).Intersect(m.Speakers.Where(s => !s.Test).Select(s => s.Family)));
        Assert.Equal(100, set.Split.Train.Steps);
        Assert.Equal(40, set.Split.Train.Channels);
        Assert.All(set.Split.Train.Features, v => Assert.True(double.IsFinite(v)));
    }

    [Fact]
    public void When_WordPlacedInNoise_Expect_ItsFramesCarryMoreEnergyThanTheNoiseAlone()
    {
        // SNR >= 10 dB over the word's own samples: the mean log-mel energy of frames inside the word
        // exceeds that of noise-only frames (natural-log units; 10 dB is a factor 10 in power, ln 10 = 2.3).
        var set = shared.Set;
        var m = set.Manifest;
        var hop = m.Config.FeatureConfig.HopSamples;
        var frame = m.Config.FeatureConfig.FrameSamples;
        var train = set.Split.Train;
        var trainUtterances = m.Utterances.Where(u => !m.Speakers[u.Speaker].Test).ToArray();
        double meanGap = 0;
        for (int i = 0; i < train.Count; i++)
        {
            var u = trainUtterances[i];
            double inside = 0, outside = 0;
            int nIn = 0, nOut = 0;
            var sample = train.Sample(i);
            for (int t = 0; t < train.Steps; t++)
            {
                int start = t * hop, end = start + frame;
                double e = 0;
                for (int c = 0; c < train.Channels; c++) e += sample[t * train.Channels + c] / train.Channels;
                if (start >= u.OnsetSamples && end <= u.OnsetSamples + u.SpeechSamples) { inside += e; nIn++; }
                else if (end <= u.OnsetSamples || start >= u.OnsetSamples + u.SpeechSamples) { outside += e; nOut++; }
            }
            Assert.True(nIn > 0 && nOut > 0, $"utterance {i} needs frames inside and outside the word");
            double gap = inside / nIn - outside / nOut;
            Assert.True(gap > 0, $"utterance {i} ({SpokenDigits.Words[u.Label]}, SNR {u.SnrDb} dB): word frames {gap:F2} below the noise");
            meanGap += gap / train.Count;
        }
        Assert.True(meanGap > 1.0, $"mean log-energy gap {meanGap:F2}");
    }

    [Fact]
    public void When_OneUtteranceSynthesizedAgain_Expect_TheStoredFeatures()
    {
        var set = shared.Set;
        var m = set.Manifest;
        var synth = new SpokenDigitSynthesizer(m.Config, new ExternalTool("espeak-ng", "espeak-ng"), new ExternalTool("sox", "sox"));
        int k = Enumerable.Range(0, m.Utterances.Count).First(i => m.Speakers[m.Utterances[i].Speaker].Test);
        var u = m.Utterances[k];
        var (audio, measured) = synth.Synthesize(m.Speakers[u.Speaker], u with { SpeechSamples = 0, OnsetSamples = 0, Truncated = false });
        Assert.Equal(u, measured);
        var features = new LogMelFrontEnd(m.Config.FeatureConfig).Compute(audio, m.Frames);
        var stored = set.Split.Test.Sample(0).ToArray(); // the first test utterance in manifest order
        Assert.Equal(stored, features.Select(f => (double)f).ToArray());
    }

    [Fact]
    public void When_CacheDamaged_Expect_InvalidInputNamingTheFile()
    {
        var original = shared.Set;
        // A copy of the shared set's folder, in its own cache root, is damaged step by step.
        var root = Path.Combine(Root, "damaged");
        var dir = Path.Combine(root, "spoken-digits", Path.GetFileName(original.Directory));
        Directory.CreateDirectory(dir);
        foreach (var f in Directory.GetFiles(original.Directory)) File.Copy(f, Path.Combine(dir, Path.GetFileName(f)));
        var set = SpokenDigits.Load(Small(5), root);
        Assert.False(set.BuiltNow);
        var features = Path.Combine(set.Directory, SpokenDigitsManifest.FeatureFileName);
        var bytes = File.ReadAllBytes(features);
        bytes[bytes.Length / 2] ^= 0x40;
        File.WriteAllBytes(features, bytes);
        var e = Assert.Throws<InvalidInputException>(() => SpokenDigits.Load(Small(5), root));
        Assert.Contains("SHA-256", e.Message);
        Assert.Contains("--rebuild", e.Message);
        File.WriteAllBytes(features, bytes[..100]);
        e = Assert.Throws<InvalidInputException>(() => SpokenDigitsCache.Load(set.Directory));
        Assert.Contains(features, e.Message);
        File.WriteAllText(Path.Combine(set.Directory, SpokenDigitsManifest.FileName), "{ \"format_version\": ");
        e = Assert.Throws<InvalidInputException>(() => SpokenDigitsCache.Load(set.Directory));
        Assert.Contains(SpokenDigitsManifest.FileName, e.Message);
        var rebuilt = SpokenDigits.Load(Small(5), root, rebuild: true);
        Assert.True(rebuilt.BuiltNow);
        Assert.Equal(set.Split.Test.Features, rebuilt.Split.Test.Features);
    }

    [Fact]
    public void When_ToolMissing_Expect_InvalidInputSayingWhatToInstall()
    {
        var missing = new ExternalTool("xbar-test-no-such-espeak", "espeak-ng");
        var e = Assert.Throws<InvalidInputException>(() => SpokenDigits.Load(Small(1), Path.Combine(Root, "missing"), espeak: missing));
        Assert.Contains("xbar-test-no-such-espeak", e.Message);
        Assert.Contains("apt-get install espeak-ng", e.Message);
        var noSox = new ExternalTool("xbar-test-no-such-sox", "sox");
        e = Assert.Throws<InvalidInputException>(() => SpokenDigits.Load(Small(1), Path.Combine(Root, "missing"), sox: noSox));
        Assert.Contains("apt-get install sox", e.Message);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void When_SpeakersAssigned_Expect_WholeFamiliesOnOneSideAndAboutTheTestShare(int seed)
    {
        var names = new[] { "steph", "steph2", "steph3", "iven", "iven2", "f1", "f2", "f3", "m1", "m2", "adam", "anika", "boris", "croak", "david", "zac", "Gene", "Gene2", "default", "max" };
        var variants = names.Select(n => (n, "M")).ToArray();
        var speakers = SpeakerCatalog.Assign(new SpokenDigitsConfig(Seed: seed), variants, ["en-gb", "en-us"], "de");
        Assert.Equal(names.Order(StringComparer.Ordinal), speakers.Select(s => s.Name));
        foreach (var family in speakers.GroupBy(s => s.Family))
            Assert.Single(family.Select(s => s.Test).Distinct());
        Assert.Equal("steph", speakers.Single(s => s.Name == "steph3").Family);
        Assert.Equal("f2", speakers.Single(s => s.Name == "f2").Family); // espeak-ng's basic numbered variants are distinct voices
        int test = speakers.Count(s => s.Test);
        Assert.InRange(test, 1, 4 + 2); // the 20 % target (4), overshot at most by the first family drawn
        Assert.All(speakers, s => Assert.InRange(s.RateWpm, 140, 210));
    }

    [Fact]
    public void When_ConfigOutOfRange_Expect_InvalidInputNamingTheField()
    {
        Assert.Contains("repetitions", Assert.Throws<InvalidInputException>(() => new SpokenDigitsConfig(Repetitions: 0).Validate()).Message);
        Assert.Contains("snr_db", Assert.Throws<InvalidInputException>(() => new SpokenDigitsConfig(SnrDb: new UniformRange(30, 10)).Validate()).Message);
        Assert.Contains("max_speakers", Assert.Throws<InvalidInputException>(() => new SpokenDigitsConfig(MaxSpeakers: 1).Validate()).Message);
    }
}
