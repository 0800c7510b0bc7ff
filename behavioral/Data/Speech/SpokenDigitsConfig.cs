using System.Globalization;

namespace Xbar.Behavioral.Data.Speech;

/// <summary>A uniform draw range [Min, Max].</summary>
public sealed record UniformRange(double Min, double Max)
{
    public double Draw(Random rng) => Min + rng.NextDouble() * (Max - Min);

    public void Validate(string field, double lowest, double highest)
    {
        if (!double.IsFinite(Min) || !double.IsFinite(Max) || Min > Max || Min < lowest || Max > highest)
            throw new InvalidInputException(string.Create(CultureInfo.InvariantCulture,
                $"{field}: [{Min}, {Max}] must be an ordered range inside [{lowest}, {highest}]"));
    }
}

/// <summary>
/// The log-mel front end (computed with NWaves 0.9.6): 40 log mel-filterbank energies from 25 ms
/// Hamming windows every 10 ms at 16 kHz (Sainath and Parada 2015, "Convolutional Neural Networks
/// for Small-footprint Keyword Spotting", Interspeech, Section 4: 40-dimensional log-mel
/// filterbanks, 25 ms frames, 10 ms shift), pre-emphasis 0.97 (Young et al., The HTK Book 3.4,
/// Section 5.2, its default PREEMCOEF), a 512-point FFT (the smallest power of two holding the
/// 400-sample frame), mel filters from 20 Hz to the Nyquist frequency, natural log of the power
/// with a floor of 1e-10.
/// </summary>
public sealed record LogMelConfig(
    int Channels = 40,
    int SampleRate = 16000,
    double FrameSeconds = 0.025,
    double HopSeconds = 0.010,
    int FftSize = 512,
    double PreEmphasis = 0.97,
    double LowHz = 20,
    double? HighHz = null)
{
    public int FrameSamples => (int)Math.Round(FrameSeconds * SampleRate);
    public int HopSamples => (int)Math.Round(HopSeconds * SampleRate);

    /// <summary>Samples that give exactly <paramref name="frames"/> frames: (frames - 1) hops plus one frame.</summary>
    public int WindowSamples(int frames) => (frames - 1) * HopSamples + FrameSamples;

    public void Validate()
    {
        if (Channels is < 1 or > 128) throw new InvalidInputException($"features.channels: {Channels} must be between 1 and 128");
        if (SampleRate is < 8000 or > 48000) throw new InvalidInputException($"features.sample_rate: {SampleRate} Hz must be between 8000 and 48000");
        if (!(HopSeconds > 0) || !(FrameSeconds >= HopSeconds)) throw new InvalidInputException("features: need 0 < hop_seconds <= frame_seconds");
        if (FftSize < FrameSamples || (FftSize & (FftSize - 1)) != 0)
            throw new InvalidInputException($"features.fft_size: {FftSize} must be a power of two of at least the frame ({FrameSamples} samples)");
        if (PreEmphasis is < 0 or >= 1) throw new InvalidInputException($"features.pre_emphasis: {PreEmphasis} must be in [0, 1)");
        double high = HighHz ?? SampleRate / 2.0;
        if (!(LowHz >= 0) || !(high > LowHz) || high > SampleRate / 2.0)
            throw new InvalidInputException($"features: mel range [{LowHz}, {high}] Hz must lie in [0, {SampleRate / 2}] Hz");
    }
}

