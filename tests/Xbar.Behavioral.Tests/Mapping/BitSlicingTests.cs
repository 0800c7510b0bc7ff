using Xbar.Behavioral.Config;
using Xbar.Behavioral.Mapping;
using Xbar.Behavioral.Networks;

namespace Xbar.Behavioral.Tests.Mapping;

public sealed class BitSlicingTests
{
    /// <summary>
    /// Clip 1, B = 4 (codes 0..15): 0.75 -> 11.25 -> 11 = 1011b; -0.5 -> 7.5 -> 8 = 1000b (halves away from zero);
    /// 1.0 -> 15 = 1111b; 0.1 -> 1.5 -> 2 = 0010b; 2.0 clips to 15.
    /// </summary>
    private static readonly double[,] Small = { { 0.75, -0.5, 2.0 }, { 1.0, 0.1, 0.0 } };

    [Fact]
    public void When_FourBitWeightsOnTwoBitCells_Expect_BaseFourDigitsByHand()
    {
        var slicing = new BitSlicing(weightBits: 4, cellStates: 4);
        Assert.Equal(2, slicing.Slices);
        var d = slicing.Slice(Small, clip: 1.0);
        // 11 = 2*4 + 3, 8 = 2*4 + 0, 15 = 3*4 + 3, 2 = 0*4 + 2; the sign rides on every digit.
        Assert.Equal(new double[,] { { 3, -0, 3 }, { 3, 2, 0 } }, d[0]);
        Assert.Equal(new double[,] { { 2, -2, 3 }, { 3, 0, 0 } }, d[1]);
        Assert.Equal([1.0, 4.0], slicing.PlaceValues);
    }

    [Fact]
    public void When_FourBitWeightsOnBinaryCells_Expect_TheBitsByHand()
    {
        var slicing = new BitSlicing(weightBits: 4, cellStates: 2);
        Assert.Equal(4, slicing.Slices);
        var d = slicing.Slice(Small, clip: 1.0);
        // Bits of 11 = 1011, 8 = 1000, 15 = 1111, 2 = 0010, least significant first.
        Assert.Equal(new double[,] { { 1, 0, 1 }, { 1, 0, 0 } }, d[0]);
        Assert.Equal(new double[,] { { 1, 0, 1 }, { 1, 1, 0 } }, d[1]);
        Assert.Equal(new double[,] { { 0, 0, 1 }, { 1, 0, 0 } }, d[2]);
        Assert.Equal(new double[,] { { 1, -1, 1 }, { 1, 0, 0 } }, d[3]);
        var q = slicing.Quantize(Small, 1.0);
        Assert.Equal(new double[,] { { 11 / 15.0, -8 / 15.0, 1 }, { 1, 2 / 15.0, 0 } }, q);
    }

    [Theory]
    [InlineData(8, 2, 8)]
    [InlineData(8, 4, 4)]
    [InlineData(7, 4, 4)]
    [InlineData(8, 3, 6)] // 3^5 = 243 < 256 <= 3^6
    [InlineData(8, 16, 2)]
    [InlineData(8, 256, 1)]
    [InlineData(1, 2, 1)]
    public void When_SlicesAreCounted_Expect_SmallestSWithNToTheSAboveTheLargestCode(int bits, int states, int slices) =>
        Assert.Equal(slices, new BitSlicing(bits, states).Slices);

    private static double[,] RandomMatrix(int rows, int cols, Random rng)
    {
        var w = new double[rows, cols];
        for (int r = 0; r < rows; r++)
            for (int c = 0; c < cols; c++) w[r, c] = rng.NextDouble() * 2 - 1;
        return w;
    }

    private static double[] Product(double[,] w, ReadOnlySpan<double> x)
    {
        var y = new double[w.GetLength(0)];
        for (int r = 0; r < y.Length; r++)
            for (int c = 0; c < x.Length; c++) y[r] += w[r, c] * x[c];
        return y;
    }

    /// <summary>The tiled, sliced product against the float product of the B-bit quantized weights, for a batch of inputs.</summary>
    private static void AssertQuantizedProduct(ITileProgrammer cells, int bits, int states, TileGeometry geometry, int seed, double tolerance)
    {
        var rng = new Random(seed);
        var w = RandomMatrix(23, 41, rng);
        var programmer = new BitSlicedProgrammer(cells, new BitSlicing(bits, states), WeightClipRule.MinimumMse);
        var tiled = TiledMatrix.Program(w, geometry, programmer, layer: 0, seed: seed);
        double clip = programmer.LayerWeightClip(w, 0);
        Assert.True(clip > 0, $"clip {clip}");
        var q = programmer.Slicing.Quantize(w, clip);
        const int batch = 4;
        var x = Enumerable.Range(0, batch * 41).Select(_ => rng.NextDouble() * 2 - 1).ToArray();
        var y = new double[batch * 23];
        tiled.MultiplyBatch(x, y, batch);
        for (int s = 0; s < batch; s++)
        {
            var expected = Product(q, x.AsSpan(s * 41, 41));
            for (int o = 0; o < 23; o++) Assert.Equal(expected[o], y[s * 23 + o], tolerance);
        }
        int blocks = ((23 + geometry.Outputs - 1) / geometry.Outputs) * ((41 + geometry.Inputs - 1) / geometry.Inputs);
        Assert.Equal(blocks * programmer.Slicing.Slices, tiled.TileCount);
    }

