using Xbar.Behavioral.Data;

namespace Xbar.Behavioral.Tests.Training.StateSpace;

/// <summary>
/// The synthetic sequence task of the S4D training tests: is a noisy sinusoid of random phase and
/// amplitude slow (period 16 steps, label 0) or fast (period 6 steps, label 1)? A linear system's
/// response to a sinusoid depends on its frequency, not its phase, so a band filter (one S4D layer)
/// followed by rectification and a mean over time separates the two; a model that learnt nothing
/// scores 50 %.
/// </summary>
internal static class S4dTrainingData
{
    public const int Steps = 64;

    public static LabeledImages TwoFrequencies(int count, int seed)
    {
        var rng = new Random(seed);
        var u = new double[count * Steps];
        var labels = new byte[count];
        for (int s = 0; s < count; s++)
        {
            labels[s] = (byte)(s % 2);
            double omega = 2 * Math.PI / (labels[s] == 0 ? 16.0 : 6.0);
            double phase = rng.NextDouble() * 2 * Math.PI, amplitude = 0.5 + rng.NextDouble();
            for (int t = 0; t < Steps; t++)
                u[s * Steps + t] = amplitude * Math.Sin(omega * t + phase) + 0.3 * (rng.NextDouble() * 2 - 1);
        }
        return new LabeledImages(u, Steps, labels) { ImageSize = (Steps, 1) };
    }
}
