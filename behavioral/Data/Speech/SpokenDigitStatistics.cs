using System.Globalization;
using System.Text;

namespace Xbar.Behavioral.Data.Speech;

/// <summary>What a built spoken-digit set contains, for the command's table and summary.</summary>
public sealed record SpokenDigitStatistics(
    int Utterances, int TrainUtterances, int TestUtterances,
    int Speakers, int TrainSpeakers, int TestSpeakers, int FemaleSpeakers,
    IReadOnlyList<string> EnglishAccents,
    double MeanSpeechSeconds, double MaxSpeechSeconds, int Truncated,
    double MeanSnrDb, int Frames, int Channels, double BuildSeconds)
{
    public static SpokenDigitStatistics Of(SpokenDigitSet set)
    {
        var m = set.Manifest;
        double rate = m.Config.FeatureConfig.SampleRate;
        return new SpokenDigitStatistics(
            m.Utterances.Count, set.Split.Train.Count, set.Split.Test.Count,
            m.Speakers.Count, m.Speakers.Count(s => !s.Test), m.Speakers.Count(s => s.Test), m.Speakers.Count(s => s.Gender == "F"),
            m.Speakers.Select(s => s.EnglishVoice).Distinct().Order(StringComparer.Ordinal).ToArray(),
            m.Utterances.Average(u => u.SpeechSamples) / rate, m.Utterances.Max(u => u.SpeechSamples) / rate,
            m.Utterances.Count(u => u.Truncated), m.Utterances.Average(u => u.SnrDb), m.Frames, m.Channels, m.BuildSeconds);
    }

    /// <summary>The statistics as Markdown, with the speaker lists of both sides of the split.</summary>
    public static string Markdown(SpokenDigitSet set)
    {
        var s = Of(set);
        var m = set.Manifest;
        var c = m.Config;
        var b = new StringBuilder();
        string F(double v, string format = "F2") => v.ToString(format, CultureInfo.InvariantCulture);
        b.AppendLine("# Synthetic spoken digits").AppendLine();
        b.AppendLine($"{set.Split.Description}.").AppendLine();
        b.AppendLine("| quantity | value |").AppendLine("| --- | --- |");
        b.AppendLine($"| utterances (train / test) | {s.Utterances} ({s.TrainUtterances} / {s.TestUtterances}) |");
        b.AppendLine($"| speakers (train / test, disjoint) | {s.Speakers} ({s.TrainSpeakers} / {s.TestSpeakers}); {s.FemaleSpeakers} listed as female |");
        b.AppendLine($"| classes | 20: English zero..nine (0-9), German null..neun (10-19); {c.Repetitions} repetitions per speaker and word |");
        b.AppendLine($"| English accents | {string.Join(", ", s.EnglishAccents)} |");
        b.AppendLine($"| word length (mean / max) | {F(s.MeanSpeechSeconds)} s / {F(s.MaxSpeechSeconds)} s; {s.Truncated} cut at the window end |");
        b.AppendLine($"| SNR | {F(c.SnrRange.Min, "F0")}-{F(c.SnrRange.Max, "F0")} dB (mean {F(s.MeanSnrDb, "F1")}), white/pink/brown noise from sox |");
        b.AppendLine($"| features | {s.Frames} frames x {s.Channels} log-mel channels (25 ms Hamming, 10 ms hop, 16 kHz, NWaves) |");
        b.AppendLine($"| tools | {m.EspeakVersion}; {m.SoxVersion} |");
        b.AppendLine($"| build time | {F(s.BuildSeconds, "F1")} s |");
        b.AppendLine($"| folder | {set.Directory} |").AppendLine();
        b.AppendLine($"Test speakers: {string.Join(", ", m.Speakers.Where(x => x.Test).Select(x => x.Name))}.").AppendLine();
        b.AppendLine($"Train speakers: {string.Join(", ", m.Speakers.Where(x => !x.Test).Select(x => x.Name))}.");
        return b.ToString();
    }
}
