using Xbar.Behavioral.Config;

namespace Xbar.Behavioral.Tests.Config;

/// <summary>
/// The physics hash decides whether a calibration may be used with a config: it must change with
/// anything that changes the array's physics and ignore digital scales a network sets per layer.
/// </summary>
public class PhysicsHashTests
{
    [Fact]
    public void When_OnlyWeightClipDiffers_Expect_SameHash()
    {
        var cfg = TilePresets.Get("mtj4");
        var clipped = cfg with { Mapping = cfg.Mapping with { WeightClip = 0.37 } };
        Assert.Equal(cfg.PhysicsHash, clipped.PhysicsHash);
    }

    [Fact]
    public void When_QuantizationDiffers_Expect_DifferentHash()
    {
        var cfg = TilePresets.Get("mtj4");
        var uniform = cfg with { Mapping = cfg.Mapping with { Quantization = QuantizationKind.Uniform } };
        Assert.NotEqual(cfg.PhysicsHash, uniform.PhysicsHash);
    }

    [Fact]
    public void When_WireResistanceDiffers_Expect_DifferentHash()
    {
        var cfg = TilePresets.Get("mtj4");
        var wires = cfg with { Array = cfg.Array with { WireROhm = 2.0 } };
        Assert.NotEqual(cfg.PhysicsHash, wires.PhysicsHash);
    }

    [Fact]
    public void When_ReferenceBiasDiffers_Expect_DifferentHash_AndSameWhenSetToTheReadVoltage()
    {
        var cfg = TilePresets.Get("mtj4");
        var other = cfg with { IrDrop = cfg.IrDrop with { ReferenceBiasV = 0.1 } };
        var explicitDefault = cfg with { IrDrop = cfg.IrDrop with { ReferenceBiasV = cfg.Input.ReadVoltageV } };
        Assert.NotEqual(cfg.PhysicsHash, other.PhysicsHash);
        Assert.Equal(cfg.PhysicsHash, explicitDefault.PhysicsHash);
    }

    [Fact]
    public void When_CalibrationUsedWithAnotherReferenceBias_Expect_RefusedNamingIt()
    {
        var cfg = TilePresets.Get("mtj4") with { Array = TilePresets.Get("mtj4").Array with { Rows = 8, Cols = 8 } };
        var calibration = Xbar.Behavioral.Calibration.TileCalibrator.Calibrate(cfg, new Xbar.Behavioral.Calibration.NodalTruth(),
            new Xbar.Behavioral.Calibration.CalibrationOptions(Samples: 8, Seed: 1));
        var other = cfg with { IrDrop = cfg.IrDrop with { ReferenceBiasV = 0.1 } };
        var e = Assert.Throws<InvalidInputException>(() => calibration.EnsureMatches(other));
        Assert.Contains("ir_drop.reference_bias_v", e.Message);
    }
}
