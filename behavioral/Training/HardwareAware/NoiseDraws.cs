using MathNet.Numerics.Distributions;
using Xbar.Devices.Arrays;

namespace Xbar.Behavioral.Training.HardwareAware;

/// <summary>
/// The random streams of training noise: one per (seed, step, weight layer, kind), each derived with
/// the SplitMix64 mixing of <see cref="RandomStreams"/>, so the draws of a step do not depend on
/// how many steps ran before in this process (a resumed training draws what an uninterrupted one
/// would) nor on which other noise is switched on.
/// </summary>
public static class NoiseDraws
{
    /// <summary>Stream kinds (fixed: changing one changes every seeded result).</summary>
    public const int WeightNoise = 1, OutputNoise = 2, Shuffle = 3, Augment = 4, Init = 5;

    /// <summary>A <see cref="Random"/> for <paramref name="kind"/> at <paramref name="step"/> of weight layer <paramref name="layer"/>.</summary>
    public static Random For(int seed, long step, int layer, int kind)
    {
        int s = RandomStreams.DeriveSeed(seed, kind);
        s = RandomStreams.DeriveSeed(s, unchecked((int)step ^ (int)(step >> 32)));
        return new Random(RandomStreams.DeriveSeed(s, layer));
    }

    /// <summary><paramref name="count"/> standard normal deviates from <paramref name="rng"/>.</summary>
    public static double[] Normal(Random rng, int count)
    {
        var z = new double[count];
        MathNet.Numerics.Distributions.Normal.Samples(rng, z, 0, 1);
        return z;
    }
}
