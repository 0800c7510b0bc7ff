using Xbar.Behavioral.Config;
using Xbar.Behavioral.Tiles;
using Xbar.Validation.TileValidation;

namespace Xbar.Validation.Tests.TileValidation;

/// <summary>`xbar tile --check K`: the behavioral tile against the nodal solve of the same cells on the user's own MVMs.</summary>
public class TileCheckTests
{
    private static (double[,] W, double[,] X) Data()
    {
        var r = new Random(3);
        var w = new double[16, 32];
        for (int o = 0; o < 16; o++) for (int i = 0; i < 32; i++) w[o, i] = 2 * r.NextDouble() - 1;
        var x = new double[10, 32];
        for (int s = 0; s < 10; s++) for (int i = 0; i < 32; i++) x[s, i] = r.NextDouble();
        return (w, x);
    }

    [Theory]
    [InlineData(IrDropModel.None, 0.01, 1.0)]   // ideal wires on a 2.5-Ohm array: measured 4 % NRMSE
    [InlineData(IrDropModel.Exact, 0.0, 5e-4)]  // the transfer model: measured 0.01 %
    public void When_CheckedAgainstNodal_Expect_ErrorOfTheOptionMeasured(IrDropModel model, double lo, double hi)
    {
        var cfg = TilePresets.Mtj4() with { Array = new ArrayConfig(32, 32, 2.5), IrDrop = new IrDropConfig(model) };
        var (w, x) = Data();
        var tile = BehavioralTile.Program(cfg, w, 4);
        var check = TileCheck.Run(cfg, w, x, tile, 4, 3);
        Assert.Equal(3, check.Checked);
        Assert.Equal(10, check.Total);
        Assert.InRange(check.AnalogNrmse, lo, hi);
        Assert.Contains("3 of 10 MVMs", check.Describe());
    }
}
