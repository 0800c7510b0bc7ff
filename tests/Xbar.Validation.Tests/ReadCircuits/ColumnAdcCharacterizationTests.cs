using Xbar.Behavioral.Config;
using Xbar.Behavioral.Periphery;
using Xbar.Circuits.ReadCircuits;
using Xbar.Validation.ReadCircuits;

namespace Xbar.Validation.Tests.ReadCircuits;

/// <summary>The column ADC (TIA + flash) trip points measured in ngspice against the ideal converter and the drawn offsets.</summary>
public sealed class ColumnAdcCharacterizationTests
{
    private const double FullScale = 100e-6; // A
    private static readonly OpAmpMacroModel NoOffsetAmp = new(InputOffset: 0);

    [Fact]
    public void When_NoOffsetsAndNoMismatch_Expect_IdealThresholds()
    {
        var r = ColumnAdcCharacterization.Characterize(4, FullScale, seed: 3, ReadVariability.None, NoOffsetAmp, pointsPerLsb: 256);
        var ideal = FlashAdcThresholds.Uniform(4, FullScale, "A");
        Assert.Equal(15, r.MeasuredTrips.Length);
        // Bound: the TIA's gain error 1/(1 + A0) = 1e-4 of full scale (~8e-4 LSB) plus the sweep's linear
        // interpolation (at most half a sweep step, 1/512 LSB).
        for (int k = 0; k < 15; k++)
            Assert.InRange(Math.Abs(r.MeasuredTrips[k] - ideal.Thresholds[k]) / r.LsbAmps, 0, 0.02);
        Assert.InRange(r.MaxAbsInlLsb, 0, 0.02);
        Assert.InRange(r.MaxAbsDnlLsb, 0, 0.04);
        Assert.Equal("A", r.Thresholds.Unit);
        Assert.Equal(ideal.Thresholds, r.Thresholds.Thresholds);
    }

    [Fact]
    public void When_ComparatorOffsetsDrawn_Expect_ThresholdsMoveByOffsetOverFeedbackResistance()
    {
        var r = ColumnAdcCharacterization.Characterize(3, FullScale, seed: 11,
            new ReadVariability(comparatorOffsetSigma: 10e-3, ladderMismatchSigma: 0), NoOffsetAmp, pointsPerLsb: 256);
        // V_adc = V_FS + I R_f meets tap + V_os: the trip current moves by V_os / R_f.
        Assert.Contains(r.DrawnOffsetsVolts, o => Math.Abs(o) > 3e-3);
        for (int k = 0; k < r.MeasuredTrips.Length; k++)
        {
            double expected = r.DrawnOffsetsVolts[k] / r.FeedbackOhm;
            Assert.InRange(r.Thresholds.Offsets![k] - expected, -0.02 * r.LsbAmps, 0.02 * r.LsbAmps);
        }
    }

    [Fact]
    public void When_SameSeed_Expect_SameThresholds_AndTheExportLoadsAsTileFlash()
    {
        var a = ColumnAdcCharacterization.Characterize(3, FullScale, seed: 5);
        var b = ColumnAdcCharacterization.Characterize(3, FullScale, seed: 5);
        Assert.Equal(a.MeasuredTrips, b.MeasuredTrips);
        var path = Path.Combine(Path.GetTempPath(), $"xbar-column-adc-{Environment.ProcessId}.json");
        try
        {
            ColumnAdcCharacterization.Save(path, a.Thresholds);
            var loaded = ColumnAdcCharacterization.Load(path);
            Assert.Equal(a.Thresholds.EffectiveThresholds, loaded.EffectiveThresholds);
            // The tile's flash ADC counts comparators: the measured trips decide the code.
            var adc = new FlashAdc(loaded);
            for (int k = 0; k < a.MeasuredTrips.Length; k++)
            {
                Assert.Equal(k, adc.Code(a.MeasuredTrips[k] - 1e-12));
                Assert.Equal(k + 1, adc.Code(a.MeasuredTrips[k] + 1e-12));
            }
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void When_BitsOutOfRange_Expect_InvalidInput()
    {
        Assert.Throws<InvalidInputException>(() => ColumnAdcCharacterization.Characterize(9, FullScale, 1));
        Assert.Throws<InvalidInputException>(() => ColumnAdcCharacterization.Characterize(0, FullScale, 1));
        Assert.Throws<InvalidInputException>(() => ColumnAdcCharacterization.Characterize(4, -1, 1));
    }

    [Fact]
    public void When_Mtj4Tile_Expect_FullScaleIsRowsTimesReadVoltageTimesWindow()
    {
        var p = TilePresets.Get("mtj4");
        var c = p with { Array = p.Array with { Rows = 4 } };
        double tmr = 1.74 / (1 + 0.2 * 0.2 / (0.5 * 0.5));
        double expected = 4 * 0.2 * (1 / 3360.0 - 1 / (3360.0 * (1 + tmr)));
        Assert.Equal(expected, ColumnAdcCharacterization.FullScaleCurrent(c), 12);
    }
}
