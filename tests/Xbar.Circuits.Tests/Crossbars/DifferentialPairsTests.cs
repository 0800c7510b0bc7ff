using Xbar.Circuits.Crossbars;
using Xbar.Circuits.Nodal;
using Xbar.Circuits.Tests.Nodal;

namespace Xbar.Circuits.Tests.Crossbars;

public class DifferentialPairsTests
{
    [Fact]
    public void When_IdealCrossbarWithSignedWeights_Expect_PairDifferencesEqualScaledWeightedSum()
    {
        var rng = new Random(3);
        const int m = 9, n = 4;
        var w = new double[m, n];
        for (int i = 0; i < m; i++) for (int k = 0; k < n; k++) w[i, k] = 2 * rng.NextDouble() - 1;
        var g = DifferentialPairs.Conductances(w, 1e-6, 1e-4);
        double scale = DifferentialPairs.Scale(w, 1e-6, 1e-4);
        var v = Enumerable.Range(0, m).Select(_ => 0.2 * rng.NextDouble()).ToArray();
        var s = new NodalCrossbarSolver().Solve(new CrossbarSpec(m, 2 * n, 0, 0, differentialColumns: true), new OhmicTestCells(g), v);
        for (int k = 0; k < n; k++)
        {
            double expected = 0;
            for (int i = 0; i < m; i++) expected += scale * w[i, k] * v[i];
            Assert.Equal(expected, s.DifferentialCurrents![k], 1e-12 * Math.Abs(expected) + 1e-20);
        }
    }

    [Fact]
    public void When_ConductanceRangeIsInverted_Expect_InvalidInput()
    {
        Assert.Throws<InvalidInputException>(() => DifferentialPairs.Conductances(new double[1, 1], 1e-4, 1e-6));
    }
}
