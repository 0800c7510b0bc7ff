using System.Numerics;

namespace Xbar.Behavioral.Networks.StateSpace;

/// <summary>
/// The trainable parameters of one diagonal state-space layer with <see cref="Inputs"/> real input
/// channels u, <see cref="States"/> complex modes x and <see cref="Outputs"/> real outputs y
/// (Gu, Gupta, Goel and Re 2022, "On the Parameterization and Initialization of Diagonal State
/// Space Models", NeurIPS 2022, "S4D"):
/// <c>x'(t) = A x(t) + B u(t)</c>, <c>y(t) = Re(C x(t)) + D u(t)</c>, A = diag(lambda) complex.
/// Their layout follows S4D's parameterization: Re(lambda_n) = -exp(<see cref="LogNegRealA"/>[n])
/// so every mode stays stable (their Section 3.3), Im(lambda_n) = <see cref="ImagA"/>[n], and a
/// step Delta_n = exp(<see cref="LogStep"/>[n]) per mode (learnable, in units of one time step of
/// the sequence when lambda is per step). B is States x Inputs complex, C Outputs x States complex,
/// D Outputs x Inputs real; all row-major. One SISO S4D layer of the paper with H channels and
/// N modes each is the special case in which mode n connects to one channel only; this class
/// allows the general multi-input, multi-output form (as S5 does: Smith, Warrington and Linderman
/// 2023, "Simplified State Space Layers for Sequence Modeling", ICLR 2023).
/// The arrays are the training engine's to update in place between steps; their lengths are
/// fixed and checked here. The gradient of a loss has the same layout (<see cref="ZerosLike"/>).
/// </summary>
public sealed class S4dParameters
{
    public S4dParameters(int inputs, int states, int outputs, DiscretizationKind discretization,
        double[] logNegRealA, double[] imagA, double[] logStep,
        double[] bRe, double[] bIm, double[] cRe, double[] cIm, double[] d)
    {
        if (inputs < 1 || states < 1 || outputs < 1)
            throw new ArgumentException($"sizes must be positive: {inputs} inputs, {states} states, {outputs} outputs");
        Inputs = inputs;
        States = states;
        Outputs = outputs;
        Discretization = discretization;
        LogNegRealA = Check(logNegRealA, states, nameof(logNegRealA));
        ImagA = Check(imagA, states, nameof(imagA));
        LogStep = Check(logStep, states, nameof(logStep));
        BRe = Check(bRe, states * inputs, nameof(bRe));
        BIm = Check(bIm, states * inputs, nameof(bIm));
        CRe = Check(cRe, outputs * states, nameof(cRe));
        CIm = Check(cIm, outputs * states, nameof(cIm));
        D = Check(d, outputs * inputs, nameof(d));
    }

    private static double[] Check(double[] a, int length, string name) =>
        a is null ? throw new ArgumentNullException(name)
        : a.Length == length ? a
        : throw new ArgumentException($"{name} holds {a.Length} values, expected {length}", name);

    public int Inputs { get; }
    public int States { get; }
    public int Outputs { get; }
    public DiscretizationKind Discretization { get; }

    /// <summary>log(-Re lambda_n), per mode.</summary>
    public double[] LogNegRealA { get; }

    /// <summary>Im lambda_n, per mode.</summary>
    public double[] ImagA { get; }

    /// <summary>log Delta_n, per mode.</summary>
    public double[] LogStep { get; }

    /// <summary>Re B, States x Inputs.</summary>
    public double[] BRe { get; }

    /// <summary>Im B, States x Inputs.</summary>
    public double[] BIm { get; }

    /// <summary>Re C, Outputs x States.</summary>
    public double[] CRe { get; }

    /// <summary>Im C, Outputs x States.</summary>
    public double[] CIm { get; }

    /// <summary>D, Outputs x Inputs (the skip connection).</summary>
    public double[] D { get; }

    /// <summary>The continuous eigenvalue lambda_n = -exp(LogNegRealA[n]) + i ImagA[n].</summary>
    public Complex Lambda(int n) => new(-Math.Exp(LogNegRealA[n]), ImagA[n]);

    /// <summary>The step Delta_n = exp(LogStep[n]).</summary>
    public double Step(int n) => Math.Exp(LogStep[n]);

