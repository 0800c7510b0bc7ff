using Xbar.Devices.Arrays;
using Xbar.Devices.Mtj;
using Xbar.Devices.NonIdealities;

namespace Xbar.Devices.Tests.Arrays;

public class ProgrammingReproducibilityTests
{
    private static readonly DeviceNonIdealities AllOn = new()
    {
        Spread = new DeviceSpread { SigmaLnResistance = 0.05, SigmaLnTmr = 0.05 },
        Programming = new GranularProgrammingError { Grains = 50 },
        Offsets = new StateOffsets { SigmaNl = 50, SigmaPerp = 30 },
    };

    public static TheoryData<string> Devices => new(DeviceCatalog.Names);

    [Theory]
    [MemberData(nameof(Devices))]
    public void When_SameSeed_Expect_BitIdenticalArrays(string name)
    {
        var model = DeviceCatalog.Create(name, 4);
        var states = RandomStates(7, 9, 4, 3);
        var a = CellArrayFactory.Program(model, states, AllOn, 42);
        var b = CellArrayFactory.Program(model, states, AllOn, 42);
        var c = CellArrayFactory.Program(model, states, AllOn, 43);
        bool anyDifferent = false;
        for (int i = 0; i < 7; i++)
            for (int j = 0; j < 9; j++)
            {
                Assert.Equal(BitConverter.DoubleToInt64Bits(a.Current(i, j, 0.2)), BitConverter.DoubleToInt64Bits(b.Current(i, j, 0.2)));
                Assert.Equal(a.SpiceInstance("c", "p", "n", i, j), b.SpiceInstance("c", "p", "n", i, j));
                anyDifferent |= a.Current(i, j, 0.2) != c.Current(i, j, 0.2);
            }
        Assert.True(anyDifferent);
    }

    [Theory]
    [MemberData(nameof(Devices))]
    public void When_Ideal_Expect_EveryCellIsTheNominalState(string name)
    {
        var model = DeviceCatalog.Create(name, 4);
        var states = RandomStates(5, 6, 4, 1);
        var array = CellArrayFactory.Program(model, states, DeviceNonIdealities.Ideal, 9);
        Assert.Equal(model.IsLinear, array.IsLinear);
        for (int i = 0; i < 5; i++)
            for (int j = 0; j < 6; j++)
                foreach (double v in new[] { 0.05, 0.4, 1.0 })
                {
                    Assert.Equal(model.Current(v, states[i, j]), array.Current(i, j, v), 15);
                    Assert.Equal(model.Conductance(v, states[i, j]), array.Conductance(i, j, v), 15);
                }
    }

    [Fact]
    public void When_OneNonIdealityAdded_Expect_OtherDrawsUnchanged()
    {
        var model = new MtjDevice();
        var states = RandomStates(10, 10, 4, 2);
        var spreadOnly = new DeviceNonIdealities { Spread = new DeviceSpread { SigmaLnTmr = 0.1 } };
        var both = spreadOnly with { Programming = new GaussianProgrammingError { SigmaSiemens = 1e-6 } };
        var a = (MtjCellArray)CellArrayFactory.Program(model, states, spreadOnly, 11);
        var b = (MtjCellArray)CellArrayFactory.Program(model, states, both, 11);
        for (int i = 0; i < 10; i++)
            for (int j = 0; j < 10; j++)
                Assert.Equal(a.Tmr0Of(i, j), b.Tmr0Of(i, j));
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(4)]
    public void When_StateOutOfRange_Expect_ErrorNamingCell(int bad)
    {
        var states = new int[2, 3];
        states[1, 2] = bad;
        var e = Assert.Throws<InvalidInputException>(() => CellArrayFactory.Program(new MtjDevice(), states));
        Assert.Contains("cell (1, 2)", e.Message);
        Assert.Contains("0..3", e.Message);
    }

    [Fact]
    public void When_StateMatrixEmpty_Expect_Error()
    {
        var e = Assert.Throws<InvalidInputException>(() => CellArrayFactory.Program(new MtjDevice(), new int[3, 0]));
        Assert.Contains("empty", e.Message);
    }

    [Fact]
    public void When_DeviceNameUnknown_Expect_ErrorListingNames()
    {
        var e = Assert.Throws<InvalidInputException>(() => DeviceCatalog.Create("fefet", 4));
        Assert.Contains("mtj, rram, pcm, linear", e.Message);
    }

    internal static int[,] RandomStates(int m, int n, int states, int seed)
    {
        var rng = new Random(seed);
        var s = new int[m, n];
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++)
                s[i, j] = rng.Next(states);
        return s;
    }
}
