namespace Xbar.Circuits.ReadCircuits;

/// <summary>
/// Derives independent, reproducible seeds from a user seed and integer keys (SplitMix64 finaliser),
/// so every Monte Carlo draw gets the same random numbers whatever the worker count, shard or batch.
/// </summary>
public static class SeedMixer
{
    public static int Mix(long seed, params long[] keys)
    {
        ulong h = Scramble((ulong)seed);
        foreach (long k in keys) h = Scramble(h ^ Scramble((ulong)k + 0x9E3779B97F4A7C15UL));
        return (int)(h & 0x7FFFFFFF);
    }

    /// <summary>A stable integer key of a double (its IEEE bits).</summary>
    public static long Key(double value) => BitConverter.DoubleToInt64Bits(value);

    private static ulong Scramble(ulong z)
    {
        z += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
