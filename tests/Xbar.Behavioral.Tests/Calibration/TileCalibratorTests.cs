using Xbar.Behavioral.Calibration;
using Xbar.Behavioral.Config;
using Xbar.Behavioral.Tiles;

namespace Xbar.Behavioral.Tests.Calibration;

public class TileCalibratorTests
{
    private static TileConfig Small() => TilePresets.Mtj4() with { Array = new ArrayConfig(12, 12, 2.0) };

    [Fact]
    public void When_SyntheticTruthWithKnownCorrection_Expect_ParametersRecovered()
    {
        var cfg = Small();
        var known = new IrDropCorrection(WordLineScale: 1.4, BitLineScale: 0.7, CubicScale: 0.8, Gain: 0.95);
        var cal = TileCalibrator.Calibrate(cfg, new SyntheticTruth(known, cfg.Input.ReadVoltageV), new CalibrationOptions(Samples: 12, Seed: 2, InputsPerWeight: 4));
        Assert.Equal(known.WordLineScale, cal.Correction.WordLineScale, 3);
        Assert.Equal(known.BitLineScale, cal.Correction.BitLineScale, 3);
        Assert.Equal(known.CubicScale, cal.Correction.CubicScale, 3);
        Assert.Equal(known.Gain, cal.Correction.Gain, 4);
        Assert.True(cal.HeldOutNrmse < 1e-6, $"held-out NRMSE {cal.HeldOutNrmse}");
        Assert.Equal("synthetic", cal.Engine);
    }

    [Fact]
    public void When_CalibratedAgainstNodal_Expect_HeldOutErrorBelowUncalibrated()
    {
        var cfg = Small();
        var cal = TileCalibrator.Calibrate(cfg, new NodalTruth(), new CalibrationOptions(Samples: 8, Seed: 3));
        Assert.True(cal.HeldOutNrmse <= cal.HeldOutNrmseUncorrected * 1.05, $"{cal.HeldOutNrmse} vs {cal.HeldOutNrmseUncorrected}");
        Assert.True(cal.HeldOutNrmse < 0.01, $"held-out NRMSE {cal.HeldOutNrmse}");
    }

    [Fact]
    public void When_CalibrationFileRoundTrips_Expect_SameCorrectionAndAccepted()
    {
        var cfg = Small();
        var cal = TileCalibrator.Calibrate(cfg, new SyntheticTruth(IrDropCorrection.Identity, 0.2), new CalibrationOptions(Samples: 8));
        var back = TileCalibration.Parse(TileCalibration.Serialize(cal));
        Assert.Equal(cal.Correction, back.Correction);
        back.EnsureMatches(cfg); // does not throw
        var w = new double[6, 12];
        w[0, 0] = 1;
        Assert.NotNull(BehavioralTile.Program(cfg, w, 1, back));
    }

    [Fact]
    public void When_CalibrationForAnotherConfig_Expect_RefusedNamingSection()
    {
        var cfg = Small();
        var cal = TileCalibrator.Calibrate(cfg, new SyntheticTruth(IrDropCorrection.Identity, 0.2), new CalibrationOptions(Samples: 8));
        var other = cfg with { Array = cfg.Array with { WireROhm = 3.0 } };
        var e = Assert.Throws<InvalidInputException>(() => BehavioralTile.Program(other, new double[6, 12], 1, cal));
        Assert.Contains("array", e.Message);
        Assert.Contains("calibration", e.Message);
    }

    [Fact]
    public void When_CalibrationFileEdited_Expect_HashMismatchRefused()
    {
        var cfg = Small();
        var cal = TileCalibrator.Calibrate(cfg, new SyntheticTruth(IrDropCorrection.Identity, 0.2), new CalibrationOptions(Samples: 8));
        string json = TileCalibration.Serialize(cal).Replace("\"wire_r_ohm\": 2", "\"wire_r_ohm\": 4");
        var e = Assert.Throws<InvalidInputException>(() => TileCalibration.Parse(json, "calib.json"));
        Assert.Contains("config_hash", e.Message);
    }
}
