using Xbar.Behavioral.Config;
using Xbar.Behavioral.Networks;
using Xbar.Behavioral.Tiles;

namespace Xbar.Behavioral.Tests.Networks;

/// <summary>The batched tile path (one call per tile per batch) against the one-vector path, and its noise source.</summary>
public sealed class BatchedTileTests
{
    private static TileConfig Noisy4x4()
    {
        var p = TilePresets.Get("mtj4");
        return (p with
        {
            Array = p.Array with { Rows = 4, Cols = 8 },
            Device = p.Device with { SigmaNlOhm = 50, SigmaPerpOhm = 50, DeviceSpreadSigma = 0.05, ProgrammingSigma = 0.02, ReadNoiseSigma = 0.01 },
            IrDrop = new IrDropConfig(IrDropModel.Fast),
            Name = "batched-test-4x4",
        }).Validate();
    }

    private static (double[,] W, double[] X) Workload(int count)
    {
        var rng = new Random(11);
        var w = new double[4, 4];
        for (int o = 0; o < 4; o++) for (int i = 0; i < 4; i++) w[o, i] = rng.NextDouble() * 2 - 1;
        var x = new double[count * 4];
        for (int k = 0; k < x.Length; k++) x[k] = (k / 4) % 3 == 0 ? 0.0 : rng.NextDouble(); // every third vector all zero
        return (w, x);
    }

    [Fact]
    public void When_NoisyTileRunsBatchedOrVectorByVector_Expect_BitIdenticalOutputs()
    {
        const int count = 300;
        var (w, x) = Workload(count);
        var batched = BehavioralTile.Program(Noisy4x4(), w, seed: 5);
        var single = BehavioralTile.Program(Noisy4x4(), w, seed: 5);
        var yb = new double[count * 4];
        batched.MultiplyBatch(x, yb, count, inputScale: 2.0);
        var one = new TileMatrix(single, inputScale: 2.0);
        var ys = new double[4];
        for (int s = 0; s < count; s++)
        {
            one.Multiply(x.AsSpan(s * 4, 4), ys);
            for (int o = 0; o < 4; o++) Assert.Equal(ys[o], yb[s * 4 + o]);
        }
    }

    /// <summary>A 64x64 mtj4 tile with every non-ideality on and the exact option (linear, cubic and load terms).</summary>
    private static TileConfig Noisy64()
    {
        var p = TilePresets.Get("mtj4");
        return (p with
        {
            Array = p.Array with { Rows = 64, Cols = 64, WireROhm = 2.5 },
            Device = p.Device with { SigmaNlOhm = 50, SigmaPerpOhm = 50, DeviceSpreadSigma = 0.05, ProgrammingSigma = 0.02, ReadNoiseSigma = 0.01 },
            Output = p.Output with { AdcBits = null },
            IrDrop = new IrDropConfig(IrDropModel.Exact),
            Name = "batched-test-64",
        }).Validate();
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void When_LargeTileBatchRunsAsMatrixProducts_Expect_PerSampleResultsWithin1e12AndSameNoiseDraws(bool noisy)
    {
        // The batch goes through BLAS (Y = V T^T + V^3 N^T + load term, noise variances V^2 S^T),
        // the reference one vector at a time through dot products: equal to rounding, relative to
        // the largest output, and with read noise the same deviates in the same places (a wrong
        // order would differ by the noise itself, about 1e-2 of the outputs).
        var cfg = Noisy64();
        if (!noisy) cfg = cfg with { Device = cfg.Device with { ReadNoiseSigma = 0 } };
        const int count = 200, ins = 64, outs = 32;
        var rng = new Random(12);
        var w = new double[outs, ins];
        for (int o = 0; o < outs; o++) for (int i = 0; i < ins; i++) w[o, i] = 2 * rng.NextDouble() - 1;
        var x = new double[count * ins];
        for (int k = 0; k < x.Length; k++) x[k] = (k / ins) % 5 == 0 ? 0.0 : 2 * rng.NextDouble() - 1;
        var batched = BehavioralTile.Program(cfg, w, seed: 8);
        var single = BehavioralTile.Program(cfg, w, seed: 8);
        Assert.True(TileReadout.UsesMatrixProducts(count, ins, outs));
        Assert.True(((BehavioralCore)batched.Core).HasLoadTerm);
        var yb = new double[count * outs];
        batched.MultiplyBatch(x, yb, count, inputScale: 1.5);
        var ys = new double[count * outs];
        for (int s = 0; s < count; s++) single.MultiplyBatch(x.AsSpan(s * ins, ins), ys.AsSpan(s * outs, outs), 1, inputScale: 1.5);
        double scale = ys.Max(Math.Abs);
        for (int k = 0; k < ys.Length; k++) Assert.True(Math.Abs(yb[k] - ys[k]) <= 1e-12 * scale, $"output {k}: {yb[k]} vs {ys[k]}");
        for (int s = 0; s < count; s += 5)
            for (int o = 0; o < outs; o++) Assert.Equal(0.0, yb[s * outs + o]); // all-zero vectors read zero, draw no noise
    }

    [Fact]
    public void When_ReadNoiseIsOn_Expect_RepeatedReadsDifferButZeroInputsReadZero()
    {
        var (w, _) = Workload(1);
        var tile = BehavioralTile.Program(Noisy4x4(), w, seed: 9);
        var x = new double[] { 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0, 0, 0, 0 };
        var y = new double[12];
        tile.MultiplyBatch(x, y, 3);
        Assert.Contains(Enumerable.Range(0, 4), o => y[o] != y[4 + o]); // two noisy reads of one input
        for (int o = 8; o < 12; o++) Assert.Equal(0.0, y[o]); // 0 V on every row: zero current, mid-tread ADC reads 0
    }

    [Fact]
    public void When_PolarSourceDrawsMany_Expect_StandardNormalMoments()
    {
        var source = new ReadNoiseSource(new Random(21));
        const int n = 200_000;
        double sum = 0, sumSq = 0;
        for (int k = 0; k < n; k++)
        {
            double g = source.Next();
            sum += g;
            sumSq += g * g;
        }
        double mean = sum / n, variance = sumSq / n - mean * mean;
        // Five standard errors: 1/sqrt(n) for the mean, sqrt(2/n) for the variance.
        Assert.InRange(mean, -5 / Math.Sqrt(n), 5 / Math.Sqrt(n));
        Assert.InRange(variance, 1 - 5 * Math.Sqrt(2.0 / n), 1 + 5 * Math.Sqrt(2.0 / n));
    }
}
