using System.Numerics;
using Xbar.Behavioral.Networks;
using Xbar.Behavioral.Networks.StateSpace;

namespace Xbar.Behavioral.Tests.Networks.StateSpace;

public sealed class ExpandedSsmTests
{
    [Fact]
    public void When_OneKnownMode_Expect_TheRotationScalingBlock()
    {
        // A_bar = 0.6 + 0.3i acts on (Re x, Im x) as [[0.6, -0.3], [0.3, 0.6]]; B_bar = 2 - i; C = 1 + 2i; D = 0.5.
        var sys = new DiscreteSsm(1, 1, 1);
        sys.ARe[0] = 0.6; sys.AIm[0] = 0.3;
        sys.BRe[0] = 2; sys.BIm[0] = -1;
        sys.CRe[0] = 1; sys.CIm[0] = 2;
        sys.D[0] = 0.5;
        var m = ExpandedSsm.From(sys).Matrix;
        // C A_bar = (1 + 2i)(0.6 + 0.3i) = 0 + 1.5i; Re(C B_bar) + D = Re((1 + 2i)(2 - i)) + 0.5 = 4 + 0.5.
        double[,] expected = { { 0.6, -0.3, 2 }, { 0.3, 0.6, -1 }, { 0.0, -1.5, 4.5 } };
        for (int r = 0; r < 3; r++)
            for (int c = 0; c < 3; c++) Assert.Equal(expected[r, c], m[r, c], 14);
    }

    [Theory]
    [InlineData(1, 1, 1)]
    [InlineData(3, 4, 2)]
    [InlineData(2, 7, 5)]
    public void When_ExpandedMatrixMultiplies_Expect_ComplexArithmeticOfOneStep(int inputs, int states, int outputs)
    {
        var sys = SsmTestData.Layer(inputs, states, outputs, DiscretizationKind.Bilinear, seed: 7 * states).Discretize();
        var expanded = ExpandedSsm.From(sys);
        Assert.Equal(2 * states + outputs, expanded.Rows);
        Assert.Equal(2 * states + inputs, expanded.Cols);
        var rng = new Random(states);
        var xPrev = Enumerable.Range(0, states).Select(_ => new Complex(rng.NextDouble() - 0.5, rng.NextDouble() - 0.5)).ToArray();
        var u = Enumerable.Range(0, inputs).Select(_ => rng.NextDouble() - 0.5).ToArray();
        var input = xPrev.Select(z => z.Real).Concat(xPrev.Select(z => z.Imaginary)).Concat(u).ToArray();
        var output = new double[expanded.Rows];
        new DenseMatrix(expanded.Matrix).Multiply(input, output);
        for (int n = 0; n < states; n++)
        {
            var x = sys.A(n) * xPrev[n];
            for (int h = 0; h < inputs; h++) x += sys.B(n, h) * u[h];
            Assert.Equal(x.Real, output[n], 13);
            Assert.Equal(x.Imaginary, output[states + n], 13);
        }
        for (int o = 0; o < outputs; o++)
        {
            double y = 0;
            for (int n = 0; n < states; n++)
            {
                var x = sys.A(n) * xPrev[n];
                for (int h = 0; h < inputs; h++) x += sys.B(n, h) * u[h];
                y += (sys.C(o, n) * x).Real;
            }
            for (int h = 0; h < inputs; h++) y += sys.D[o * inputs + h] * u[h];
            Assert.Equal(y, output[2 * states + o], 12);
        }
    }

    [Fact]
    public void When_Balanced_Expect_TheThreeBlocksToShareOneLargestEntry()
    {
        // S4D's B_bar is about Delta B: far below A_bar's ~1, so the plain expansion leaves it at the bottom of the range.
        var sys = new S4dInitialization().Create(3, 8, 2, DiscretizationKind.ZeroOrderHold, seed: 5).Discretize();
        var plain = ExpandedSsm.From(sys);
        var balanced = ExpandedSsm.Balanced(sys);
        int n2 = 16;
        double a = plain.BlockMaxAbs(0, n2, 0, n2);
        Assert.True(plain.BlockMaxAbs(0, n2, n2, plain.Cols) < 0.2 * a);
        Assert.Equal(a, balanced.BlockMaxAbs(0, n2, 0, n2));
        Assert.Equal(a, balanced.BlockMaxAbs(0, n2, n2, balanced.Cols), 12);
        Assert.Equal(a, balanced.BlockMaxAbs(n2, balanced.Rows, 0, balanced.Cols), 12);
    }
}