    /// <summary>Every array with its name, in a fixed order: what an optimizer iterates over.</summary>
    public IReadOnlyList<(string Name, double[] Values)> Arrays =>
    [
        ("log_neg_real_a", LogNegRealA), ("imag_a", ImagA), ("log_step", LogStep),
        ("b_re", BRe), ("b_im", BIm), ("c_re", CRe), ("c_im", CIm), ("d", D),
    ];

    /// <summary>The same layout filled with zeros (a gradient accumulator).</summary>
    public S4dParameters ZerosLike() => new(Inputs, States, Outputs, Discretization,
        new double[States], new double[States], new double[States],
        new double[States * Inputs], new double[States * Inputs],
        new double[Outputs * States], new double[Outputs * States], new double[Outputs * Inputs]);

    /// <summary>A deep copy.</summary>
    public S4dParameters Clone() => new(Inputs, States, Outputs, Discretization,
        (double[])LogNegRealA.Clone(), (double[])ImagA.Clone(), (double[])LogStep.Clone(),
        (double[])BRe.Clone(), (double[])BIm.Clone(), (double[])CRe.Clone(), (double[])CIm.Clone(), (double[])D.Clone());

    /// <summary>The recurrence this layer runs: every mode discretized with its own step.</summary>
    public DiscreteSsm Discretize()
    {
        var sys = new DiscreteSsm(Inputs, States, Outputs);
        for (int n = 0; n < States; n++)
        {
            var (aBar, gamma) = StateSpace.Discretization.Apply(Discretization, Lambda(n), Step(n));
            sys.ARe[n] = aBar.Real;
            sys.AIm[n] = aBar.Imaginary;
            for (int h = 0; h < Inputs; h++)
            {
                var b = new Complex(BRe[n * Inputs + h], BIm[n * Inputs + h]) * gamma;
                sys.BRe[n * Inputs + h] = b.Real;
                sys.BIm[n * Inputs + h] = b.Imaginary;
            }
        }
        CRe.CopyTo(sys.CRe, 0);
        CIm.CopyTo(sys.CIm, 0);
        D.CopyTo(sys.D, 0);
        return sys;
    }

    /// <summary>
    /// The gradient with respect to these parameters from the gradient with respect to the
    /// discrete system they produce (a <see cref="DiscreteSsm"/> holding dL/d of each entry) (<see cref="Discretize"/>), by the chain rule through
    /// <see cref="StateSpace.Discretization.Derivatives"/>. Complex gradients g = dL/dRe z + i dL/dIm z
    /// of a holomorphic z = f(w) give g_w = conj(f'(w)) g_z; a real Delta gets Re(conj(g_z) dz/dDelta).
    /// </summary>
    public S4dParameters Backward(DiscreteSsm g)
    {
        if (g.Inputs != Inputs || g.States != States || g.Outputs != Outputs)
            throw new ArgumentException($"gradient of a {g.Outputs}x{g.States}x{g.Inputs} system for a {Outputs}x{States}x{Inputs} layer");
        var grad = ZerosLike();
        for (int n = 0; n < States; n++)
        {
            var lambda = Lambda(n);
            double step = Step(n);
            var m = StateSpace.Discretization.Derivatives(Discretization, lambda, step);
            var gA = new Complex(g.ARe[n], g.AIm[n]);
            var gGamma = Complex.Zero;
            for (int h = 0; h < Inputs; h++)
            {
                int k = n * Inputs + h;
                var gBBar = new Complex(g.BRe[k], g.BIm[k]);
                var b = new Complex(BRe[k], BIm[k]);
                var gB = Complex.Conjugate(m.Gamma) * gBBar;
                grad.BRe[k] = gB.Real;
                grad.BIm[k] = gB.Imaginary;
                gGamma += Complex.Conjugate(b) * gBBar;
            }
            var gLambda = Complex.Conjugate(m.DABarDLambda) * gA + Complex.Conjugate(m.DGammaDLambda) * gGamma;
            double gStep = (Complex.Conjugate(gA) * m.DABarDStep + Complex.Conjugate(gGamma) * m.DGammaDStep).Real;
            grad.LogNegRealA[n] = gLambda.Real * lambda.Real; // d Re(lambda) / d log(-Re lambda) = Re(lambda)
            grad.ImagA[n] = gLambda.Imaginary;
            grad.LogStep[n] = gStep * step;
        }
        g.CRe.CopyTo(grad.CRe, 0);
        g.CIm.CopyTo(grad.CIm, 0);
        g.D.CopyTo(grad.D, 0);
        return grad;
    }
}
