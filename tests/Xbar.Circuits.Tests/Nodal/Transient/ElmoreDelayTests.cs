using Xbar.Circuits.Crossbars;
using Xbar.Circuits.Nodal.Transient;
using Xbar.Devices.Linear;

namespace Xbar.Circuits.Tests.Nodal.Transient;

/// <summary>
/// The delay of an RC line against Elmore's (W. C. Elmore, "The transient response of damped linear
/// networks with particular regard to wideband amplifiers", J. Appl. Phys. 19, 55 (1948)): for a
/// step into an RC tree, the first moment of the response at a node, integral of (1 - v(t)/v_final),
/// is the Elmore delay sum_k R_k C_k (R_k the resistance the node shares with capacitor k's path to
/// the source). Here one word line of N cells driven through R_d, segments R_w, C per node:
/// T_D(far end) = R_d N C + R_w C N (N - 1) / 2. The line is watched through cells of 1 nS, whose
/// column current is the node voltage times G (their loading changes T_D by ~1e-7).
/// </summary>
public class ElmoreDelayTests
{
    [Theory]
    [InlineData(1000.0, 10.0, 50)]   // driver-dominated: a single pole
    [InlineData(10.0, 50.0, 40)]     // wire-dominated: a distributed line
    public void When_StepDrivesAnRcLine_Expect_MeanDelayOfTheFarEndEqualsElmoreWithin10Percent(double rDriver, double rWire, int n)
    {
        const double c = 1e-15, rise = 1e-15;
        double elmore = rDriver * n * c + rWire * c * n * (n - 1) / 2.0;
        var spec = new TransientCrossbarSpec(new CrossbarSpec(1, n, rWire, 1.0, rDriver), c, 0);
        var g = new double[1, n];
        for (int j = 0; j < n; j++) g[0, j] = 1e-9;
        var result = new CrossbarTransientSolver().Run(spec, new LinearCellArray(g), WordLineDrive.Amplitude([0.2], rise),
            new TransientOptions(elmore / 400, 25 * elmore));
        var far = result.Column(n - 1);
        double final = far[^1], meanDelay = 0;
        for (int k = 1; k < far.Length; k++)
            meanDelay += 0.5 * ((1 - far[k] / final) + (1 - far[k - 1] / final)) * (result.Time[k] - result.Time[k - 1]);
        meanDelay -= rise / 2; // the ramp's own first moment
        Assert.True(Math.Abs(meanDelay / elmore - 1) < 0.10, $"mean delay {meanDelay:g4} s, Elmore {elmore:g4} s");
    }
}
