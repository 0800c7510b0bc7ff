using Xbar.Behavioral.Config;
using Xbar.Behavioral.Mapping;
using Xbar.Behavioral.Networks;
using Xbar.Behavioral.Networks.Graph;
using Xbar.Behavioral.Networks.Graph.Operations;

namespace Xbar.Behavioral.Tests.Networks;

public sealed class ColumnCorrectionTests
{
    /// <summary>A tile that reads each output o at gain g_o with offset c_o: y = g (W x) + c, exactly.</summary>
    private sealed class AffineTiles(double[] gain, double[] offset) : ITileProgrammer
    {
        public string Name => "affine";
        public IProgrammedMatrix Program(double[,] w, TileContext context) => new DelegateMatrix(w.GetLength(0), w.GetLength(1), x =>
        {
            var y = new double[w.GetLength(0)];
            for (int o = 0; o < y.Length; o++)
            {
                for (int i = 0; i < x.Length; i++) y[o] += w[o, i] * x[i];
                y[o] = gain[o] * y[o] + offset[o];
            }
            return y;
        });
    }

    [Fact]
    public void When_TilesReadWithAGainAndOffsetPerColumn_Expect_TheCorrectionRestoresTheExactProduct()
    {
        var rng = new Random(1);
        var w = new double[5, 12];
        for (int o = 0; o < 5; o++) for (int i = 0; i < 12; i++) w[o, i] = rng.NextDouble() - 0.5;
        double[] gain = [0.6, 0.9, 1.0, 0.75, 1.3], offset = [0.01, -0.02, 0, 0.3, 0];
        var corrected = new ColumnCorrectedProgrammer(new AffineTiles(gain, offset), ColumnCorrectedProgrammer.UniformInputs(_ => 1.0, count: 16));
        var tile = (ColumnCorrectedMatrix)corrected.Program(w, new TileContext(0, 0, 0, 1, Seed: 3));
        for (int o = 0; o < 5; o++)
        {
            Assert.Equal(gain[o], tile.Scale[o], 10);
            Assert.Equal(offset[o], tile.Offset[o], 10);
        }
        var x = Enumerable.Range(0, 12).Select(_ => rng.NextDouble()).ToArray();
        var y = new double[5];
        tile.Multiply(x, y);
        for (int o = 0; o < 5; o++)
        {
            double exact = 0;
            for (int i = 0; i < 12; i++) exact += w[o, i] * x[i];
            Assert.Equal(exact, y[o], 10);
        }
    }

    [Fact]
    public void When_AColumnHoldsOnlyZeros_Expect_UnitGainAndItsOffsetRemoved()
    {
        var w = new double[2, 4];
        w[0, 1] = 0.5;
        var corrected = new ColumnCorrectedProgrammer(new AffineTiles([0.8, 0.8], [0.0, 0.05]), ColumnCorrectedProgrammer.UniformInputs(_ => 1.0));
        var tile = (ColumnCorrectedMatrix)corrected.Program(w, new TileContext(0, 0, 0, 1, Seed: 1));
        Assert.Equal(1.0, tile.Scale[1]);
        Assert.Equal(0.05, tile.Offset[1], 12);
    }

    /// <summary>A 64 x 64 MTJ array at 1 Ohm per segment reads far columns visibly small (IR drop); the correction brings the tile's outputs back to the product's scale.</summary>
    [Fact]
    public void When_MtjTilesLoseSignalToIrDrop_Expect_CorrectedOutputsCloserToTheProduct()
    {
        var rng = new Random(2);
        var config = TilePresets.Get("mtj2bit") with { IrDrop = new IrDropConfig(IrDropModel.Fast), Output = new OutputConfig() };
        var w = new double[32, 64];
        for (int o = 0; o < 32; o++) for (int i = 0; i < 64; i++) w[o, i] = rng.Next(-3, 4);
        var cells = LayerTileProgrammer.Behavioral("mtj2bit", config, null, new LayerTileSettings(Clip: WeightClipRule.Max));
        var inputs = ColumnCorrectedProgrammer.UniformInputs(_ => 1.0, count: 64);
        var context = new TileContext(0, 0, 0, 3, Seed: 5);
        var plain = cells.Program(w, context);
        var corrected = new ColumnCorrectedProgrammer(cells, inputs).Program(w, context);
        double errPlain = 0, errCorrected = 0;
        var x = new double[64];
        var yp = new double[32];
        var yc = new double[32];
        for (int s = 0; s < 20; s++)
        {
            for (int i = 0; i < 64; i++) x[i] = rng.NextDouble();
            plain.Multiply(x, yp);
            corrected.Multiply(x, yc);
            for (int o = 0; o < 32; o++)
            {
                double exact = 0;
                for (int i = 0; i < 64; i++) exact += w[o, i] * x[i];
                errPlain += (yp[o] - exact) * (yp[o] - exact);
                errCorrected += (yc[o] - exact) * (yc[o] - exact);
            }
        }
        Assert.True(errCorrected < 0.25 * errPlain, $"squared error {errCorrected} corrected vs {errPlain} uncorrected");
    }

    [Fact]
    public void When_LayersStreamThroughASmallBudget_Expect_TheSameOutputsAsResidentTilesAndReprogramming()
    {
        var rng = new Random(3);
        double[] R(int n) => Enumerable.Range(0, n).Select(_ => rng.NextDouble() - 0.5).ToArray();
        var b = new GraphBuilder("three layers");
        var h = b.Add(Elementwise.Relu(), b.Add(new Dense(R(20 * 16), 20, 16), b.Input("x", 16)));
        h = b.Add(Elementwise.Relu(), b.Add(new Dense(R(12 * 20), 12, 20), h));
        var graph = b.Output(b.Add(new Dense(R(3 * 12), 3, 12), h)).Build();
        var config = TilePresets.Get("mtj2bit") with { Array = new ArrayConfig(Rows: 8, Cols: 8), IrDrop = new IrDropConfig(IrDropModel.Fast) };
        var programmer = LayerTileProgrammer.Behavioral("t", config, null, new LayerTileSettings(Clip: WeightClipRule.Max));
        var geometry = new TileGeometry(8, 4);
        var x = R(6 * 16).Select(Math.Abs).ToArray();
        var resident = new GraphExecutor(graph, new TileBackend(programmer, geometry, seed: 9)).Run(x, 6).Data;
        // Layer tiles: 2 x 5 = 10, 3 x 3 = 9, 2 x 1 = 2; a budget of 10 keeps at most one big layer.
        var streaming = new LayerStreamingBackend(new TileBackend(programmer, geometry, seed: 9), maxResidentTiles: 10);
        var exec = new GraphExecutor(graph, streaming);
        Assert.Equal(0, streaming.Programmings); // nothing programmed before the first batch
        Assert.Equal(resident, exec.Run(x, 6).Data);
        Assert.Equal(3, streaming.Programmings);
        Assert.Equal(resident, exec.Run(x, 6).Data); // programmed again: the same tiles
        Assert.True(streaming.Programmings > 3);
    }
}
