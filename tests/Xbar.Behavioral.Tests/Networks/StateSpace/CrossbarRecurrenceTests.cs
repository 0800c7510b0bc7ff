using System.Numerics;
using Xbar.Behavioral.Networks;
using Xbar.Behavioral.Networks.StateSpace;

namespace Xbar.Behavioral.Tests.Networks.StateSpace;

public sealed class CrossbarRecurrenceTests
{
    [Theory]
    [InlineData(1, 4, 1, 256, 256, false)]
    [InlineData(3, 6, 2, 4, 4, false)]  // the 14x15 matrix over 16 tiles: partial sums added digitally
    [InlineData(2, 5, 3, 5, 3, false)]
    [InlineData(3, 6, 2, 4, 4, true)]   // with the digital input and output gains of the balanced expansion
    public void When_ExactTilesRunTheRecurrence_Expect_TheFloatRecurrence(int inputs, int states, int outputs, int tileIn, int tileOut, bool balanced)
    {
        var sys = SsmTestData.Layer(inputs, states, outputs, DiscretizationKind.ZeroOrderHold, seed: states).Discretize();
        const int batch = 4, steps = 60;
        var u = SsmTestData.Sequence(batch, steps, inputs, seed: 2);
        var expanded = balanced ? ExpandedSsm.Balanced(sys) : ExpandedSsm.From(sys);
        Assert.Equal(balanced, expanded.InputGain != 1 && expanded.OutputGain != 1);
        var tiles = TiledMatrix.Program(expanded.Matrix, new TileGeometry(tileIn, tileOut), ExactTileProgrammer.Instance);
        var onTiles = CrossbarRecurrence.Run(tiles, expanded, u, batch, steps);
        var reference = sys.Run(u, batch, steps);
        Assert.True(SsmTestData.MaxAbsDiff(onTiles.States, reference.States) < 1e-12, $"states differ by {SsmTestData.MaxAbsDiff(onTiles.States, reference.States):E2}");
        Assert.True(SsmTestData.MaxAbsDiff(onTiles.Output, reference.Output) < 1e-12, $"outputs differ by {SsmTestData.MaxAbsDiff(onTiles.Output, reference.Output):E2}");
    }

    /// <summary>The exact product plus a constant offset on every output: a systematic error made anew at every step.</summary>
    private sealed class OffsetMatrix(double[,] w, double[] offset) : IProgrammedMatrix
    {
        private readonly DenseMatrix _exact = new(w);
        public int Outputs => _exact.Outputs;
        public int Inputs => _exact.Inputs;

        public void Multiply(ReadOnlySpan<double> x, Span<double> y)
        {
            _exact.Multiply(x, y);
            for (int i = 0; i < y.Length; i++) y[i] += offset[i];
        }
    }

    [Fact]
    public void When_EveryStepAddsTheSameStateError_Expect_TheErrorToAccumulateAsTheGeometricSum()
    {
        // e_t = A_bar e_(t-1) + delta  =>  e_t = (1 - A_bar^t) / (1 - A_bar) delta: the error is fed back and decays with the mode.
        var sys = new DiscreteSsm(1, 2, 1);
        sys.ARe[0] = 0.9; sys.AIm[0] = 0.2;
        sys.ARe[1] = -0.5; sys.AIm[1] = 0.6;
        sys.BRe[0] = 1; sys.BRe[1] = 0.5; sys.BIm[1] = -0.3;
        sys.CRe[0] = 1; sys.CIm[1] = 1;
        var expanded = ExpandedSsm.From(sys);
        var delta = new[] { new Complex(1e-3, -2e-3), new Complex(-5e-4, 1e-3) };
        var offset = new double[] { delta[0].Real, delta[1].Real, delta[0].Imaginary, delta[1].Imaginary, 0 };
        const int steps = 40;
        var u = SsmTestData.Sequence(1, steps, 1, seed: 8);
        var run = CrossbarRecurrence.Run(new OffsetMatrix(expanded.Matrix, offset), expanded, u, 1, steps);
        var reference = sys.Run(u, 1, steps);
        for (int t = 1; t <= steps; t++)
            for (int n = 0; n < 2; n++)
            {
                var a = sys.A(n);
                var expected = (1 - Complex.Pow(a, t)) / (1 - a) * delta[n];
                var got = new Complex(run.States[(t - 1) * 4 + n] - reference.States[(t - 1) * 4 + n],
                                      run.States[(t - 1) * 4 + 2 + n] - reference.States[(t - 1) * 4 + 2 + n]);
                Assert.True(Complex.Abs(got - expected) < 1e-13, $"step {t}, mode {n}: error {got}, expected {expected}");
            }
    }

    [Fact]
    public void When_MatrixShapeDoesNotFitTheSystem_Expect_ArgumentException()
    {
        var m = new DenseMatrix(new double[5, 4]);
        Assert.Throws<ArgumentException>(() => CrossbarRecurrence.Run(m, 2, 1, 1, new double[3], 1, 3));
    }

    [Fact]
    public void When_DriftMeasuredOnExactAndOffsetMatrices_Expect_ZeroAndTheGeometricSum()
    {
        var sys = new DiscreteSsm(1, 1, 1);
        sys.ARe[0] = 0.8; sys.BRe[0] = 1; sys.CRe[0] = 1;
        const int steps = 30;
        var u = SsmTestData.Sequence(2, steps, 1, seed: 4);
        var exact = RecurrenceDrift.Measure(sys, u, 2, steps, RecurrenceDrift.OnTiles(ExactTileProgrammer.Instance, new TileGeometry(2, 2)), [1, 2]);
        Assert.All(exact, p => Assert.True(p.WorstStateError < 1e-14 && p.WorstOutputError < 1e-14));
        const double delta = 1e-3;
        var drift = RecurrenceDrift.Measure(sys, u, 2, steps,
            (m, _) => new OffsetMatrix(m, [delta, 0, 0]), [1]);
        var reference = sys.Run(u, 2, steps);
        double rmsNorm = Math.Sqrt(reference.States.Sum(v => v * v) / reference.States.Length * 2); // RMS of |x| with 2 real components
        for (int t = 1; t <= steps; t++)
            Assert.Equal((1 - Math.Pow(0.8, t)) / 0.2 * delta / rmsNorm, drift[t - 1].StateError, 10);
    }
}
