using Xbar.Behavioral.Config;
using Xbar.Behavioral.Tiles;
using static Xbar.Behavioral.Tests.Tiles.TileTestData;

namespace Xbar.Behavioral.Tests.Tiles;

public class BehavioralTileTests
{
    [Fact]
    public void When_IdealPreset_Expect_FloatMatrixProduct()
    {
        var w = Matrix(7, 13, 1);
        var x = Matrix(5, 13, 2);
        var tile = BehavioralTile.Program(TilePresets.Ideal(), w, seed: 3);
        var y = tile.MultiplyBatch(x);
        for (int s = 0; s < 5; s++)
        {
            var exact = Product(w, Row(x, s));
            for (int o = 0; o < 7; o++) Assert.Equal(exact[o], y[s, o], 1e-12);
        }
    }

    [Fact]
    public void When_SameSeed_Expect_BitIdenticalOutputs()
    {
        var cfg = TilePresets.Mtj4() with
        {
            Array = new ArrayConfig(16, 16, 1.0),
            Device = TilePresets.Mtj4().Device with { ProgrammingSigma = 0.05, SigmaPerpOhm = 50, SigmaNlOhm = 50, ReadNoiseSigma = 0.01 },
            IrDrop = new IrDropConfig(IrDropModel.Fast),
        };
        var w = Matrix(8, 16, 4);
        var x = Matrix(3, 16, 5, 0, 1);
        var a = BehavioralTile.Program(cfg, w, seed: 42).MultiplyBatch(x);
        var b = BehavioralTile.Program(cfg, w, seed: 42).MultiplyBatch(x);
        var c = BehavioralTile.Program(cfg, w, seed: 43).MultiplyBatch(x);
        Assert.Equal(a.Cast<double>(), b.Cast<double>());
        Assert.NotEqual(a.Cast<double>(), c.Cast<double>());
    }

    [Theory]
    [InlineData(InputEncoding.PulseWidth)]
    [InlineData(InputEncoding.BitSerial)]
    public void When_LinearCellsAndGridInputs_Expect_EncodingsEqualAmplitude(InputEncoding encoding)
    {
        // Inputs on the 4-bit / 15-step grid: every encoding represents them exactly, and linear
        // cells make the array linear in its inputs, so all encodings give the same outputs.
        var cfg = TilePresets.Linear() with { Array = new ArrayConfig(16, 16, 1.0) };
        var w = Matrix(8, 16, 6);
        var r = new Random(7);
        var x = Enumerable.Range(0, 16).Select(_ => r.Next(0, 16) / 15.0).ToArray();
        var amp = BehavioralTile.Program(cfg with { Input = cfg.Input with { DacBits = 4 } }, w, 1).Multiply(x);
        var other = BehavioralTile.Program(cfg with { Input = cfg.Input with { Encoding = encoding, DacBits = 4, PulseSteps = 15 } }, w, 1).Multiply(x);
        for (int o = 0; o < amp.Length; o++) Assert.Equal(amp[o], other[o], 1e-12);
    }

    [Fact]
    public void When_AdcBitsSet_Expect_OutputsOnTheAdcGrid()
    {
        var cfg = TilePresets.Ideal() with { Output = new OutputConfig(AdcBits: 4, AdcRange: 1e-5) };
        var w = Matrix(3, 4, 8);
        var tile = BehavioralTile.Program(cfg, w, 1);
        var y = tile.Multiply([0.5, -0.2, 0.9, 0.1]);
        // ADC step 1e-5 / 8 A in current; in weight units step * weight_per_S / volts_per_unit.
        double step = 1e-5 / 8 * tile.Mapped.WeightPerSiemens / 0.2;
        foreach (double v in y) Assert.Equal(0.0, Math.IEEERemainder(v, step), 9);
    }

    [Fact]
    public void When_WeightsTooLarge_Expect_ErrorNamingArrayField()
    {
        var cfg = TilePresets.Mtj4() with { Array = new ArrayConfig(8, 8) };
        var e = Assert.Throws<InvalidInputException>(() => BehavioralTile.Program(cfg, Matrix(2, 9, 1), 1));
        Assert.Contains("array.rows", e.Message);
        var e2 = Assert.Throws<InvalidInputException>(() => BehavioralTile.Program(cfg, Matrix(5, 8, 1), 1));
        Assert.Contains("array.cols", e2.Message);
    }
}
