using System.Numerics;
using Xbar.Behavioral.Networks.StateSpace;

namespace Xbar.Behavioral.Tests.Networks.StateSpace;

public sealed class DiscretizationTests
{
    /// <summary>x' = lambda x + u integrated by RK4 in fine substeps over one step with u held: the exact ZOH step.</summary>
    private static Complex IntegrateHeld(Complex lambda, Complex x0, double u, double step, int substeps)
    {
        Complex F(Complex x) => lambda * x + u;
        double h = step / substeps;
        var x = x0;
        for (int i = 0; i < substeps; i++)
        {
            var k1 = F(x); var k2 = F(x + h / 2 * k1); var k3 = F(x + h / 2 * k2); var k4 = F(x + h * k3);
            x += h / 6 * (k1 + 2 * k2 + 2 * k3 + k4);
        }
        return x;
    }

    [Theory]
    [InlineData(-0.5, 0.0, 0.1)]
    [InlineData(-0.5, 3.14159, 0.05)]
    [InlineData(-2.0, 40.0, 0.01)]
    [InlineData(-0.01, 0.3, 1.0)]
    public void When_InputHeldOverAStep_Expect_ZeroOrderHoldEqualsTheIntegratedOde(double re, double im, double step)
    {
        var lambda = new Complex(re, im);
        var (aBar, gamma) = Discretization.Apply(DiscretizationKind.ZeroOrderHold, lambda, step);
        var x0 = new Complex(0.3, -0.7);
        const double u = 1.3;
        var exact = IntegrateHeld(lambda, x0, u, step, 4000);
        Assert.True(Complex.Abs(aBar * x0 + gamma * u - exact) < 1e-11, $"ZOH {aBar * x0 + gamma * u} vs ODE {exact}");
    }

    [Fact]
    public void When_Bilinear_Expect_TrapezoidalRuleOfTheOde()
    {
        // Trapezoid: x1 = x0 + Delta/2 (lambda x0 + u + lambda x1 + u)  =>  x1 (1 - D l/2) = x0 (1 + D l/2) + Delta u.
        var lambda = new Complex(-0.7, 5.0);
        const double step = 0.08, u = -0.4;
        var x0 = new Complex(1.1, 0.2);
        var (aBar, gamma) = Discretization.Apply(DiscretizationKind.Bilinear, lambda, step);
        var x1 = aBar * x0 + gamma * u;
        var residual = x1 - x0 - step / 2 * (lambda * x0 + u + lambda * x1 + u);
        Assert.True(Complex.Abs(residual) < 1e-14, $"trapezoid residual {residual}");
    }

