using Xbar.Behavioral.Config;
using Xbar.Behavioral.Mapping;
using Xbar.Behavioral.Networks;
using Xbar.Behavioral.Tiles;

namespace Xbar.Behavioral.Tests.Networks;

/// <summary>
/// One DAC pass shared by the tiles of a block column and by the slices of a bit-sliced block
/// (<see cref="DacVoltages"/>) against every tile converting its own inputs: the same outputs and
/// read-noise draws, bit for bit.
/// </summary>
public sealed class SharedDacTests
{
    private const int Count = 300; // two float chunks of TileReadout (256 samples), the second partial (unless a test says otherwise)

    /// <summary>16-row, 8-output tiles with every non-ideality on: read noise, 6-bit DAC, 8-bit ADC, IR drop (fast ladder model).</summary>
    private static TileConfig Noisy16(string preset)
    {
        var p = TilePresets.Get(preset);
        return (p with
        {
            Array = p.Array with { Rows = 16, Cols = 16, WireROhm = 2.5 },
            Device = p.Device with { DeviceSpreadSigma = 0.05, ProgrammingSigma = 0.02, ReadNoiseSigma = 0.01 },
            Input = p.Input with { DacBits = 6, InputMax = 1.5 },
            Output = p.Output with { AdcBits = 8 },
            IrDrop = new IrDropConfig(IrDropModel.Fast),
            Name = $"shared-dac-{preset}",
        }).Validate();
    }

    /// <summary>Weights in [-1, 1]; inputs in [-2, 2] (some clipped by the DAC), every seventh sample all zero (a silent read).</summary>
    private static (double[,] W, double[] X) Workload(int outputs, int inputs, int seed, int count = Count)
    {
        var rng = new Random(seed);
        var w = new double[outputs, inputs];
        for (int o = 0; o < outputs; o++) for (int i = 0; i < inputs; i++) w[o, i] = 2 * rng.NextDouble() - 1;
        var x = new double[count * inputs];
        for (int k = 0; k < x.Length; k++) x[k] = (k / inputs) % 7 == 0 ? 0.0 : 4 * rng.NextDouble() - 2;
        return (w, x);
    }

    /// <summary>Every block's product read by its own tile (its own DAC pass), added over the block columns in order from zero, as TiledMatrix adds its partial sums.</summary>
    private static double[] BlockByBlock(TiledMatrix tiled, double[] x, int[] colStart, int[] rowStart, int count)
    {
        int outs = tiled.Outputs, ins = tiled.Inputs;
        var y = new double[count * outs];
        using var single = BehavioralCore.SinglePrecisionBatches(); // the float batches TiledMatrix reads in
        for (int br = 0; br < rowStart.Length - 1; br++)
            for (int bc = 0; bc < colStart.Length - 1; bc++)
            {
                int c0 = colStart[bc], nc = colStart[bc + 1] - c0, r0 = rowStart[br], nr = rowStart[br + 1] - r0;
                var block = new double[count * nc];
                for (int s = 0; s < count; s++) Array.Copy(x, s * ins + c0, block, s * nc, nc);
                var part = new double[count * nr];
                tiled.Tile(br, bc).MultiplyBatch(block, part, count);
                for (int s = 0; s < count; s++)
                    for (int j = 0; j < nr; j++) y[s * outs + r0 + j] += part[s * nr + j];
            }
        return y;
    }

    private static void AssertEveryColumnShares(TiledMatrix tiled, int blockRows, int blockCols, int count)
    {
        for (int bc = 0; bc < blockCols; bc++)
        {
            var setting = Assert.IsAssignableFrom<ISharedDacMatrix>(tiled.Tile(0, bc)).SharedDac(count);
            Assert.NotNull(setting);
            for (int br = 1; br < blockRows; br++) Assert.Equal(setting, ((ISharedDacMatrix)tiled.Tile(br, bc)).SharedDac(count));
        }
    }

    [Theory]
    [InlineData(20, 40, 3, Count)]  // 3 x 3 blocks, the last ones partial: every tile read in parallel into its own partial sum
    [InlineData(40, 24, 17, Count)] // 5 x 2 blocks: block rows in parallel, the columns of a row in order
    [InlineData(20, 40, 5, 2100)]   // inputs gathered and partial sums added in parallel chunks of 1,024 samples
    public void When_TilesOfABlockColumnShareOneDacPass_Expect_TheOutputsOfEachTileConvertingItsOwn(int outputs, int inputs, int seed, int count)
    {
        var (w, x) = Workload(outputs, inputs, seed, count);
        var geometry = new TileGeometry(16, 8);
        var programmer = LayerTileProgrammer.Behavioral("mtj4", Noisy16("mtj4"), calibration: null);
        var shared = TiledMatrix.Program(w, geometry, programmer, layer: 2, seed: seed);
        var own = TiledMatrix.Program(w, geometry, programmer, layer: 2, seed: seed);
        int blockRows = (outputs + 7) / 8, blockCols = (inputs + 15) / 16;
        AssertEveryColumnShares(shared, blockRows, blockCols, count);
        var y = new double[count * outputs];
        shared.MultiplyBatch(x, y, count);
        var expected = BlockByBlock(own,
            x,
            Enumerable.Range(0, blockCols + 1).Select(bc => Math.Min(16 * bc, inputs)).ToArray(),
            Enumerable.Range(0, blockRows + 1).Select(br => Math.Min(8 * br, outputs)).ToArray(),
            count);
        for (int k = 0; k < y.Length; k++) Assert.Equal(expected[k], y[k]);
        Assert.Contains(y, v => v != 0);
    }

    [Fact]
    public void When_BitSlicesShareOneDacPass_Expect_TheShiftedSumOfEachSliceConvertingItsOwn()
    {
        var (w, x) = Workload(8, 16, 5);
        var cells = LayerTileProgrammer.Behavioral("mtj2bit", Noisy16("mtj2bit"), calibration: null);
        var programmer = BitSlicedProgrammer.OnTiles(cells, weightBits: 6);
        var context = new TileContext(0, 0, 0, programmer.LayerWeightClip(w, 1.0), Seed: 9);
        var shared = Assert.IsType<BitSlicedMatrix>(programmer.Program(w, context));
        var own = Assert.IsType<BitSlicedMatrix>(programmer.Program(w, context));
        Assert.Equal(3, shared.TileCount); // 6-bit weights on 4-state cells: 3 digits
        Assert.NotNull(shared.SharedDac(Count));
        using var single = BehavioralCore.SinglePrecisionBatches();
        var y = new double[Count * 8];
        shared.MultiplyBatch(x, y, Count);
        // Each slice through its own DAC, shifted and added in slice order from zero.
        var expected = new double[Count * 8];
        var part = new double[Count * 8];
        for (int s = 0; s < own.TileCount; s++)
        {
            own.Slice(s).MultiplyBatch(x, part, Count);
            for (int k = 0; k < part.Length; k++) expected[k] += own.Weight(s) * part[k];
        }
        for (int k = 0; k < y.Length; k++) Assert.Equal(expected[k], y[k]);
        Assert.Contains(y, v => v != 0);
    }
}