    [Theory]
    [InlineData(8, 2)]
    [InlineData(8, 4)]
    [InlineData(6, 3)]
    [InlineData(12, 16)]
    public void When_ExactSliceTiles_Expect_FloatProductOfTheQuantizedWeights(int bits, int states) =>
        AssertQuantizedProduct(ExactTileProgrammer.Instance, bits, states, new TileGeometry(8, 5), seed: bits * 10 + states, tolerance: 1e-12);

    [Theory]
    [InlineData(8, 2)]
    [InlineData(8, 4)]
    public void When_IdealBehavioralSliceTiles_Expect_FloatProductOfTheQuantizedWeights(int bits, int states)
    {
        // Cells with exactly N uniformly spaced conductances, ideal wires, unlimited DAC and ADC: each digit
        // lands on its state, so the tiles give the quantized product to rounding.
        var config = TilePresets.Ideal() with
        {
            Array = new ArrayConfig(Rows: 16, Cols: 16, WireROhm: 0),
            Device = new DeviceConfig(Kind: DeviceKind.Linear, States: states, GMinS: 1e-6, GMaxS: 25e-6),
            Mapping = new MappingConfig(Quantization: QuantizationKind.Uniform),
        };
        var cells = LayerTileProgrammer.Behavioral("ideal cells", config, null);
        var sliced = BitSlicedProgrammer.OnTiles(cells, bits);
        Assert.Equal(states, sliced.Slicing.CellStates);
        // Through the wrapper built by OnTiles (it sets the clip rule so the digit clip reaches each tile's mapping).
        var rng = new Random(bits + states);
        var w = RandomMatrix(23, 41, rng);
        var tiled = TiledMatrix.Program(w, new TileGeometry(16, 8), sliced, seed: 3);
        var q = sliced.Slicing.Quantize(w, sliced.LayerWeightClip(w, 0));
        var x = Enumerable.Range(0, 41).Select(_ => rng.NextDouble() * 2 - 1).ToArray();
        var y = new double[23];
        tiled.Multiply(x, y);
        var expected = Product(q, x);
        for (int o = 0; o < 23; o++) Assert.Equal(expected[o], y[o], 1e-9);
    }

    [Fact]
    public void When_TwoBitCellsReplaceBinaryCells_Expect_HalfTheTilesForEightBitWeights()
    {
        var w = RandomMatrix(70, 130, new Random(4));
        var geometry = new TileGeometry(64, 32);
        int Tiles(int states) => TiledMatrix.Program(w, geometry, new BitSlicedProgrammer(ExactTileProgrammer.Instance, new BitSlicing(8, states))).TileCount;
        // NeuroSim: ceil(130 / 64) x ceil(70 / 32) x slices = 3 x 3 x 8 and 3 x 3 x 4.
        Assert.Equal(72, Tiles(2));
        Assert.Equal(36, Tiles(4));
    }

    [Fact]
    public void When_KMeansTilesAreSliced_Expect_InvalidInputNamingTheMapping()
    {
        var cells = LayerTileProgrammer.Behavioral("mtj4", TilePresets.Get("mtj4"), null);
        var e = Assert.Throws<InvalidInputException>(() => BitSlicedProgrammer.OnTiles(cells, 8));
        Assert.Contains("mapping.quantization", e.Message);
    }

    [Theory]
    [InlineData(WeightClipRule.Max, 4)]
    [InlineData(WeightClipRule.MinimumMse, 4)]
    [InlineData(WeightClipRule.MinimumMse, 16)]
    [InlineData(WeightClipRule.MinimumMse, 256)]
    public void When_UniformClipIsChosenByRounding_Expect_TheSameClipAsTheLevelSearch(WeightClipRule rule, int levels)
    {
        var rng = new Random(levels);
        var w = Enumerable.Range(0, 3000).Select(_ => Math.Tan(rng.NextDouble() * 3 - 1.5) * 0.1).ToArray();
        double byRounding = WeightClipChooser.ChooseUniform(w, levels, rule);
        double bySearch = WeightClipChooser.Choose(w, WeightClipChooser.UniformFractions(levels), rule);
        Assert.Equal(bySearch, byRounding, 8);
    }
}