    [Theory]
    [InlineData(DiscretizationKind.ZeroOrderHold, -0.5, 2.0, 0.1)]
    [InlineData(DiscretizationKind.Bilinear, -1.5, 7.0, 0.03)]
    public void When_DerivativesComparedWithCentralDifferences_Expect_Agreement(DiscretizationKind kind, double re, double im, double step)
    {
        var lambda = new Complex(re, im);
        var m = Discretization.Derivatives(kind, lambda, step);
        double h = 1e-6 * Math.Max(Complex.Abs(lambda), 1);
        // Holomorphic in lambda: the derivative along the real axis is the complex derivative.
        var dA = (Discretization.Apply(kind, lambda + h, step).ABar - Discretization.Apply(kind, lambda - h, step).ABar) / (2 * h);
        var dG = (Discretization.Apply(kind, lambda + h, step).Gamma - Discretization.Apply(kind, lambda - h, step).Gamma) / (2 * h);
        var dAi = (Discretization.Apply(kind, lambda + Complex.ImaginaryOne * h, step).ABar - Discretization.Apply(kind, lambda - Complex.ImaginaryOne * h, step).ABar) / (2 * h * Complex.ImaginaryOne);
        double hs = 1e-6 * step;
        var dAs = (Discretization.Apply(kind, lambda, step + hs).ABar - Discretization.Apply(kind, lambda, step - hs).ABar) / (2 * hs);
        var dGs = (Discretization.Apply(kind, lambda, step + hs).Gamma - Discretization.Apply(kind, lambda, step - hs).Gamma) / (2 * hs);
        Assert.True(Complex.Abs(dA - m.DABarDLambda) < 1e-7 * Math.Max(1, Complex.Abs(m.DABarDLambda)), $"dA/dlambda {dA} vs {m.DABarDLambda}");
        Assert.True(Complex.Abs(dAi - m.DABarDLambda) < 1e-7 * Math.Max(1, Complex.Abs(m.DABarDLambda)), "A_bar is holomorphic");
        Assert.True(Complex.Abs(dG - m.DGammaDLambda) < 1e-6 * Complex.Abs(m.DGammaDLambda), $"dgamma/dlambda {dG} vs {m.DGammaDLambda}");
        Assert.True(Complex.Abs(dAs - m.DABarDStep) < 1e-6 * Math.Max(1, Complex.Abs(m.DABarDStep)), $"dA/dDelta {dAs} vs {m.DABarDStep}");
        Assert.True(Complex.Abs(dGs - m.DGammaDStep) < 1e-6 * Math.Max(1, Complex.Abs(m.DGammaDStep)), $"dgamma/dDelta {dGs} vs {m.DGammaDStep}");
    }

    [Fact]
    public void When_StepTimesLambdaCrossesTheSeriesThreshold_Expect_ZohSeriesAndClosedFormAgree()
    {
        // Below |Delta lambda| = 1e-5 gamma and dgamma/dlambda come from their Taylor series (no cancellation in exp(z) - 1).
        var lambda = new Complex(-0.6, 0.8); // |lambda| = 1
        const double stepBelow = 0.999999e-5, stepAbove = 1.000001e-5;
        var below = Discretization.Derivatives(DiscretizationKind.ZeroOrderHold, lambda, stepBelow);
        var above = Discretization.Derivatives(DiscretizationKind.ZeroOrderHold, lambda, stepAbove);
        // gamma / Delta and (dgamma/dlambda) / Delta^2 are smooth functions of z = Delta lambda (1 and 1/2 at z = 0).
        Assert.True(Complex.Abs(below.Gamma / stepBelow - above.Gamma / stepAbove) < 1e-9);
        Assert.True(Complex.Abs(below.DGammaDLambda / (stepBelow * stepBelow) - above.DGammaDLambda / (stepAbove * stepAbove)) < 1e-5,
            $"series {below.DGammaDLambda / (stepBelow * stepBelow)} vs closed form {above.DGammaDLambda / (stepAbove * stepAbove)}");
    }

    [Fact]
    public void When_S4dInitialized_Expect_ThePapersEigenvalues()
    {
        // Gu et al. 2022: S4D-Lin lambda_n = -1/2 + i pi n; S4D-Inv with N = 2M = 4: n = 0 -> 4/pi (4 - 1), n = 1 -> 4/pi (4/3 - 1).
        var lin = new S4dInitialization(S4dEigenvalues.Lin).Create(1, 3, 1, DiscretizationKind.ZeroOrderHold, 1);
        var inv = new S4dInitialization(S4dEigenvalues.Inv).Create(1, 2, 1, DiscretizationKind.ZeroOrderHold, 1);
        for (int n = 0; n < 3; n++) Assert.Equal(new Complex(-0.5, Math.PI * n), lin.Lambda(n));
        Assert.Equal(12 / Math.PI, inv.ImagA[0], 12);
        Assert.Equal(4 / (3 * Math.PI), inv.ImagA[1], 12);
        Assert.Equal(-0.5, inv.Lambda(1).Real, 15);
        Assert.All(lin.LogStep, s => Assert.InRange(Math.Exp(s), 1e-3, 0.1));
        Assert.All(lin.BRe, b => Assert.Equal(1.0, b)); // one input channel: B = 1
    }
}
