using Xbar.Devices.Arrays;
using Xbar.Devices.Mtj;

namespace Xbar.Devices.Tests.Arrays;

public class CellArrayExtensionsTests
{
    [Fact]
    public void When_MtjArrayViewedAsMatrices_Expect_LowBiasAndChordConductances()
    {
        var device = new MtjDevice();
        var states = new[,] { { 0, 1 }, { 2, 3 } };
        var array = CellArrayFactory.Program(device, states);
        var g0 = array.ConductanceMatrix();
        var chord = array.ChordConductanceMatrix(0.5);
        for (int i = 0; i < 2; i++)
            for (int j = 0; j < 2; j++)
            {
                Assert.Equal(device.NominalConductance(states[i, j]), g0[i, j], 15);
                Assert.Equal(device.Current(0.5, states[i, j]) / 0.5, chord[i, j], 15);
            }
        // Bias lowers TMR, so an AP-rich cell conducts more at 0.5 V than at low bias.
        Assert.True(chord[0, 0] > g0[0, 0]);
        Assert.Throws<ArgumentOutOfRangeException>(() => array.ChordConductanceMatrix(0));
    }

    [Fact]
    public void When_SpiceNameAlreadyHasElementLetter_Expect_NotDoubled()
    {
        Assert.Equal("Xc_0_1", SpiceName.With('X', "c_0_1"));
        Assert.Equal("xc", SpiceName.With('X', "xc"));
        Assert.Throws<ArgumentException>(() => SpiceName.With('R', "a b"));
    }
}
