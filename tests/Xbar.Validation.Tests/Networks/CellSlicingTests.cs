using Xbar.Behavioral.Config;
using Xbar.Validation.Networks;

namespace Xbar.Validation.Tests.Networks;

public sealed class CellSlicingTests
{
    [Fact]
    public void When_NoBitsAreGiven_Expect_TheWholeWeightOnOneCell()
    {
        var cells = CellSlicing.Resolve(TilePresets.Get("mtj4"), null, null);
        Assert.Null(cells.Slicing);
        Assert.Contains("whole weight", cells.Describe());
    }

    [Fact]
    public void When_CellBitsAreGiven_Expect_TwoToTheBUniformStatesAndEightBitWeights()
    {
        var cells = CellSlicing.Resolve(TilePresets.Get("mtj4"), 1, null);
        Assert.Equal(2, cells.Config.Device.States);
        Assert.Equal(QuantizationKind.Uniform, cells.Config.Mapping.Quantization);
        Assert.Equal((8, 8), (cells.Slicing!.WeightBits, cells.Slicing.Slices));
        var two = CellSlicing.Resolve(TilePresets.Get("mtj2bit"), null, 6);
        Assert.Equal((4, 3), (two.Slicing!.CellStates, two.Slicing.Slices));
    }

    [Fact]
    public void When_KMeansCellsOrTooManyBitsAreAsked_Expect_InvalidInput()
    {
        Assert.Throws<InvalidInputException>(() => CellSlicing.Resolve(TilePresets.Get("mtj4"), null, 8));
        Assert.Throws<InvalidInputException>(() => CellSlicing.Resolve(TilePresets.Get("mtj4"), 5, 8));
        Assert.Throws<InvalidInputException>(() => CellSlicing.Resolve(TilePresets.Get("mtj2bit"), 2, 30));
    }
}
