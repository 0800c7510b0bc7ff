using Xbar.Circuits.Crossbars;
using Xbar.Circuits.Nodal;

namespace Xbar.Circuits.Tests.Nodal;

/// <summary>
/// The warm-up's problems go through the code a large solve uses: the coarse space of the
/// two-level preconditioner on ohmic cells and Newton steps on MTJ cells; and it runs to the end.
/// </summary>
public class SolverWarmUpTests
{
    [Theory]
    [InlineData("linear")]
    [InlineData("mtj")]
    public void When_WarmUpProblemSolved_Expect_TheCoarseSpaceUsed(string device)
    {
        var spec = new CrossbarSpec(SolverWarmUp.Size, SolverWarmUp.Size, SolverWarmUp.WireResistance, SolverWarmUp.WireResistance);
        var input = StandardCrossbarProblem.Inputs(1, SolverWarmUp.Size, seed: 1);
        var row = new double[SolverWarmUp.Size];
        for (int i = 0; i < row.Length; i++) row[i] = input[0, i];
        var solution = new NodalCrossbarSolver().Solve(spec, StandardCrossbarProblem.Cells(SolverWarmUp.Size, device, seed: 1), row);
        Assert.True(solution.CoarseSize > 0, $"coarse size {solution.CoarseSize}");
        if (device == "mtj") Assert.True(solution.NewtonIterations >= 2, $"Newton steps {solution.NewtonIterations}");
    }

    [Fact]
    public void When_StartedInTheBackground_Expect_ItFinishes()
    {
        Assert.True(SolverWarmUp.Start().Join(TimeSpan.FromMinutes(1)));
    }
}
