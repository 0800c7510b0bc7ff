namespace Xbar.Devices.Arrays;

/// <summary>
/// Independent, reproducible random streams derived from one programming seed: one stream per
/// non-ideality, so enabling one does not shift the draws of another. Seeds are mixed with
/// SplitMix64 and fed to <see cref="Random(int)"/>, whose seeded sequence is stable across .NET versions.
/// </summary>
public static class RandomStreams
{
    /// <summary>Stream ids (fixed forever: changing one changes every seeded result).</summary>
    public const int Spread = 1, Programming = 2, SystematicOffset = 3, RandomOffset = 4, Drift = 5;

    /// <summary>A <see cref="Random"/> for <paramref name="stream"/> under <paramref name="seed"/>.</summary>
    public static Random For(int seed, int stream) => new(DeriveSeed(seed, stream));

    /// <summary>The derived 31-bit seed (SplitMix64 of seed and stream id).</summary>
    public static int DeriveSeed(int seed, int stream)
    {
        ulong z = unchecked((ulong)(uint)seed * 0x9E3779B97F4A7C15UL + (ulong)stream * 0xBF58476D1CE4E5B9UL + 0x94D049BB133111EBUL);
        z = unchecked((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL);
        z = unchecked((z ^ (z >> 27)) * 0x94D049BB133111EBUL);
        z ^= z >> 31;
        return (int)(z & 0x7FFFFFFF);
    }
}
