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

    /// <summary>A 64-row, 32-output workload of random weights in [-1, 1] and inputs, every fifth vector all zero.</summary>
    private static (double[,] W, double[] X) LargeWorkload(int count, int seed, int ins = 64, int outs = 32)
    {
        var rng = new Random(seed);
        var w = new double[outs, ins];
        for (int o = 0; o < outs; o++) for (int i = 0; i < ins; i++) w[o, i] = 2 * rng.NextDouble() - 1;
        var x = new double[count * ins];
        for (int k = 0; k < x.Length; k++) x[k] = (k / ins) % 5 == 0 ? 0.0 : 2 * rng.NextDouble() - 1;
        return (w, x);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void When_LargeTileBatchRunsAsDoubleProducts_Expect_PerSampleResultsWithin1e12AndSameNoiseDraws(bool noisy)
    {
        // The core's double batch (Y = V T^T + V^3 N^T + load term, noise variances V^2 S^T through
        // BLAS) against the same core read one vector at a time through dot products: equal to
        // rounding, relative to the largest output, and with read noise the same deviates in the
        // same places (a wrong order would differ by the noise itself, about 1e-2 of the outputs).
        var cfg = Noisy64();
        if (!noisy) cfg = cfg with { Device = cfg.Device with { ReadNoiseSigma = 0 } };
        const int count = 200, ins = 64, outs = 32;
        var (w, x) = LargeWorkload(count, 12);
        var core = (BehavioralCore)BehavioralTile.Program(cfg, w, seed: 8).Core;
        Assert.True(core.HasLoadTerm);
        var v = Voltages(x, count, ins, core.Rows);
        var yb = new double[count * core.Outputs];
        core.ReadCurrentsBatch(v, count, yb, new ReadNoiseSource(new Random(3)), BatchPrecision.Double);
        var ys = new double[count * core.Outputs];
        var perSample = new ReadNoiseSource(new Random(3));
        for (int s = 0; s < count; s++) core.ReadCurrents(v.AsSpan(s * core.Rows, core.Rows), ys.AsSpan(s * core.Outputs, core.Outputs), perSample);
        double scale = ys.Max(Math.Abs);
        for (int k = 0; k < ys.Length; k++) Assert.True(Math.Abs(yb[k] - ys[k]) <= 1e-12 * scale, $"output {k}: {yb[k]} vs {ys[k]}");
        for (int s = 0; s < count; s += 5)
            for (int o = 0; o < outs; o++) Assert.Equal(0.0, yb[s * core.Outputs + o]); // all-zero vectors: no current, no noise
    }

    /// <summary>Word-line voltages in [-0.2, 0.2] V from inputs in [-1, 1], rows beyond the inputs at 0 V.</summary>
    private static double[] Voltages(double[] x, int count, int ins, int rows)
    {
        var v = new double[count * rows];
        for (int s = 0; s < count; s++)
            for (int i = 0; i < ins; i++) v[s * rows + i] = 0.2 * x[s * ins + i];
        return v;
    }

    [Theory]
    [InlineData(false, 1)]
    [InlineData(true, 2)]
    [InlineData(true, 3)]
    public void When_BatchRunsInSinglePrecision_Expect_DoubleProductsWithin1e5OfTheOutputRangeAndSameNoiseDraws(bool noisy, int seed)
    {
        // The float products (stacked by the power of V: [T; B; A2], [S; A1], N) against the double
        // products, one matrix at a time: float rounding over 64 rows stays below about 70 * 2^-24 of
        // sum |T v| (Higham 2002, eq. 3.5), a few 1e-6 of the largest output; a wrong stacking offset
        // (another matrix's rows) or a missed term would differ by far more than 1e-5, and a shifted
        // noise draw by about 1e-2.
        var cfg = Noisy64();
        if (!noisy) cfg = cfg with { Device = cfg.Device with { ReadNoiseSigma = 0 } };
        const int count = 300, ins = 64;
        var (w, x) = LargeWorkload(count, 20 + seed);
        var core = (BehavioralCore)BehavioralTile.Program(cfg, w, seed: seed).Core;
        Assert.True(core.HasLoadTerm);
        var v = Voltages(x, count, ins, core.Rows);
        var ySingle = new double[count * core.Outputs];
        var yDouble = new double[count * core.Outputs];
        core.ReadCurrentsBatch(v, count, ySingle, new ReadNoiseSource(new Random(seed)), BatchPrecision.Single);
        core.ReadCurrentsBatch(v, count, yDouble, new ReadNoiseSource(new Random(seed)), BatchPrecision.Double);
        double scale = yDouble.Max(Math.Abs), worst = 0;
        for (int k = 0; k < yDouble.Length; k++) worst = Math.Max(worst, Math.Abs(ySingle[k] - yDouble[k]));
        Assert.True(worst <= 1e-5 * scale, $"single vs double: worst {worst / scale:E2} of the output range");
        Assert.True(worst > 0, "the single path should round differently from the double path (is it used?)");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void When_LargeTileBatchRunsAsMatrixProducts_Expect_PerSampleResultsWithin1e5AndSameNoiseDraws(bool noisy)
    {
        // The whole tile (DAC, core, TIA, no ADC): a batch through the float products against the
        // same tile one vector at a time (double dot products), within the single path's bound.
        var cfg = Noisy64();
        if (!noisy) cfg = cfg with { Device = cfg.Device with { ReadNoiseSigma = 0 } };
        const int count = 200, ins = 64, outs = 32;
        var (w, x) = LargeWorkload(count, 12);
        var batched = BehavioralTile.Program(cfg, w, seed: 8);
        var single = BehavioralTile.Program(cfg, w, seed: 8);
        Assert.True(TileReadout.UsesMatrixProducts(count, ins, outs));
        var yb = new double[count * outs];
        batched.MultiplyBatch(x, yb, count, inputScale: 1.5);
        var ys = new double[count * outs];
        for (int s = 0; s < count; s++) single.MultiplyBatch(x.AsSpan(s * ins, ins), ys.AsSpan(s * outs, outs), 1, inputScale: 1.5);
        double scale = ys.Max(Math.Abs);
        for (int k = 0; k < ys.Length; k++) Assert.True(Math.Abs(yb[k] - ys[k]) <= 1e-5 * scale, $"output {k}: {yb[k]} vs {ys[k]}");
        for (int s = 0; s < count; s += 5)
            for (int o = 0; o < outs; o++) Assert.Equal(0.0, yb[s * outs + o]); // all-zero vectors read zero, draw no noise
    }

    [Fact]
    public void When_FloatBatchRunsWholeOrInSeveralCalls_Expect_BitIdenticalOutputs()
    {
        // In float a batch runs in chunks of samples (TileReadout) through products whose rows do not
        // depend on the batch (PackedProduct), with read noise drawn in sample order: 600 samples in one
        // call (three chunks) and in calls of 100, 300 and 200 (other chunk boundaries) give the same bits.
        var cfg = Noisy64() with { Output = Noisy64().Output with { AdcBits = 12 } };
        const int count = 600, ins = 64, outs = 32;
        var (w, x) = LargeWorkload(count, 31);
        var whole = BehavioralTile.Program(cfg, w, seed: 4);
        var split = BehavioralTile.Program(cfg, w, seed: 4);
        var yWhole = new double[count * outs];
        var ySplit = new double[count * outs];
        using (BehavioralCore.SinglePrecisionBatches())
        {
            whole.MultiplyBatch(x, yWhole, count, inputScale: 1.5);
            int at = 0;
            foreach (int n in new[] { 100, 300, 200 })
            {
                split.MultiplyBatch(x.AsSpan(at * ins, n * ins), ySplit.AsSpan(at * outs, n * outs), n, inputScale: 1.5);
                at += n;
            }
        }
        Assert.Equal(yWhole, ySplit);
        Assert.True(yWhole.Distinct().Count() > 100, "the outputs should vary");
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
    public void When_NoiseSourceDrawsMany_Expect_StandardNormalMomentsAndTails()
    {
        var source = new ReadNoiseSource(new Random(21));
        const int n = 400_000;
        double sum = 0, sumSq = 0;
        int within025 = 0, beyond1 = 0, beyond2 = 0, beyond3 = 0, beyond35 = 0;
        for (int k = 0; k < n; k++)
        {
            double g = source.Next();
            sum += g;
            sumSq += g * g;
            double a = Math.Abs(g);
            if (a < 0.25) within025++; // the top layers (x_127 = 0.27) and their wedges
            if (a > 1) beyond1++;
            if (a > 2) beyond2++;
            if (a > 3) beyond3++;
            if (a > 3.5) beyond35++; // only the ziggurat's tail draws reach beyond r = 3.44
        }
        double mean = sum / n, variance = sumSq / n - mean * mean;
        // Five standard errors: 1/sqrt(n) for the mean, sqrt(2/n) for the variance, sqrt(p(1-p)/n) for a tail share.
        Assert.InRange(mean, -5 / Math.Sqrt(n), 5 / Math.Sqrt(n));
        Assert.InRange(variance, 1 - 5 * Math.Sqrt(2.0 / n), 1 + 5 * Math.Sqrt(2.0 / n));
        // P(|Z| > 1, 2, 3, 3.5) = erfc(k / sqrt 2) = 0.317311, 0.0455003, 0.0026998, 0.00046525 (Abramowitz & Stegun 1964, table 26.1).
        // P(|Z| < 0.25) = erf(0.25 / sqrt 2) = 0.1974127.
        foreach (var (count, p) in new[] { (within025, 0.1974127), (beyond1, 0.317311), (beyond2, 0.0455003), (beyond3, 0.0026998), (beyond35, 0.00046525) })
            Assert.InRange((double)count / n, p - 5 * Math.Sqrt(p * (1 - p) / n), p + 5 * Math.Sqrt(p * (1 - p) / n));
    }

    [Fact]
    public void When_TwoSourcesShareASeed_Expect_TheSameSequenceAndAnotherSeedDiffers()
    {
        var a = new ReadNoiseSource(new Random(4));
        var b = new ReadNoiseSource(new Random(4));
        var c = new ReadNoiseSource(new Random(5));
        int same = 0;
        for (int k = 0; k < 2000; k++) // several blocks
        {
            double ga = a.Next();
            Assert.Equal(ga, b.Next());
            if (ga == c.Next()) same++;
        }
        Assert.Equal(0, same);
    }

    [Fact]
    public void When_SourceFillsBlocks_Expect_TheDeviatesOfAsManyNextCalls()
    {
        var one = new ReadNoiseSource(new Random(6));
        var blocks = new ReadNoiseSource(new Random(6));
        var z = new double[200_000]; // about 2,000 wedge and 100 tail draws among them
        int at = 0;
        foreach (int n in new[] { 0, 1, 31, 199_968 }) { blocks.Fill(z.AsSpan(at, n)); at += n; }
        for (int k = 0; k < z.Length; k++) Assert.Equal(one.Next(), z[k]);
        Assert.Equal(one.Next(), blocks.Next()); // both sources are 200,000 deviates on
        Assert.Contains(z, d => Math.Abs(d) > 3.442619855899); // the tail was drawn
    }
}
