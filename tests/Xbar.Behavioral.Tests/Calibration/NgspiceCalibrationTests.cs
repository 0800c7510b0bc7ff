using Xbar.Behavioral.Calibration;
using Xbar.Behavioral.Config;

namespace Xbar.Behavioral.Tests.Calibration;

public class NgspiceCalibrationTests
{
    [Fact]
    public void When_SmallTileCalibratedWithNgspiceAndNodal_Expect_SameParameters()
    {
        var cfg = TilePresets.Mtj4() with { Array = new ArrayConfig(8, 8, 2.0) };
        var options = new CalibrationOptions(Samples: 4, Seed: 5, InputsPerWeight: 2);
        using var ngspice = new NgspiceTruth();
        var a = TileCalibrator.Calibrate(cfg, ngspice, options);
        var b = TileCalibrator.Calibrate(cfg, new NodalTruth(), options);
        var pa = a.Correction.ToArray();
        var pb = b.Correction.ToArray();
        for (int k = 0; k < pa.Length; k++) Assert.Equal(pb[k], pa[k], 1e-6);
        Assert.Equal("ngspice", a.Engine);
    }
}
