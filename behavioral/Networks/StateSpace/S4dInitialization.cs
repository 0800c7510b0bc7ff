namespace Xbar.Behavioral.Networks.StateSpace;

/// <summary>Where the diagonal of A starts (Gu, Gupta, Goel and Re 2022, NeurIPS, Section 4).</summary>
public enum S4dEigenvalues
{
    /// <summary>S4D-Lin: lambda_n = -1/2 + i pi n, n = 0..M-1 (imaginary parts spaced like Fourier frequencies).</summary>
    Lin,

    /// <summary>
    /// S4D-Inv: lambda_n = -1/2 + i (N / pi) (N / (2n + 1) - 1), n = 0..M-1, with N = 2M the real state
    /// size of M complex modes (the paper counts conjugate pairs in N and keeps one of each pair, as here).
    /// </summary>
    Inv,
}

/// <summary>
/// The initialization of an S4D layer. Eigenvalues and the step range are the paper's (Gu, Gupta,
/// Goel and Re 2022, NeurIPS: S4D-Lin/S4D-Inv, Delta log-uniform in [0.001, 0.1]). For one input
/// channel B = 1 as in the paper; for several inputs, B (real) and D are drawn normal with variance
/// 1 / inputs so the first state has unit scale for unit inputs (our assumption, LeCun-style, as S5
/// does). C is standard complex normal (E|C|^2 = 1, each part of variance 1/2), the paper's draw.
/// </summary>
/// <param name="Eigenvalues">S4D-Lin or S4D-Inv.</param>
/// <param name="StepMin">Smallest initial Delta (in time steps of the sequence).</param>
/// <param name="StepMax">Largest initial Delta.</param>
public sealed record S4dInitialization(S4dEigenvalues Eigenvalues = S4dEigenvalues.Lin, double StepMin = 1e-3, double StepMax = 0.1)
{
    /// <summary>Fresh parameters of the given size, drawn from <paramref name="seed"/>.</summary>
    public S4dParameters Create(int inputs, int states, int outputs, DiscretizationKind discretization, int seed)
    {
        if (!(StepMin > 0) || !(StepMax >= StepMin) || !double.IsFinite(StepMax))
            throw new InvalidInputException($"S4D step range [{StepMin}, {StepMax}] must satisfy 0 < min <= max");
        var p = new S4dParameters(inputs, states, outputs, discretization,
            new double[states], new double[states], new double[states],
            new double[states * inputs], new double[states * inputs],
            new double[outputs * states], new double[outputs * states], new double[outputs * inputs]);
        var rng = new Random(seed);
        for (int n = 0; n < states; n++)
        {
            p.LogNegRealA[n] = Math.Log(0.5);
            p.ImagA[n] = ImaginaryPart(Eigenvalues, n, states);
            p.LogStep[n] = Math.Log(StepMin) + rng.NextDouble() * (Math.Log(StepMax) - Math.Log(StepMin));
        }
        double bScale = 1.0 / Math.Sqrt(inputs);
        for (int k = 0; k < p.BRe.Length; k++) p.BRe[k] = inputs == 1 ? 1.0 : bScale * Normal(rng);
        for (int k = 0; k < p.CRe.Length; k++)
        {
            p.CRe[k] = Math.Sqrt(0.5) * Normal(rng);
            p.CIm[k] = Math.Sqrt(0.5) * Normal(rng);
        }
        for (int k = 0; k < p.D.Length; k++) p.D[k] = bScale * Normal(rng);
        return p;
    }

    /// <summary>Im lambda_n of mode <paramref name="n"/> of <paramref name="modes"/>.</summary>
    public static double ImaginaryPart(S4dEigenvalues kind, int n, int modes) => kind switch
    {
        S4dEigenvalues.Lin => Math.PI * n,
        S4dEigenvalues.Inv => 2.0 * modes / Math.PI * (2.0 * modes / (2 * n + 1) - 1),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown eigenvalue initialization"),
    };

    /// <summary>A standard normal draw (Box-Muller), so draws depend only on the seed.</summary>
    internal static double Normal(Random rng)
    {
        double u1 = 1.0 - rng.NextDouble(), u2 = rng.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }
}
