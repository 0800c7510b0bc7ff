using Xbar.Behavioral.Config;
using Xbar.Behavioral.Mapping;
using Xbar.Behavioral.Networks;
using Xbar.Behavioral.Networks.Graph;
using Xbar.Behavioral.Networks.Graph.Operations;

namespace Xbar.Behavioral.Tests.Mapping;

public sealed class TileMapTests
{
    private static double[] Zeros(int n) => new double[n];

    /// <summary>
    /// Conv 3 -> 10 channels 3x3 pad 1 on 8x8 (27 x 10 matrix, 64 output positions); a grouped conv 10 -> 6
    /// channels in 2 groups, 1x1, stride 2 (5 x 3 per group, 16 positions); dense 96 -> 7.
    /// </summary>
    private static NetworkGraph SmallNet()
    {
        var b = new GraphBuilder("small");
        var x = b.Input("x", 3, 8, 8);
        var c1 = b.Add(new Conv2d(Zeros(10 * 27), 10, 3, new SpatialWindow(3, 3, pads: [1, 1, 1, 1])), x);
        var c2 = b.Add(new Conv2d(Zeros(6 * 5), 6, 5, new SpatialWindow(1, 1, 2, 2), groups: 2), c1);
        return b.Output(b.Add(new Dense(Zeros(7 * 96), 7, 96), b.Add(new Flatten(), c2))).Build();
    }

    private static TileConfig Config(int rows, int cols, SignedMapping signed = SignedMapping.Differential) => TilePresets.Ideal() with
    {
        Array = new ArrayConfig(Rows: rows, Cols: cols, WireROhm: 0),
        Mapping = new MappingConfig(signed, QuantizationKind.None),
    };

    [Fact]
    public void When_SmallLayersAreMapped_Expect_NeuroSimCountsByHand()
    {
        // 16 x 8 cells, differential: 16 rows x 4 weight columns per tile; 8-bit weights on binary cells: 8 slices.
        var map = TileMapper.Map(SmallNet(), Config(16, 8), new TileGeometry(16, 4), new BitSlicing(8, 2));
        var (conv, grouped, dense) = (map.Layers[0], map.Layers[1], map.Layers[2]);
        // conv: ceil(27/16) = 2 x ceil(10/4) = 3 blocks x 8 slices.
        Assert.Equal((27, 10, 1, 2, 3, 48), (conv.MatrixRows, conv.MatrixCols, conv.Groups, conv.BlockCols, conv.BlockRows, conv.Tiles));
        Assert.Equal(64, conv.MvmsPerInference);
        Assert.Equal(64L * 48, conv.TileReadsPerInference);
        // Each MVM converts every weight column of every tile: 2 block columns x 10 columns x 8 slices.
        Assert.Equal(64L * 2 * 10 * 8, conv.AdcConversionsPerInference);
        Assert.Equal(64L * 270, conv.MacsPerInference);
        // Two cells per weight in every slice; 48 tiles of 128 cells.
        Assert.Equal(2L * 270 * 8, conv.CellsUsed);
        Assert.Equal(48L * 128, conv.Cells);
        Assert.Equal(2.0 * 270 * 8 / (48 * 128), conv.Utilization, 15);
        // grouped: 2 groups x ceil(5/16) = 1 x ceil(3/4) = 1 x 8 slices; 4 x 4 output positions.
        Assert.Equal((5, 3, 2, 16), (grouped.MatrixRows, grouped.MatrixCols, grouped.Groups, grouped.Tiles));
        Assert.Equal(16, grouped.MvmsPerInference);
        Assert.Equal(16L * 2 * 1 * 3 * 8, grouped.AdcConversionsPerInference);
        // dense: ceil(96/16) = 6 x ceil(7/4) = 2 x 8 slices; one MVM.
        Assert.Equal((96, 7, 96), (dense.MatrixRows, dense.MatrixCols, dense.Tiles));
        Assert.Equal(1, dense.MvmsPerInference);
        Assert.Equal(6L * 7 * 8, dense.AdcConversionsPerInference);
        Assert.Equal(48 + 16 + 96, map.TotalTiles);
        Assert.Equal(64 + 16 + 1, map.TotalMvms);
    }

    [Fact]
    public void When_TwoBitCellsHoldEightBitWeights_Expect_HalfTheTilesOfBinaryCells()
    {
        var graph = SmallNet();
        int Tiles(int states) => TileMapper.Map(graph, Config(16, 8), new TileGeometry(16, 4), new BitSlicing(8, states)).TotalTiles;
        Assert.Equal(Tiles(2), 2 * Tiles(4));
        // A whole weight per cell: one tile per block.
        Assert.Equal(Tiles(2) / 8, TileMapper.Map(graph, Config(16, 8), new TileGeometry(16, 4), null).TotalTiles);
    }

    [Fact]
    public void When_MappedTilesAreProgrammed_Expect_TheExecutorsTileCount()
    {
        var graph = SmallNet();
        var geometry = new TileGeometry(16, 4);
        var slicing = new BitSlicing(4, 4);
        var exec = new GraphExecutor(graph, new TileBackend(new BitSlicedProgrammer(ExactTileProgrammer.Instance, slicing), geometry, seed: 1));
        var map = TileMapper.Map(graph, Config(16, 8), geometry, slicing);
        Assert.Equal(map.TotalTiles, exec.TileCount);
        for (int l = 0; l < 3; l++)
            Assert.Equal(map.Layers[l].Tiles, exec.Products(l).Sum(p => ((TiledMatrix)p).TileCount));
    }

    [Fact]
    public void When_ReferenceColumnAndBitSerialInputs_Expect_OneCellPerWeightPlusReferenceAndOneReadPerBit()
    {
        var config = Config(16, 8, SignedMapping.Reference) with { Input = new InputConfig(InputEncoding.BitSerial, DacBits: 6) };
        var map = TileMapper.Map(SmallNet(), config, new TileGeometry(16, 7), null);
        var dense = map.Layers[2];
        // 96 x 7 in 6 blocks of 16 rows: each block 16 x 7 weights plus a 16-cell reference column.
        Assert.Equal(6L * 16 * (7 + 1), dense.CellsUsed);
        Assert.Equal(6 * 6L, dense.TileReadsPerInference);
        Assert.Equal(6L * 6 * 7, dense.AdcConversionsPerInference);
        Assert.Equal(1, map.CellColumnsPerWeightColumn);
    }
}
