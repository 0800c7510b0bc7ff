using Xbar.Behavioral.Networks;
using Xbar.Devices.NonIdealities;

namespace Xbar.Behavioral.Tests.Networks;

public sealed class ReferenceMtjTileTests
{
    private static double[,] RandomWeights(int rows, int cols, int seed)
    {
        var rng = new Random(seed);
        var w = new double[rows, cols];
        for (int r = 0; r < rows; r++) for (int c = 0; c < cols; c++) w[r, c] = rng.NextDouble() * 2 - 1;
        return w;
    }

    private static double Rms(double[,] a, double[,] b)
    {
        double s = 0;
        for (int r = 0; r < a.GetLength(0); r++) for (int c = 0; c < a.GetLength(1); c++) s += (a[r, c] - b[r, c]) * (a[r, c] - b[r, c]);
        return Math.Sqrt(s / a.Length);
    }

    private static readonly TileContext Ctx = new(0, 0, 0, 1, 5);

    [Fact]
    public void When_EveryErrorOff_Expect_EffectiveWeightsEqualWeights()
    {
        var w = RandomWeights(8, 8, 1);
        var tile = new ReferenceMtjTileProgrammer(new ReferenceMtjTileOptions().Only(ErrorSource.None) with
            { Offsets = new StateOffsets { SigmaNl = 50, SigmaPerp = 100 } }, 3);
        Assert.True(Rms(w, tile.EffectiveWeights(w, Ctx)) < 1e-12);
    }

    [Fact]
    public void When_QuantizedToFourStates_Expect_SevenSignedLevelsOfThirdsOfScale()
    {
        var w = RandomWeights(16, 16, 2);
        var tile = new ReferenceMtjTileProgrammer(new ReferenceMtjTileOptions { Scaling = WeightScaling.PerTile }.Only(ErrorSource.Quantization), 3);
        var q = tile.EffectiveWeights(w, Ctx);
        double scale = w.Cast<double>().Max(Math.Abs);
        foreach (var (orig, v) in w.Cast<double>().Zip(q.Cast<double>()))
        {
            double steps = v / scale * 3;
            Assert.Equal(Math.Round(steps), steps, 1e-9);              // on a level
            Assert.True(Math.Abs(v - orig) <= scale / 6 + 1e-12);      // nearest level: at most half a step
        }
    }

    [Fact]
    public void When_NoiseIsZero_Expect_NoSystematicOrRandomError()
    {
        var w = RandomWeights(12, 12, 3);
        var zero = new ReferenceMtjTileOptions { Offsets = new StateOffsets() };
        foreach (var source in new[] { ErrorSource.Systematic, ErrorSource.Random })
        {
            var tile = new ReferenceMtjTileProgrammer(zero.Only(source), 9);
            Assert.True(Rms(w, tile.EffectiveWeights(w, Ctx)) < 1e-12, source.ToString());
        }
    }

    [Fact]
    public void When_StatesIncrease_Expect_QuantizationErrorFalls()
    {
        var w = RandomWeights(32, 32, 4);
        double previous = double.PositiveInfinity;
        foreach (int n in new[] { 2, 3, 4, 8, 16 })
        {
            var options = new ReferenceMtjTileOptions { Cell = new Xbar.Devices.Mtj.MtjParameters { States = n } };
            var err = Rms(w, new ReferenceMtjTileProgrammer(options.Only(ErrorSource.Quantization), 1).EffectiveWeights(w, Ctx));
            Assert.True(err < previous, $"N = {n}: {err} not below {previous}");
            // Uniform quantizer on |w| in [0, 1] with step 1/(N-1): RMS error ~ step / sqrt(12).
            Assert.InRange(err, 0.5 / (n - 1) / Math.Sqrt(12), 1.5 / (n - 1) / Math.Sqrt(12));
            previous = err;
        }
    }

    [Fact]
    public void When_SameSeed_Expect_BitIdenticalTiles_AndOtherSeedDiffers()
    {
        var w = RandomWeights(8, 8, 5);
        var options = new ReferenceMtjTileOptions { Offsets = new StateOffsets { SigmaNl = 50, SigmaPerp = 200 } };
        var a = new ReferenceMtjTileProgrammer(options, 1).EffectiveWeights(w, Ctx);
        var b = new ReferenceMtjTileProgrammer(options, 1).EffectiveWeights(w, Ctx);
        var c = new ReferenceMtjTileProgrammer(options, 2).EffectiveWeights(w, Ctx with { Seed = 6 });
        Assert.Equal(a.Cast<double>(), b.Cast<double>());
        Assert.NotEqual(a.Cast<double>(), c.Cast<double>());
    }

    [Fact]
    public void When_OnlySystematicOffsets_Expect_CellsInSameStateShareTheirError()
    {
        // Two weights in the same quantized state get exactly the same effective weight: the offset is per state.
        var w = new double[,] { { 0.5, 0.5, 1.0 } };
        var options = new ReferenceMtjTileOptions { Offsets = new StateOffsets { SigmaNl = 200 } }.Only(ErrorSource.All);
        var q = new ReferenceMtjTileProgrammer(options, 4).EffectiveWeights(w, new TileContext(0, 0, 0, 1, 1));
        Assert.Equal(q[0, 0], q[0, 1]);
        Assert.NotEqual(2.0 / 3.0, q[0, 0], 1e-6);
    }
}
