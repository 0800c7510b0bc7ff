using Xbar.Devices.Linear;

namespace Xbar.Devices.Tests.Linear;

public class LinearCellArrayTests
{
    [Fact]
    public void When_ConductancesGiven_Expect_OhmsLaw()
    {
        var a = new LinearCellArray(new[,] { { 1e-6, 2e-6, 0 }, { 4e-6, 5e-6, 6e-6 } });
        Assert.Equal(2, a.Rows);
        Assert.Equal(3, a.Cols);
        Assert.True(a.IsLinear);
        Assert.Equal(0.2 * 6e-6, a.Current(1, 2, 0.2), 15);
        Assert.Equal(5e-6, a.Conductance(1, 1, 0.7));
    }

    [Fact]
    public void When_RowRead_Expect_ThatRowsConductancesInColumnOrder()
    {
        var a = new LinearCellArray(new[,] { { 1e-6, 2e-6, 0 }, { 4e-6, 5e-6, 6e-6 } });
        Assert.Equal(new[] { 1e-6, 2e-6, 0 }, a.Row(0).ToArray());
        Assert.Equal(new[] { 4e-6, 5e-6, 6e-6 }, a.Row(1).ToArray());
    }

    [Fact]
    public void When_RowPartCopiedWithStride_Expect_ThoseColumnsAtTheStridedPlacesOnly()
    {
        var a = new LinearCellArray(new[,] { { 1e-6, 2e-6, 0 }, { 4e-6, 5e-6, 6e-6 } });
        var target = new double[8];
        Array.Fill(target, -1);
        a.CopyRow(1, 1, 3, target, 2, 3); // columns 1 and 2 of row 1 at 2 and 5
        Assert.Equal(new[] { -1, -1, 5e-6, -1, -1, 6e-6, -1, -1 }, target);
    }

    [Fact]
    public void When_SourceMatrixChangedAfterwards_Expect_ArrayUnchanged()
    {
        var g = new[,] { { 1e-6 } };
        var a = new LinearCellArray(g);
        g[0, 0] = 9;
        Assert.Equal(1e-6, a.ConductanceOf(0, 0));
    }

    [Theory]
    [InlineData(-1e-6)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void When_ConductanceInvalid_Expect_ErrorNamingCell(double bad)
    {
        var e = Assert.Throws<InvalidInputException>(() => new LinearCellArray(new[,] { { 1e-6, 1e-6 }, { 1e-6, bad } }));
        Assert.Contains("cell (1, 1)", e.Message);
    }

    [Fact]
    public void When_Empty_Expect_Error()
    {
        var e = Assert.Throws<InvalidInputException>(() => new LinearCellArray(new double[0, 3]));
        Assert.Contains("empty", e.Message);
    }

    [Fact]
    public void When_SpiceWritten_Expect_ResistorOfInverseConductanceAndOpenForZero()
    {
        var a = new LinearCellArray(new[,] { { 4e-6, 0 } });
        Assert.Empty(a.SpiceDefinitions());
        Assert.Equal("Rc00 wl bl 250000", Assert.Single(a.SpiceInstance("c00", "wl", "bl", 0, 0)));
        Assert.StartsWith("*", Assert.Single(a.SpiceInstance("Rc01", "wl", "bl", 0, 1)));
    }
}
