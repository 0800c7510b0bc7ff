using System.Numerics;
using Xbar.Behavioral.Networks.StateSpace;

namespace Xbar.Behavioral.Tests.Networks.StateSpace;

public sealed class S4dLayerTests
{
    [Theory]
    [InlineData(DiscretizationKind.ZeroOrderHold, 1, 4, 1)]
    [InlineData(DiscretizationKind.ZeroOrderHold, 3, 6, 2)]
    [InlineData(DiscretizationKind.Bilinear, 2, 5, 3)]
    public void When_RecurrentAndConvolutionalFormsRunTheSameSystem_Expect_TheSameOutputs(DiscretizationKind kind, int inputs, int states, int outputs)
    {
        var sys = SsmTestData.Layer(inputs, states, outputs, kind, seed: 10 * inputs + states).Discretize();
        const int batch = 3, steps = 80;
        var u = SsmTestData.Sequence(batch, steps, inputs, seed: 5);
        var recurrent = sys.Run(u, batch, steps).Output;
        var convolutional = sys.Convolve(u, batch, steps);
        double scale = SsmTestData.MaxAbs(recurrent);
        Assert.True(scale > 0.1, "the test needs non-trivial outputs");
        Assert.True(SsmTestData.MaxAbsDiff(recurrent, convolutional) < 1e-12 * scale,
            $"recurrent vs convolutional: {SsmTestData.MaxAbsDiff(recurrent, convolutional):E2} (scale {scale:F3})");
    }

    [Fact]
    public void When_RecurrenceComparedWithComplexArithmetic_Expect_TheSameStatesAndOutputs()
    {
        // The stacked real buffers and the BLAS products against a plain System.Numerics.Complex loop.
        var sys = SsmTestData.Layer(2, 3, 2, DiscretizationKind.ZeroOrderHold, seed: 3).Discretize();
        const int steps = 12;
        var u = SsmTestData.Sequence(1, steps, 2, seed: 9);
        var trace = sys.Run(u, 1, steps);
        var x = new Complex[3];
        for (int t = 0; t < steps; t++)
        {
            for (int n = 0; n < 3; n++)
            {
                x[n] = sys.A(n) * x[n];
                for (int h = 0; h < 2; h++) x[n] += sys.B(n, h) * u[t * 2 + h];
                Assert.Equal(x[n].Real, trace.States[t * 6 + n], 12);
                Assert.Equal(x[n].Imaginary, trace.States[t * 6 + 3 + n], 12);
            }
            for (int o = 0; o < 2; o++)
            {
                double y = 0;
                for (int n = 0; n < 3; n++) y += (sys.C(o, n) * x[n]).Real;
                for (int h = 0; h < 2; h++) y += sys.D[o * 2 + h] * u[t * 2 + h];
                Assert.Equal(y, trace.Output[t * 2 + o], 12);
            }
        }
    }

    /// <summary>L = sum of w . y for fixed random weights w, so dL/dy = w.</summary>
    private static double Loss(S4dParameters p, double[] u, int batch, int steps, double[] w)
    {
        var y = S4dLayer.Forward(p, u, batch, steps).Output;
        double l = 0;
        for (int i = 0; i < y.Length; i++) l += w[i] * y[i];
        return l;
    }

    [Theory]
    [InlineData(DiscretizationKind.ZeroOrderHold)]
    [InlineData(DiscretizationKind.Bilinear)]
    public void When_GradientsComparedWithFiniteDifferences_Expect_AgreementForEveryParameter(DiscretizationKind kind)
    {
        const int inputs = 2, states = 3, outputs = 2, batch = 2, steps = 7;
        var p = SsmTestData.Layer(inputs, states, outputs, kind, seed: 21);
        var u = SsmTestData.Sequence(batch, steps, inputs, seed: 22);
        var w = SsmTestData.Sequence(batch, steps, outputs, seed: 23);
        var forward = S4dLayer.Forward(p, u, batch, steps);
        var (grad, du) = S4dLayer.Backward(p, forward, w);

        const double h = 1e-6;
        var arrays = p.Arrays;
        var gradArrays = grad.Arrays;
        for (int a = 0; a < arrays.Count; a++)
        {
            var values = arrays[a].Values;
            for (int k = 0; k < values.Length; k++)
            {
                double keep = values[k];
                values[k] = keep + h; double lp = Loss(p, u, batch, steps, w);
                values[k] = keep - h; double lm = Loss(p, u, batch, steps, w);
                values[k] = keep;
                double numeric = (lp - lm) / (2 * h), analytic = gradArrays[a].Values[k];
                Assert.True(Math.Abs(numeric - analytic) < 1e-6 * Math.Max(1, Math.Abs(numeric)),
                    $"{arrays[a].Name}[{k}]: analytic {analytic:R}, finite difference {numeric:R}");
            }
        }
        for (int k = 0; k < u.Length; k++)
        {
            double keep = u[k];
            u[k] = keep + h; double lp = Loss(p, u, batch, steps, w);
            u[k] = keep - h; double lm = Loss(p, u, batch, steps, w);
            u[k] = keep;
            double numeric = (lp - lm) / (2 * h);
            Assert.True(Math.Abs(numeric - du[k]) < 1e-6 * Math.Max(1, Math.Abs(numeric)), $"du[{k}]: analytic {du[k]:R}, finite difference {numeric:R}");
        }
    }

    [Fact]
    public void When_QuantizationAwareForward_Expect_ItRunsTheQuantizedSystemAndBlocksClippedGradients()
    {
        var p = SsmTestData.Layer(2, 4, 2, DiscretizationKind.ZeroOrderHold, seed: 31);
        var q = new SsmQuantization(FixedRangeQuantizer.ForBits(3, 1.0), FixedRangeQuantizer.ForBits(3, 0.25), FixedRangeQuantizer.ForBits(3, 0.5));
        const int batch = 2, steps = 9;
        var u = SsmTestData.Sequence(batch, steps, 2, seed: 32);
        var forward = S4dLayer.Forward(p, u, batch, steps, q);
        var expected = q.Apply(p.Discretize()).Run(u, batch, steps).Output;
        Assert.Equal(expected, forward.Output);
        var w = SsmTestData.Sequence(batch, steps, 2, seed: 33);
        var quantizedGrad = forward.Run.Backward(forward.Trace, w).System;
        var passed = q.StraightThrough(forward.System, quantizedGrad);
        bool anyClipped = false;
        for (int k = 0; k < forward.System.CRe.Length; k++)
        {
            bool inside = Math.Abs(forward.System.CRe[k]) <= 0.5;
            anyClipped |= !inside;
            Assert.Equal(inside ? quantizedGrad.CRe[k] : 0.0, passed.CRe[k]);
        }
        Assert.True(anyClipped, "the test needs a C entry beyond the range");
    }
}
