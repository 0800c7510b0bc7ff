using Xbar.Behavioral.Networks.StateSpace;

namespace Xbar.Behavioral.Tests.Networks.StateSpace;

/// <summary>Seeded random layers and sequences for the state-space tests.</summary>
internal static class SsmTestData
{
    /// <summary>
    /// S4D-Lin parameters with steps drawn in [0.05, 0.5] (large enough that the modes forget
    /// within a short test sequence) and random B, C, D.
    /// </summary>
    public static S4dParameters Layer(int inputs, int states, int outputs, DiscretizationKind kind, int seed)
    {
        var p = new S4dInitialization(S4dEigenvalues.Lin, StepMin: 0.05, StepMax: 0.5).Create(inputs, states, outputs, kind, seed);
        var rng = new Random(seed + 1);
        for (int k = 0; k < p.BRe.Length; k++) { p.BRe[k] = rng.NextDouble() * 2 - 1; p.BIm[k] = rng.NextDouble() * 2 - 1; }
        for (int n = 0; n < states; n++) p.LogNegRealA[n] = Math.Log(0.2 + rng.NextDouble());
        return p;
    }

    public static double[] Sequence(int batch, int steps, int channels, int seed)
    {
        var rng = new Random(seed);
        return Enumerable.Range(0, batch * steps * channels).Select(_ => rng.NextDouble() * 2 - 1).ToArray();
    }

    public static double MaxAbs(ReadOnlySpan<double> v)
    {
        double m = 0;
        foreach (var x in v) m = Math.Max(m, Math.Abs(x));
        return m;
    }

    public static double MaxAbsDiff(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        Assert.Equal(a.Length, b.Length);
        double m = 0;
        for (int i = 0; i < a.Length; i++) m = Math.Max(m, Math.Abs(a[i] - b[i]));
        return m;
    }
}
