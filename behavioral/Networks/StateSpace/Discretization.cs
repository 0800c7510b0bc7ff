using System.Numerics;

namespace Xbar.Behavioral.Networks.StateSpace;

/// <summary>How the continuous system x'(t) = A x(t) + B u(t) becomes a recurrence with step Delta.</summary>
public enum DiscretizationKind
{
    /// <summary>
    /// Zero-order hold (the input held constant over a step): A_bar = exp(Delta A),
    /// B_bar = (exp(Delta A) - 1) / A * B. Gu, Gupta, Goel and Re 2022, "On the Parameterization and
    /// Initialization of Diagonal State Space Models" (NeurIPS 2022), Section 2 (their S4D default).
    /// </summary>
    ZeroOrderHold,

    /// <summary>
    /// Bilinear (Tustin): A_bar = (1 + Delta A / 2) / (1 - Delta A / 2), B_bar = Delta / (1 - Delta A / 2) * B.
    /// Gu, Goel and Re 2022, "Efficiently Modeling Long Sequences with Structured State Spaces"
    /// (ICLR 2022), eq. (3); offered by S4D as the alternative to ZOH.
    /// </summary>
    Bilinear,
}

/// <summary>
/// The discretization of one diagonal mode: lambda (a complex eigenvalue of A, 1/time step units
/// when Delta is in steps) and a real step Delta give A_bar and the input factor gamma with
/// B_bar = gamma B; with their derivatives, for the backward pass. Both maps are holomorphic in
/// lambda, so d/d(lambda) is one complex number per output.
/// </summary>
public static class Discretization
{
    /// <summary>A_bar and gamma (B_bar = gamma B) of one mode.</summary>
    public static (Complex ABar, Complex Gamma) Apply(DiscretizationKind kind, Complex lambda, double step)
    {
        var d = Derivatives(kind, lambda, step);
        return (d.ABar, d.Gamma);
    }

    /// <summary>
    /// A_bar, gamma and their derivatives with respect to lambda (complex) and Delta (real).
    /// ZOH: dA/dlambda = Delta A_bar, dA/dDelta = lambda A_bar, dgamma/dDelta = A_bar,
    /// dgamma/dlambda = (Delta A_bar - gamma) / lambda. Bilinear with d = 1 - Delta lambda / 2:
    /// dA/dlambda = Delta / d^2, dA/dDelta = lambda / d^2, dgamma/dDelta = 1 / d^2,
    /// dgamma/dlambda = Delta^2 / (2 d^2).
    /// </summary>
    public static ModeDerivatives Derivatives(DiscretizationKind kind, Complex lambda, double step)
    {
        if (!(step > 0) || !double.IsFinite(step)) throw new ArgumentOutOfRangeException(nameof(step), $"step must be positive, got {step}");
        switch (kind)
        {
            case DiscretizationKind.ZeroOrderHold:
            {
                var aBar = Complex.Exp(step * lambda);
                // (exp(z) - 1) / lambda with z = Delta lambda; for |z| tiny the series avoids cancellation.
                var z = step * lambda;
                var expm1OverZ = Complex.Abs(z) < 1e-5 ? 1 + z / 2 + z * z / 6 : (aBar - 1) / z;
                var gamma = step * expm1OverZ;
                var dGammaDLambda = Complex.Abs(z) < 1e-5
                    ? step * step * (0.5 + z / 3)
                    : (step * aBar - gamma) / lambda;
                return new ModeDerivatives(aBar, gamma, step * aBar, lambda * aBar, dGammaDLambda, aBar);
            }
            case DiscretizationKind.Bilinear:
            {
                var d = 1 - step * lambda / 2;
                var d2 = d * d;
                var aBar = (1 + step * lambda / 2) / d;
                var gamma = step / d;
                return new ModeDerivatives(aBar, gamma, step / d2, lambda / d2, step * step / (2 * d2), 1 / d2);
            }
            default:
                throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown discretization");
        }
    }
}

/// <summary>One mode's discretization and its derivatives (see <see cref="Discretization.Derivatives"/>).</summary>
public readonly record struct ModeDerivatives(
    Complex ABar, Complex Gamma,
    Complex DABarDLambda, Complex DABarDStep,
    Complex DGammaDLambda, Complex DGammaDStep);
