using Xbar.Behavioral.Config;
using Xbar.Behavioral.Mapping;
using Xbar.Behavioral.Networks.Graph;
using Xbar.Behavioral.Networks.Graph.Operations;
using Xbar.Circuits.Cost;
using Xbar.Validation.Cost;
using Xbar.Validation.Networks;

namespace Xbar.Validation.Tests.Cost;

/// <summary>
/// The network cost against counts worked out by hand: a 5x5 convolution 3 -> 40 channels on 3x16x16 (a 75 x 40
/// matrix at 12 x 12 = 144 positions) and a dense 40 -> 10 layer, on 64 x 64-cell tiles of 64 x 32 weights
/// (differential pairs), 8-bit weights in 8 one-bit or 4 two-bit slices.
/// </summary>
public sealed class NetworkCostTests
{
    private static NetworkGraph Graph()
    {
        var b = new GraphBuilder("cost test");
        var x = b.Input("image", 3, 16, 16);
        var h = b.Add(Elementwise.Relu(), b.Add(new Conv2d(new double[40 * 75], 40, 3, new SpatialWindow(5, 5)), x));
        return b.Output(b.Add(new Dense(new double[400], 10, 40), b.Add(new Flatten(), b.Add(new Pool(PoolKind.GlobalAverage), h)))).Build();
    }

    /// <summary>A tile cost model with round figures: per MVM drivers 1 pJ, cells 2, wires 3, TIAs 4, 5 pJ per converted column, 6 pJ per accumulate; 10 ns.</summary>
    private sealed class RoundFigures : ITileCostModel
    {
        public MvmCost Mvm(TileCostConfig tile, InputStatistics inputs) => new(
            new EnergyBreakdown(1e-12, 2e-12, 3e-12, 4e-12, tile.Arr.Cols * 5e-12, tile.Arr.Cols * 6e-12),
            new LatencyBreakdown(1e-9, 2e-9, 7e-9));
    }

    private static NetworkCost Cost(string preset, ITileCostModel model, LayerSchedule schedule)
    {
        var cells = CellSlicing.Resolve(TilePresets.Get(preset), null, 8);
        var map = TileMapper.Map(GraphPasses.Optimize(Graph()), cells.Config, cells.Geometry, cells.Slicing);
        var tile = NetworkTileCost.Of(model, NetworkTileCost.For(cells.Config, new TileCostConfig()), cells.Geometry.Outputs, InputStatistics.Dense);
        return NetworkCost.Of(map, tile, schedule, InputStatistics.Dense);
    }

    [Fact]
    public void When_SmallNetworkIsCosted_Expect_TileReadsAndConversionsTimesThePerOperationFigures()
    {
        var cost = Cost("mtj1bit", new RoundFigures(), LayerSchedule.Sequential);
        // Conv: ceil(75/64) x ceil(40/32) = 4 blocks x 8 slices = 32 tiles, read at 144 positions; every slice
        // tile of the two row blocks converts its 40 weight columns: 144 x 8 x 2 x 40. Dense: 1 block x 8 slices, 1 MVM, 8 x 10.
        long[] reads = [144 * 32, 8], conversions = [144L * 8 * 2 * 40, 8 * 10], mvms = [144, 1];
        Assert.Equal(reads, cost.Layers.Select(l => l.Map.TileReadsPerInference));
        Assert.Equal(conversions, cost.Layers.Select(l => l.Map.AdcConversionsPerInference));
        for (int l = 0; l < 2; l++)
        {
            double expected = reads[l] * (1 + 2 + 3 + 4) * 1e-12 + conversions[l] * (5 + 6) * 1e-12;
            Assert.Equal(expected, cost.Layers[l].Energy.Total, expected * 1e-12);
            Assert.Equal(mvms[l] * 10e-9, cost.Layers[l].LatencyS, 1e-18);
        }
        double total = (reads.Sum() * 10 + conversions.Sum() * 11) * 1e-12;
        Assert.Equal(total, cost.EnergyJ, total * 1e-12);
        Assert.Equal(conversions.Sum() * 5e-12, cost.Energy.Adc, 1e-18);
        Assert.Equal(145 * 10e-9, cost.LatencyS, 1e-18);
        Assert.Equal(144 * 10e-9, Cost("mtj1bit", new RoundFigures(), LayerSchedule.Pipelined).LatencyS, 1e-18);
        Assert.Equal(cost.EnergyJ * cost.LatencyS, cost.EdpJs, 1e-30);
        double ops = 2.0 * (144 * 3000 + 400);
        Assert.Equal(ops / total / 1e12, cost.TopsPerW, 1e-9);
        Assert.Equal(40 * cost.Tile.Area.Total, cost.AreaM2, cost.AreaM2 * 1e-12);
    }

    [Fact]
    public void When_TilesConvertOnlyTheirWeightColumns_Expect_OneAdcAndShiftAddPerPair()
    {
        var cost = Cost("mtj1bit", new RoundFigures(), LayerSchedule.Sequential);
        var full = TileAreaModel.Of(cost.Tile.Tile);
        Assert.Equal(32, cost.Tile.ConvertedColumns);
        Assert.Equal(full.Adc / 2, cost.Tile.Area.Adc, full.Adc * 1e-12);
        Assert.Equal(full.ShiftAdd / 2, cost.Tile.Area.ShiftAdd, full.ShiftAdd * 1e-12);
        Assert.Equal(full.Cells + full.Drivers + full.Tia, cost.Tile.Area.Cells + cost.Tile.Area.Drivers + cost.Tile.Area.Tia, full.Total * 1e-12);
        Assert.Equal(5e-12, cost.Tile.AdcPerConversion, 1e-24);
    }

    [Fact]
    public void When_CellsHoldTwoBits_Expect_HalfTheTilesTheCellAreaAndTheConversions()
    {
        var model = ShippedCostModel.Load();
        var one = Cost("mtj1bit", model, LayerSchedule.Sequential);
        var two = Cost("mtj2bit", model, LayerSchedule.Sequential);
        Assert.Equal(40, one.Map.TotalTiles);
        Assert.Equal(20, two.Map.TotalTiles);
        double Cells(NetworkCost c) => c.Map.TotalTiles * c.Tile.Area.Cells;
        Assert.Equal(Cells(one) / 2, Cells(two), Cells(one) * 1e-12);
        Assert.Equal(one.Map.TotalAdcConversions, 2 * two.Map.TotalAdcConversions);
        // The same cell footprint and ADC: a conversion costs the same on either cell, so the ADC energy halves exactly.
        Assert.Equal(one.Tile.AdcPerConversion, two.Tile.AdcPerConversion, one.Tile.AdcPerConversion * 1e-12);
        Assert.Equal(one.Energy.Adc / 2, two.Energy.Adc, one.Energy.Adc * 1e-12);
        Assert.Equal(AdcModel.For(AdcKind.Flash).EnergyPerConversion(8), one.Tile.AdcPerConversion, one.Tile.AdcPerConversion * 1e-9);
    }

    [Fact]
    public void When_TileHasNoCostCell_Expect_InvalidInputNamingIt()
    {
        var e = Assert.Throws<InvalidInputException>(() => NetworkTileCost.For(TilePresets.Get("ideal"), new TileCostConfig()));
        Assert.Contains("ideal", e.Message);
    }
}
