namespace Xbar.Behavioral.Data.Speech;

/// <summary>The colour of the background noise sox synthesizes (its whitenoise, pinknoise, brownnoise generators).</summary>
public enum NoiseColor { White, Pink, Brown }

/// <summary>
/// Everything drawn for one utterance, and what its synthesis measured. Drawn from a seed that
/// depends only on the set's seed, the speaker's name, the word and the repetition, so a set is
/// the same whatever order (or how many threads) it is built in, and one utterance can be
/// synthesized again alone.
/// </summary>
/// <param name="Speaker">Index into the set's speakers.</param>
/// <param name="Label">0-9 English "zero".."nine", 10-19 German "null".."neun" (the Heidelberg Digits' numbering).</param>
/// <param name="Repetition">Which repetition of this word by this speaker.</param>
/// <param name="RateWpm">espeak-ng -s (words per minute).</param>
/// <param name="Pitch">espeak-ng -p (0-99).</param>
/// <param name="Tempo">sox tempo factor (above 1 is faster, pitch kept).</param>
/// <param name="GainDb">Speech level relative to the reference RMS <see cref="SpokenDigitSynthesizer.ReferenceRms"/>.</param>
/// <param name="Noise">Noise colour.</param>
/// <param name="SnrDb">Speech power over noise power (dB), powers taken over the speech's own samples and the whole window of noise.</param>
/// <param name="NoiseOffset">Where in sox's noise buffer this window's noise starts (samples).</param>
/// <param name="OnsetDraw">Uniform draw in [0, 1) that places the word in the window.</param>
/// <param name="SpeechSamples">Length of the synthesized word after the tempo change (samples); 0 before synthesis.</param>
/// <param name="OnsetSamples">Where the word starts in the window (samples); 0 before synthesis.</param>
/// <param name="Truncated">Whether the word ran past the end of the window and was cut.</param>
public sealed record Utterance(
    int Speaker, int Label, int Repetition,
    int RateWpm, int Pitch, double Tempo, double GainDb,
    NoiseColor Noise, double SnrDb, int NoiseOffset, double OnsetDraw,
    int SpeechSamples = 0, int OnsetSamples = 0, bool Truncated = false);
