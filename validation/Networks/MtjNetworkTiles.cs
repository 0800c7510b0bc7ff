using Xbar.Behavioral.Config;
using Xbar.Behavioral.Mapping;
using Xbar.Behavioral.Networks;

namespace Xbar.Validation.Networks;

/// <summary>
/// The tile configs of the demo and the PCA study (4-state MTJ tiles in the manner of Moureaux 2026)
/// (their weight geometry is <see cref="TileGeometry.Of"/>). Networks program them with behavioral/Networks' <see cref="LayerTileProgrammer"/>
/// (per-layer DAC full scale, weight clip and ADC range, measured by <see cref="LayerRanges"/>).
/// </summary>
public static class MtjNetworkTiles
{
    /// <summary>The tile of the demo and the PCA study: the mtj4 preset (Moureaux 2026 4-state MTJ, 1 Ohm wires, 8-bit DAC/ADC,
    /// calibrated IR drop) at <paramref name="rows"/> x <paramref name="cols"/> cells, with the offsets sigma_NL and sigma_perp (Ohm).
    /// Weights map to the device's 4 uniformly spaced states with one clip per layer (chosen from the whole
    /// layer by the programmer below, <see cref="WeightClipRule"/>), so every tile of a layer realizes the same
    /// weight levels, as fixed MTJ states do.</summary>
    public static TileConfig Full(int rows, int cols, double sigmaNlOhm, double sigmaPerpOhm)
    {
        var p = TilePresets.Get("mtj4");
        return (p with
        {
            Array = p.Array with { Rows = rows, Cols = cols },
            Device = p.Device with { SigmaNlOhm = sigmaNlOhm, SigmaPerpOhm = sigmaPerpOhm },
            Mapping = p.Mapping with { Quantization = QuantizationKind.Uniform },
            Name = $"mtj4-demo-{rows}x{cols}",
        }).Validate();
    }

    /// <summary>
    /// Quantization alone: the same 4-level mapping and clip on ohmic cells spanning the MTJ's low-bias
    /// window (G_AP = G_P / (1 + TMR0) to G_P), so the MTJ's bias-dependent TMR, which shrinks the window
    /// at the read voltage, stays out of this row; no offsets, ideal wires, unlimited DAC/ADC bits.
    /// </summary>
    public static TileConfig QuantizationOnly(TileConfig full)
    {
        double gP = 1 / full.Device.RpOhm;
        return (full with
        {
            Device = full.Device with
            {
                Kind = DeviceKind.Linear, GMinS = gP / (1 + full.Device.Tmr0), GMaxS = gP,
                SigmaNlOhm = 0, SigmaPerpOhm = 0, ProgrammingSigma = 0, ReadNoiseSigma = 0, DeviceSpreadSigma = 0,
            },
            Input = full.Input with { DacBits = null },
            Output = full.Output with { AdcBits = null, Flash = null },
            IrDrop = new IrDropConfig(IrDropModel.None),
            Name = full.Name + "-quantization-only",
        }).Validate();
    }
}
