using Xbar.Behavioral.Config;
using Xbar.Behavioral.Mapping;
using Xbar.Behavioral.Networks;

namespace Xbar.Behavioral.Tests.Networks;

/// <summary>
/// How much signal a 64 x 64 array of MTJ cells (R_P 3.36 kOhm, TMR0 174 %) loses to 1 Ohm wire segments, which is what
/// limits ResNet-18 on the mtj1bit/mtj2bit presets (docs/bit-slicing.md): checked against the nodal solver and against
/// the transmission-line estimate, so the loss is shown to be the circuit's and not the fast model's.
/// </summary>
public sealed class MtjIrDropTests
{
    /// <summary>One slice tile of 2-bit digits (-3..3) on a <paramref name="n"/> x <paramref name="n"/> mtj2bit array, read on
    /// 40 half-sparse non-negative inputs (ReLU outputs) with unlimited DAC and ADC bits: outputs [sample, output].</summary>
    private static (double[][] Y, double MeanConductance) Read(IrDropModel model, int n, int seed)
    {
        var rng = new Random(seed);
        var preset = TilePresets.Get("mtj2bit");
        var config = preset with
        {
            Array = preset.Array with { Rows = n, Cols = n },
            IrDrop = new IrDropConfig(model),
            Input = preset.Input with { DacBits = null },
            Output = new OutputConfig(),
        };
        int outs = n / 2;
        var w = new double[outs, n];
        for (int o = 0; o < outs; o++) for (int i = 0; i < n; i++) w[o, i] = rng.Next(-3, 4);
        var tile = LayerTileProgrammer.Behavioral("mtj2bit", config, null, new LayerTileSettings(Clip: WeightClipRule.Max))
            .Program(w, new TileContext(0, 0, 0, 3, Seed: 1));
        var y = new double[40][];
        for (int s = 0; s < y.Length; s++)
        {
            var x = Enumerable.Range(0, n).Select(_ => rng.NextDouble() < 0.5 ? 0 : rng.NextDouble()).ToArray();
            y[s] = new double[outs];
            tile.Multiply(x, y[s]);
        }
        // Mean cell conductance: the weight's cell at state |d| of 4 uniformly spaced conductances, its partner at G_AP.
        double gP = 1 / config.Device.RpOhm, gAp = 1 / (config.Device.RpOhm * (1 + config.Device.Tmr0)), sum = 0;
        foreach (double d in w) sum += gAp + (gP - gAp) * Math.Abs(d) / 3 + gAp;
        return (y, sum / (2.0 * w.Length));
    }

    private static double Slope(double[][] y, double[][] reference)
    {
        double yr = 0, rr = 0;
        for (int s = 0; s < y.Length; s++)
            for (int o = 0; o < y[s].Length; o++) { yr += y[s][o] * reference[s][o]; rr += reference[s][o] * reference[s][o]; }
        return yr / rr;
    }

    private static double RelativeRms(double[][] y, double[][] reference)
    {
        double e = 0, rr = 0;
        for (int s = 0; s < y.Length; s++)
            for (int o = 0; o < y[s].Length; o++) { e += Math.Pow(y[s][o] - reference[s][o], 2); rr += reference[s][o] * reference[s][o]; }
        return Math.Sqrt(e / rr);
    }

    /// <summary>
    /// The fast ladder model agrees with nodal solves of the whole array within 3 % (1.8 % measured), and both lose about a
    /// third of the signal: the transmission-line estimate for cells of mean conductance G on lines of n segments of r,
    /// driven (word line) or terminated (bit line) at one end, keeps tanh(n a) / (n a) of it per line, a = sqrt(r G)
    /// (first order: uniform cells, lines independent), so 1 - (tanh(n a) / (n a))^2 = 32 % is lost at n = 64 and
    /// G = 162 uS. The nodal loss is asserted within 25 % of that estimate (36 % measured).
    /// </summary>
    [Fact]
    public void When_A64RowMtjSliceTileHasOneOhmWires_Expect_AThirdOfTheSignalLostAndTheFastModelWithinThreePercentOfNodalSolves()
    {
        const int n = 64;
        var (ideal, g) = Read(IrDropModel.None, n, seed: 7);
        var (fast, _) = Read(IrDropModel.Fast, n, seed: 7);
        var (exact, _) = Read(IrDropModel.Exact, n, seed: 7);
        double fastVsExact = RelativeRms(fast, exact);
        Assert.True(fastVsExact < 0.03, $"fast vs nodal: {100 * fastVsExact:F2} % relative RMS");
        double na = n * Math.Sqrt(1.0 * g), estimate = 1 - Math.Pow(Math.Tanh(na) / na, 2);
        double loss = 1 - Slope(exact, ideal);
        Assert.True(Math.Abs(loss - estimate) < 0.25 * estimate, $"nodal loss {100 * loss:F1} %, transmission-line estimate {100 * estimate:F1} % (G {1e6 * g:F0} uS)");
    }
}
