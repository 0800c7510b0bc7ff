using Xbar.Behavioral.Calibration;
using Xbar.Behavioral.Config;
using Xbar.Behavioral.Tiles;

namespace Xbar.Behavioral.Tests.Calibration;

/// <summary>Calibration draws the input patterns a network feeds the tile (signed PCA projections; dense, sparse or saturated ReLU activations).</summary>
public class SignedInputCalibrationTests
{
    [Theory]
    [InlineData(CalibrationInputs.NonNegative, false)]
    [InlineData(CalibrationInputs.Signed, true)]
    [InlineData(CalibrationInputs.Mixed, true)]
    public void When_CaseDrawnWithDistribution_Expect_VoltagesInItsRange(CalibrationInputs d, bool expectNegative)
    {
        var cfg = TilePresets.Mtj4() with { Array = new ArrayConfig(8, 8, 1.0) };
        double v = cfg.Input.ReadVoltageV;
        var patterns = TileCalibrator.InputPatterns(d);
        var c = TileCalibrator.MakeCase(cfg, new SyntheticTruth(IrDropCorrection.Identity, v), StructuredProblems.Weight("uniform"),
            patterns.Concat(patterns).ToArray(), new Random(5), 5);
        var all = c.Voltages.SelectMany(x => x).ToList();
        Assert.All(all, x => Assert.InRange(x, -v, v));
        Assert.Equal(expectNegative, all.Any(x => x < 0));
        Assert.Equal(patterns.Select(p => $"uniform/{p.Name}"), c.Families!.Take(patterns.Count));
    }

    [Fact]
    public void When_DefaultCalibration_Expect_EveryInputPatternAndSeveralWeightPatternsSolved()
    {
        var cfg = TilePresets.Mtj4() with { Array = new ArrayConfig(8, 8, 1.0) };
        var cal = TileCalibrator.Calibrate(cfg, new SyntheticTruth(IrDropCorrection.Identity, 0.2), new CalibrationOptions(Samples: 32));
        Assert.Equal(CalibrationInputs.Mixed, cal.Inputs);
        var held = cal.HeldOutFamilies!.Select(f => f.Family).ToList();
        // 8 matrices, 2 held out, each read with the four input patterns.
        Assert.Equal(8, held.Count);
        Assert.Equal(StructuredProblems.Inputs.Select(p => p.Name).Order(), held.Select(f => f.Split('/')[1]).Distinct().Order());
        Assert.Equal(2, held.Select(f => f.Split('/')[0]).Distinct().Count());
    }

    [Fact]
    public void When_CalibrationSavedAndFileWithoutInputs_Expect_DistributionRoundTripsAndMissingReadsNonNegative()
    {
        var cfg = TilePresets.Mtj4() with { Array = new ArrayConfig(8, 8, 1.0) };
        var cal = TileCalibrator.Calibrate(cfg, new SyntheticTruth(IrDropCorrection.Identity, 0.2),
            new CalibrationOptions(Samples: 8, Inputs: CalibrationInputs.Signed));
        string json = TileCalibration.Serialize(cal);
        Assert.Contains("\"inputs\": \"signed\"", json);
        Assert.Equal(CalibrationInputs.Signed, TileCalibration.Parse(json).Inputs);
        string old = json.Replace(",\n  \"inputs\": \"signed\"", "");
        Assert.DoesNotContain("\"inputs\"", old);
        Assert.Equal(CalibrationInputs.NonNegative, TileCalibration.Parse(old).Inputs);
    }
}
