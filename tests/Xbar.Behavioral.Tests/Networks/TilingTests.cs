using Xbar.Behavioral.Networks;

namespace Xbar.Behavioral.Tests.Networks;

public sealed class TilingTests
{
    private static double[,] IntegerMatrix(int rows, int cols, Random rng)
    {
        var m = new double[rows, cols];
        for (int r = 0; r < rows; r++)
            for (int c = 0; c < cols; c++) m[r, c] = rng.Next(-8, 9);
        return m;
    }

    private static double[] Plain(double[,] w, double[] x)
    {
        var y = new double[w.GetLength(0)];
        for (int r = 0; r < y.Length; r++)
            for (int c = 0; c < x.Length; c++) y[r] += w[r, c] * x[c];
        return y;
    }

    [Theory]
    [InlineData(1, 1, 4, 4)]
    [InlineData(10, 7, 4, 4)]
    [InlineData(64, 784, 4, 4)]
    [InlineData(13, 29, 3, 5)]
    [InlineData(10, 64, 256, 256)]
    [InlineData(300, 17, 256, 1)]
    [InlineData(5, 9, 1, 1)]
    public void When_IdealTilesOnIntegerData_Expect_TiledProductEqualsPlainProductExactly(int outputs, int inputs, int tileIn, int tileOut)
    {
        var rng = new Random(outputs * 1000 + inputs);
        var w = IntegerMatrix(outputs, inputs, rng);
        var tiled = TiledMatrix.Program(w, new TileGeometry(tileIn, tileOut), ExactTileProgrammer.Instance);
        Assert.Equal(((outputs + tileOut - 1) / tileOut) * ((inputs + tileIn - 1) / tileIn), tiled.TileCount);
        const int batch = 3;
        var x = Enumerable.Range(0, batch * inputs).Select(_ => (double)rng.Next(-5, 6)).ToArray();
        var y = new double[batch * outputs];
        tiled.MultiplyBatch(x, y, batch);
        for (int s = 0; s < batch; s++)
            Assert.Equal(Plain(w, x[(s * inputs)..((s + 1) * inputs)]), y[(s * outputs)..((s + 1) * outputs)]);
    }

    [Fact]
    public void When_IdealTilesOnRandomRealData_Expect_ProductWithinRoundingOfPlainProduct()
    {
        var rng = new Random(7);
        var w = new double[37, 101];
        for (int r = 0; r < 37; r++) for (int c = 0; c < 101; c++) w[r, c] = rng.NextDouble() * 2 - 1;
        var x = Enumerable.Range(0, 101).Select(_ => rng.NextDouble()).ToArray();
        var y = new double[37];
        TiledMatrix.Program(w, new TileGeometry(8, 16), ExactTileProgrammer.Instance).Multiply(x, y);
        var expected = Plain(w, x);
        for (int r = 0; r < 37; r++) Assert.Equal(expected[r], y[r], 1e-12);
    }

    [Fact]
    public void When_TileProgrammed_Expect_ItSeesItsBlockAndPositionAndDistinctSeeds()
    {
        var contexts = new List<(TileContext Ctx, double[,] Block)>();
        var recorder = new DelegateTileProgrammer("recorder", (block, ctx) =>
        {
            contexts.Add((ctx, block));
            return new DenseMatrix(block);
        });
        var w = new double[6, 5];
        for (int r = 0; r < 6; r++) for (int c = 0; c < 5; c++) w[r, c] = 10 * r + c;
        w[5, 4] = -99;
        TiledMatrix.Program(w, new TileGeometry(inputs: 2, outputs: 4), recorder, layer: 3, seed: 11);
        Assert.Equal(2 * 3, contexts.Count);
        var last = contexts.Single(c => c.Ctx is { BlockRow: 1, BlockCol: 2 });
        Assert.Equal(2, last.Block.GetLength(0)); // rows 4..5
        Assert.Equal(1, last.Block.GetLength(1)); // col 4
        Assert.Equal(-99, last.Block[1, 0]);
        Assert.All(contexts, c => Assert.Equal(3, c.Ctx.Layer));
        Assert.All(contexts, c => Assert.Equal(99, c.Ctx.LayerWeightClip));
        Assert.Equal(contexts.Count, contexts.Select(c => c.Ctx.Seed).Distinct().Count());
    }

    [Fact]
    public void When_TileSizeOutOfRange_Expect_InvalidInput()
    {
        Assert.Throws<InvalidInputException>(() => new TileGeometry(0, 4));
        Assert.Throws<InvalidInputException>(() => new TileGeometry(4, 5000));
    }
}
