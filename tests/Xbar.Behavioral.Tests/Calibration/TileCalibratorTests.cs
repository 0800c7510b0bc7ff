using Xbar.Behavioral.Calibration;
using Xbar.Behavioral.Config;
using Xbar.Behavioral.Tiles;

namespace Xbar.Behavioral.Tests.Calibration;

public class TileCalibratorTests
{
    private static TileConfig Small() => TilePresets.Mtj4() with { Array = new ArrayConfig(12, 12, 2.0) };

    private static TileCalibration Synthetic(IrDropCorrection known, int samples = 16) =>
        TileCalibrator.Calibrate(Small(), new SyntheticTruth(known, 0.2), new CalibrationOptions(Samples: samples, Seed: 2, InputsPerWeight: 4));

    [Fact]
    public void When_SyntheticTruthWithKnownCoefficients_Expect_CoefficientsRecovered()
    {
        // The synthetic truth is the transfer model with the known coefficients, and the model is
        // linear in both: least squares recovers them to rounding.
        var known = new IrDropCorrection(CubicScale: 0.8, LoadScale: 1.3);
        var cal = Synthetic(known);
        Assert.Equal(known.CubicScale, cal.Correction.CubicScale, 6);
        Assert.Equal(known.LoadScale, cal.Correction.LoadScale, 6);
        Assert.True(cal.HeldOutNrmse < 1e-9, $"held-out NRMSE {cal.HeldOutNrmse}");
        Assert.Empty(cal.Flags!);
        Assert.Equal("synthetic", cal.Engine);
    }

    [Fact]
    public void When_FitWouldGiveNegativeCubicScale_Expect_CalibrationRefused()
    {
        // A conductance falling with bias (TMR rising): the sign the former ladder calibrations fitted at 256x256.
        var e = Assert.Throws<InvalidInputException>(() => Synthetic(new IrDropCorrection(CubicScale: -1.5)));
        Assert.Contains("cubic_scale = -1.5", e.Message);
        Assert.Contains("refused", e.Message);
    }

    [Fact]
    public void When_FitWouldGiveNegativeLoadScale_Expect_CalibrationRefused()
    {
        var e = Assert.Throws<InvalidInputException>(() => Synthetic(new IrDropCorrection(CubicScale: 1.0, LoadScale: -2)));
        Assert.Contains("load_scale", e.Message);
    }

    [Fact]
    public void When_FitGivesThreeTimesTheDeviceCurvature_Expect_FlaggedWithEffectiveHalfBiasVoltage()
    {
        var cal = Synthetic(new IrDropCorrection(CubicScale: 3.0));
        var flag = Assert.Single(cal.Flags!);
        Assert.Contains("cubic_scale 3 is outside [0.5, 2]", flag);
        Assert.Contains("0.289 V", flag); // V_h / sqrt(3) for V_h = 0.5 V
    }

    [Fact]
    public void When_CalibratedAgainstNodal_Expect_PhysicalCoefficientsAndHeldOutFamiliesWithinBound()
    {
        // 32x32 mtj4 at 1 Ohm, structured problems: every held-out family measured below 0.03 %,
        // cubic_scale 0.97 and load_scale 1.0 (the device's own TMR curvature).
        var cfg = TilePresets.Mtj4() with { Array = new ArrayConfig(32, 32, 1.0) };
        var cal = TileCalibrator.Calibrate(cfg, new NodalTruth(), new CalibrationOptions(Samples: 24, Seed: 3));
        Assert.InRange(cal.Correction.CubicScale, 0.8, 1.25);
        Assert.InRange(cal.Correction.LoadScale, 0.5, 2.0);
        Assert.Empty(cal.Flags!);
        Assert.NotEmpty(cal.HeldOutFamilies!);
        Assert.True(cal.HeldOutWorstNrmse < 1e-3, $"worst held-out family {cal.HeldOutWorstNrmse:P3}");
        Assert.True(cal.HeldOutNrmse <= cal.HeldOutNrmseUncorrected * 1.05, $"{cal.HeldOutNrmse} vs unfitted {cal.HeldOutNrmseUncorrected}");
    }

    [Fact]
    public void When_CalibrationFileRoundTrips_Expect_TileReproducesTheCalibratedModel()
    {
        // The tile programmed with the parsed file must apply the fitted coefficients: its analog
        // currents equal the synthetic truth (the model with those coefficients), which differs from
        // the unfitted model by far more than the tolerance.
        var cfg = Small();
        var known = new IrDropCorrection(CubicScale: 0.7, LoadScale: 1.4);
        var cal = Synthetic(known);
        var back = TileCalibration.Parse(TileCalibration.Serialize(cal));
        Assert.Equal(cal.Correction, back.Correction);
        Assert.Equal(cal.HeldOutFamilies!.Count, back.HeldOutFamilies!.Count);
        var w = StructuredProblems.Weight("uniform").Make(6, 12, new Random(4));
        var tile = BehavioralTile.Program(cfg, w, 1, back);
        var p = TileProgramming.Program(cfg, w, 1, pad: true);
        var v = Enumerable.Range(0, 12).Select(i => 0.2 * ((i % 3) - 1)).ToArray();
        var truth = TileCalibrator.Logical(new SyntheticTruth(known, 0.2).Solve(p.Spec, p.Cells, [v])[0], p.Mapped);
        var unfitted = TileCalibrator.Logical(new SyntheticTruth(IrDropCorrection.Identity, 0.2).Solve(p.Spec, p.Cells, [v])[0], p.Mapped);
        var y = tile.AnalogCurrents(v);
        double scale = truth.Max(Math.Abs);
        for (int o = 0; o < y.Length; o++) Assert.Equal(truth[o], y[o], 1e-9 * scale);
        Assert.True(truth.Zip(unfitted).Max(t => Math.Abs(t.First - t.Second)) > 1e-6 * scale);
    }

    [Fact]
    public void When_CalibrationForAnotherConfig_Expect_RefusedNamingSection()
    {
        var cfg = Small();
        var cal = Synthetic(IrDropCorrection.Identity, samples: 8);
        var other = cfg with { Array = cfg.Array with { WireROhm = 3.0 } };
        var e = Assert.Throws<InvalidInputException>(() => BehavioralTile.Program(other, new double[6, 12], 1, cal));
        Assert.Contains("array", e.Message);
        Assert.Contains("calibration", e.Message);
    }

    [Fact]
    public void When_CalibrationFileEdited_Expect_HashMismatchRefused()
    {
        var cal = Synthetic(IrDropCorrection.Identity, samples: 8);
        string json = TileCalibration.Serialize(cal).Replace("\"wire_r_ohm\": 2", "\"wire_r_ohm\": 4");
        var e = Assert.Throws<InvalidInputException>(() => TileCalibration.Parse(json, "calib.json"));
        Assert.Contains("config_hash", e.Message);
    }

    [Fact]
    public void When_FileHoldsTheFormerLadderCorrection_Expect_RefusedAskingToRecalibrate()
    {
        var cal = Synthetic(IrDropCorrection.Identity, samples: 8);
        string json = TileCalibration.Serialize(cal).Replace("\"cubic_scale\"", "\"word_line_scale\": 0.9,\n    \"cubic_scale\"");
        var e = Assert.Throws<InvalidInputException>(() => TileCalibration.Parse(json, "old.json"));
        Assert.Contains("old.json", e.Message);
        Assert.Contains("xbar calibrate", e.Message);
    }
}
