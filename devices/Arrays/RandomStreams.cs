namespace Xbar.Devices.Arrays;

/// <summary>
/// Independent, reproducible random streams derived from one programming seed: one stream per
/// non-ideality, so enabling one does not shift the draws of another. Seeds are mixed with
/// SplitMix64 and fed to <see cref="Random(int)"/>, whose seeded sequence is stable across .NET versions.
/// The seed names the array (its devices); draws that belong to one programming event
/// (cycle-to-cycle: programming error, the read noise accumulated until a read) also depend on the
/// programming cycle (<see cref="ForCycle"/>), so re-programming the same array redraws them while
/// device-to-device draws (spread, offsets, PCM drift exponents) stay.
/// </summary>
public static class RandomStreams
{
    /// <summary>Stream ids (fixed forever: changing one changes every seeded result).</summary>
    public const int Spread = 1, Programming = 2, SystematicOffset = 3, RandomOffset = 4, Drift = 5, PcmReadNoise = 6;

    /// <summary>A <see cref="Random"/> for <paramref name="stream"/> under <paramref name="seed"/>.</summary>
    public static Random For(int seed, int stream) => new(DeriveSeed(seed, stream));

    /// <summary>
    /// A cycle-to-cycle stream: <paramref name="stream"/> of programming cycle <paramref name="cycle"/>
    /// (0 = the first programming) of the array <paramref name="seed"/>. Cycle 0 is <see cref="For"/>
    /// itself, so results seeded before cycles existed are unchanged.
    /// </summary>
    public static Random ForCycle(int seed, int stream, int cycle)
    {
        if (cycle < 0) throw new ArgumentOutOfRangeException(nameof(cycle), cycle, "programming cycles count from 0");
        return cycle == 0 ? For(seed, stream) : new Random(DeriveSeed(DeriveSeed(seed, stream), cycle));
    }

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
