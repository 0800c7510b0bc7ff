using Xbar.Behavioral.Config;
using Xbar.Behavioral.Tiles;
using static Xbar.Behavioral.Tests.Tiles.TileTestData;

namespace Xbar.Behavioral.Tests.Tiles;

public class CircuitTileTests
{
    [Fact]
    public void When_SameConfigAndSeed_Expect_BehavioralTileCloseToCircuitTile()
    {
        // Same cells (same seed), same periphery (8-bit DAC, no ADC): only the IR-drop model differs.
        var cfg = TilePresets.Mtj4() with
        {
            Array = new ArrayConfig(16, 16, 1.0),
            Device = TilePresets.Mtj4().Device with { SigmaPerpOhm = 30 },
            Output = new OutputConfig(),
            IrDrop = new IrDropConfig(IrDropModel.Fast),
        };
        var w = Matrix(8, 16, 9);
        var x = Matrix(4, 16, 10, 0, 1);
        var fast = BehavioralTile.Program(cfg, w, 5).MultiplyBatch(x);
        var exact = CircuitTile.Program(cfg, w, 5).MultiplyBatch(x);
        double lo = exact.Cast<double>().Min(), hi = exact.Cast<double>().Max();
        double rmse = Math.Sqrt(fast.Cast<double>().Zip(exact.Cast<double>(), (a, b) => (a - b) * (a - b)).Average());
        Assert.True(rmse / (hi - lo) < 2e-3, $"NRMSE {rmse / (hi - lo)}");
    }

    [Fact]
    public void When_CircuitTileOnIdealWires_Expect_QuantizedWeightsTimesInputs()
    {
        // Zero wire resistance, linear unquantized cells: the circuit gives W x exactly.
        var cfg = TilePresets.Linear() with { Array = new ArrayConfig(8, 8, 0.0) };
        var w = Matrix(4, 8, 11);
        var x = Matrix(2, 8, 12, -1, 1);
        var y = CircuitTile.Program(cfg, w, 1).MultiplyBatch(x);
        for (int s = 0; s < 2; s++)
        {
            var e = Product(w, Row(x, s));
            for (int o = 0; o < 4; o++) Assert.Equal(e[o], y[s, o], 1e-9);
        }
    }
}
