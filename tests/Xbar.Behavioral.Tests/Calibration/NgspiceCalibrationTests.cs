using Xbar.Behavioral.Calibration;
using Xbar.Behavioral.Config;

namespace Xbar.Behavioral.Tests.Calibration;

public class NgspiceCalibrationTests
{
    [Fact]
    public void When_SmallTileCalibratedWithNgspiceAndNodal_Expect_SameCoefficients()
    {
        var cfg = TilePresets.Mtj4() with { Array = new ArrayConfig(8, 8, 2.0) };
        var options = new CalibrationOptions(Samples: 8, Seed: 5, InputsPerWeight: 4);
        using var ngspice = new NgspiceTruth();
        var a = TileCalibrator.Calibrate(cfg, ngspice, options);
        var b = TileCalibrator.Calibrate(cfg, new NodalTruth(), options);
        Assert.Equal(b.Correction.CubicScale, a.Correction.CubicScale, 6);
        Assert.Equal(b.Correction.LoadScale, a.Correction.LoadScale, 4);
        Assert.Equal("ngspice", a.Engine);
    }
}
