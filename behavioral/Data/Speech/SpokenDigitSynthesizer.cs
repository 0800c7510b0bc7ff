using System.Globalization;
using System.Runtime.InteropServices;

namespace Xbar.Behavioral.Data.Speech;

/// <summary>
/// Makes the audio of one utterance: espeak-ng speaks the word (its own 22.05 kHz WAV on standard
/// output), sox changes the tempo and resamples to the feature rate as 32-bit float, and the word
/// is scaled to its level, placed in a fixed window and added to a stretch of sox-made noise at the
/// drawn SNR. The noise comes from three buffers (white, pink, brown) that sox synthesizes once per
/// build in repeatable mode (<c>-R</c>: fixed random seed), each utterance reading its own offset.
/// </summary>
public sealed class SpokenDigitSynthesizer
{
    /// <summary>RMS of the speech at 0 dB gain (full scale 1): our assumption, about -26 dBFS, leaving headroom for peaks.</summary>
    public const double ReferenceRms = 0.05;

    /// <summary>Length of each noise buffer (s).</summary>
    public const double NoiseSeconds = 12.0;

    private readonly ExternalTool _espeak;
    private readonly ExternalTool _sox;
    private readonly float[][] _noise;

    public SpokenDigitSynthesizer(SpokenDigitsConfig config, ExternalTool espeak, ExternalTool sox)
    {
        Config = config;
        _espeak = espeak;
        _sox = sox;
        int rate = config.FeatureConfig.SampleRate;
        _noise = Enum.GetValues<NoiseColor>().Select(c => FloatSamples(_sox.Run(
        [
            "-R", "-n", "-t", "raw", "-e", "floating-point", "-b", "32", "-c", "1", "-r", Invariant(rate), "-",
            "synth", Invariant(NoiseSeconds), c.ToString().ToLowerInvariant() + "noise",
        ]))).ToArray();
        foreach (var n in _noise)
            if (n.Length < WindowSamples)
                throw new InvalidInputException($"{sox.Executable}: synthesized {n.Length} noise samples, expected {NoiseSeconds} s at {rate} Hz");
    }

    public SpokenDigitsConfig Config { get; }

    /// <summary>Samples per utterance window (exactly <see cref="SpokenDigitsConfig.Frames"/> feature frames).</summary>
    public int WindowSamples => Config.FeatureConfig.WindowSamples(Config.Frames);

    /// <summary>The draws of utterance (speaker, word, repetition), from its own seed.</summary>
    public Utterance Draw(IReadOnlyList<Speaker> speakers, int speaker, int label, int repetition)
    {
        var s = speakers[speaker];
        var rng = new Random(Seeds.Mix(Config.Seed, Seeds.Of(s.Name), label, repetition));
        int rate = (int)Math.Round(s.RateWpm * (1 + Config.RateJitter * (2 * rng.NextDouble() - 1)));
        int pitch = (int)Math.Clamp(Math.Round(s.Pitch + Config.PitchJitter * (2 * rng.NextDouble() - 1)), 0, 99);
        double tempo = Math.Round(Config.TempoRange.Draw(rng), 3);
        double gain = Math.Round(Config.GainRange.Draw(rng), 2);
        var noise = (NoiseColor)rng.Next(3);
        double snr = Math.Round(Config.SnrRange.Draw(rng), 2);
        int noiseOffset = rng.Next(_noise[0].Length - WindowSamples + 1);
        return new Utterance(speaker, label, repetition, rate, pitch, tempo, gain, noise, snr, noiseOffset, rng.NextDouble());
    }

    /// <summary>The window of audio (<see cref="WindowSamples"/> samples at the feature rate) and the utterance with its measured placement.</summary>
    public (float[] Audio, Utterance Utterance) Synthesize(Speaker speaker, Utterance u)
    {
        bool german = u.Label >= 10;
        string word = SpokenDigits.Words[u.Label];
        var wav = _espeak.Run(["-v", speaker.VoiceArgument(german ? speaker.GermanVoice : speaker.EnglishVoice),
            "-s", Invariant(u.RateWpm), "-p", Invariant(u.Pitch), "-z", "--stdout", word]);
        var speech = FloatSamples(_sox.Run(
        [
            "-R", "-t", "wav", "-", "-t", "raw", "-e", "floating-point", "-b", "32", "-c", "1",
            "-r", Invariant(Config.FeatureConfig.SampleRate), "-", "tempo", "-s", Invariant(u.Tempo),
        ], wav));
        if (speech.Length == 0)
            throw new InvalidInputException($"espeak-ng/sox produced no audio for \"{word}\" with voice {speaker.Name}");

        int window = WindowSamples;
        double speechRms = Rms(speech, 0, speech.Length);
        if (!(speechRms > 0)) throw new InvalidInputException($"espeak-ng produced silence for \"{word}\" with voice {speaker.Name}");
        double targetRms = ReferenceRms * Math.Pow(10, u.GainDb / 20);
        double speechGain = targetRms / speechRms;
        var noise = _noise[(int)u.Noise];
        double noiseRms = Rms(noise, u.NoiseOffset, window);
        double noiseGain = targetRms / (noiseRms * Math.Pow(10, u.SnrDb / 20));

        var audio = new float[window];
        for (int i = 0; i < window; i++) audio[i] = (float)(noiseGain * noise[u.NoiseOffset + i]);
        int maxOnset = (int)Math.Round(Config.MaxOnsetSeconds * Config.FeatureConfig.SampleRate);
        int onset = (int)(u.OnsetDraw * (Math.Clamp(window - speech.Length, 0, maxOnset) + 1));
        int length = Math.Min(speech.Length, window - onset);
        for (int i = 0; i < length; i++) audio[onset + i] += (float)(speechGain * speech[i]);
        return (audio, u with { SpeechSamples = speech.Length, OnsetSamples = onset, Truncated = length < speech.Length });
    }

    private static double Rms(float[] v, int start, int count)
    {
        double sum = 0;
        for (int i = start; i < start + count; i++) sum += (double)v[i] * v[i];
        return Math.Sqrt(sum / Math.Max(1, count));
    }

    private static float[] FloatSamples(byte[] raw) => MemoryMarshal.Cast<byte, float>(raw.AsSpan(0, raw.Length / 4 * 4)).ToArray();

    private static string Invariant(double v) => v.ToString("0.###", CultureInfo.InvariantCulture);
}