/// <summary>
/// Everything that decides the synthetic spoken-digit set; the cache folder is named by its hash
/// (with the espeak-ng and sox versions), so another config or tool version builds anew.
/// A speaker is one espeak-ng voice variant (timbre: formants, pitch contour, breathiness) with one
/// English accent drawn for it and a speaking rate and pitch of its own; each utterance then draws
/// its rate and pitch around the speaker's, a sox tempo change, a gain, and a noise colour and SNR.
/// Speakers are split, never utterances, so the test set has voices the model never heard, as
/// the Heidelberg Digits keep two speakers for testing only (Cramer, Stradmann, Schemmel and
/// Zenke 2020, "The Heidelberg Spiking Data Sets for the Systematic Evaluation of Spiking Neural
/// Networks", IEEE TNNLS, Section III). Ranges are our assumptions unless cited: espeak-ng's
/// default rate is 175 words per minute and pitch 50 of 0-99 (espeak-ng's own help); tempo
/// 0.9-1.1 is the speed perturbation of Ko, Peddinti, Povey and Khudanpur 2015 ("Audio
/// Augmentation for Speech Recognition", Interspeech), done by sox's WSOLA tempo effect so the
/// pitch is kept.
/// </summary>
/// <param name="Seed">Seed of every draw (speaker split, speaker traits, utterance draws).</param>
/// <param name="Repetitions">Utterances per speaker and word.</param>
/// <param name="MaxSpeakers">Use at most this many speakers (a seeded subset; null = every distinct variant).</param>
/// <param name="TestSpeakerFraction">Share of speakers held out for testing (at least one).</param>
/// <param name="Frames">Feature frames per utterance (100 = 1.0 s of audio at a 10 ms hop).</param>
/// <param name="MaxOnsetSeconds">The word starts at a uniform delay up to this (less if it would not fit).</param>
public sealed record SpokenDigitsConfig(
    int Seed = 1,
    int Repetitions = 4,
    int? MaxSpeakers = null,
    double TestSpeakerFraction = 0.2,
    UniformRange? SpeakerRateWpm = null,
    double RateJitter = 0.1,
    UniformRange? SpeakerPitch = null,
    double PitchJitter = 10,
    UniformRange? Tempo = null,
    UniformRange? GainDb = null,
    UniformRange? SnrDb = null,
    int Frames = 100,
    double MaxOnsetSeconds = 0.1,
    LogMelConfig? Features = null)
{
    public UniformRange SpeakerRateRange => SpeakerRateWpm ?? new UniformRange(140, 210);
    public UniformRange SpeakerPitchRange => SpeakerPitch ?? new UniformRange(25, 75);
    public UniformRange TempoRange => Tempo ?? new UniformRange(0.9, 1.1);
    public UniformRange GainRange => GainDb ?? new UniformRange(-6, 6);
    public UniformRange SnrRange => SnrDb ?? new UniformRange(10, 30);
    public LogMelConfig FeatureConfig => Features ?? new LogMelConfig();

    /// <summary>Checks every field; throws <see cref="InvalidInputException"/> naming the first bad one.</summary>
    public SpokenDigitsConfig Validate()
    {
        if (Repetitions is < 1 or > 1000) throw new InvalidInputException($"repetitions: {Repetitions} must be between 1 and 1000");
        if (MaxSpeakers is < 2) throw new InvalidInputException($"max_speakers: {MaxSpeakers} must be at least 2 (one to train, one to test)");
        if (TestSpeakerFraction is <= 0 or >= 1) throw new InvalidInputException($"test_speaker_fraction: {TestSpeakerFraction} must be in (0, 1)");
        SpeakerRateRange.Validate("speaker_rate_wpm", 80, 450); // our bound: rates at which the words stay intelligible
        if (RateJitter is < 0 or >= 1) throw new InvalidInputException($"rate_jitter: {RateJitter} must be in [0, 1)");
        SpeakerPitchRange.Validate("speaker_pitch", 0, 99);
        if (PitchJitter is < 0 or > 50) throw new InvalidInputException($"pitch_jitter: {PitchJitter} must be in [0, 50]");
        TempoRange.Validate("tempo", 0.5, 2.0);
        GainRange.Validate("gain_db", -40, 20);
        SnrRange.Validate("snr_db", -10, 100);
        if (Frames is < 10 or > 1000) throw new InvalidInputException($"frames: {Frames} must be between 10 and 1000");
        if (MaxOnsetSeconds < 0 || MaxOnsetSeconds >= Frames * FeatureConfig.HopSeconds)
            throw new InvalidInputException($"max_onset_seconds: {MaxOnsetSeconds} must be non-negative and shorter than the window");
        FeatureConfig.Validate();
        return this;
    }
}
