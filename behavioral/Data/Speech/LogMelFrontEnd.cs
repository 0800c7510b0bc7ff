using NWaves.FeatureExtractors;
using NWaves.FeatureExtractors.Options;
using NWaves.Filters.Fda;
using NWaves.Windows;

namespace Xbar.Behavioral.Data.Speech;

/// <summary>
/// Log mel-filterbank energies of a window of audio with NWaves 0.9.6 (its FilterbankExtractor
/// with triangular mel filters), configured by <see cref="LogMelConfig"/>. One extractor holds
/// buffers, so each thread builds its own.
/// </summary>
public sealed class LogMelFrontEnd
{
    private readonly FilterbankExtractor _extractor;

    public LogMelFrontEnd(LogMelConfig config)
    {
        Config = config;
        double high = config.HighHz ?? config.SampleRate / 2.0;
        var bands = FilterBanks.MelBands(config.Channels, config.SampleRate, config.LowHz, high);
        _extractor = new FilterbankExtractor(new FilterbankOptions
        {
            SamplingRate = config.SampleRate,
            FrameDuration = config.FrameSeconds,
            HopDuration = config.HopSeconds,
            FftSize = config.FftSize,
            FilterBankSize = config.Channels,
            LowFrequency = config.LowHz,
            HighFrequency = high,
            FilterBank = FilterBanks.Triangular(config.FftSize, config.SampleRate, bands),
            PreEmphasis = config.PreEmphasis,
            Window = WindowType.Hamming,
            SpectrumType = SpectrumType.Power,
            NonLinearity = NonLinearityType.LogE,
            LogFloor = 1e-10f,
        });
    }

    public LogMelConfig Config { get; }

    /// <summary>
    /// frames x Channels log energies of <paramref name="audio"/>, which must hold exactly
    /// <see cref="LogMelConfig.WindowSamples"/>(frames) samples.
    /// </summary>
    public float[] Compute(float[] audio, int frames)
    {
        if (audio.Length != Config.WindowSamples(frames))
            throw new ArgumentException($"{audio.Length} samples do not make exactly {frames} frames (need {Config.WindowSamples(frames)})");
        var vectors = _extractor.ComputeFrom(audio);
        if (vectors.Count != frames)
            throw new InvalidOperationException($"NWaves returned {vectors.Count} frames for a window of {frames}");
        var features = new float[frames * Config.Channels];
        for (int t = 0; t < frames; t++)
        {
            if (vectors[t].Length != Config.Channels)
                throw new InvalidOperationException($"NWaves returned {vectors[t].Length} channels, expected {Config.Channels}");
            vectors[t].CopyTo(features, t * Config.Channels);
        }
        return features;
    }
}
