using System.Globalization;
using Xbar.Behavioral.Config;
using Xbar.Behavioral.Periphery;
using Xbar.Validation.ReadCircuits;

namespace Xbar.Validation.Demo;

/// <summary>The demo tile's column ADC as measured in ngspice (or loaded from the cache).</summary>
/// <param name="Measured">Thresholds measured in SPICE (unit A; nominal + offsets, ideal levels).</param>
/// <param name="Ideal">The same converter with ideal thresholds (same fixed full scale).</param>
public sealed record DemoColumnAdcResult(FlashAdcThresholds Measured, FlashAdcThresholds Ideal, int Bits, double FullScaleAmps,
    double LsbAmps, double MaxAbsInlLsb, double MaxAbsDnlLsb, bool FromCache, string Description);

/// <summary>
/// The step "behavioral tiles with SPICE-measured column ADC thresholds": the tile's output converter
/// (TIA + b-bit flash on the column-pair current, <see cref="ColumnAdcCharacterization"/>) is
/// characterized once in ngspice with comparator offsets and ladder mismatch drawn from the demo's
/// seed, and cached in DIR/cache like the calibration.
/// </summary>
public static class DemoColumnAdc
{
    /// <param name="fullScaleAmps">The converter's full scale I_FS (A); null = the tile's worst case, rows x V_read x (G_P - G_AP(V_read)).</param>
    public static DemoColumnAdcResult MeasureOrLoad(DemoOptions options, TileConfig full, string cacheDir, double? fullScaleAmps = null)
    {
        int bits = Math.Clamp(full.Output.AdcBits ?? 8, 1, 8);
        double fs = fullScaleAmps ?? ColumnAdcCharacterization.FullScaleCurrent(full);
        var ideal = FlashAdcThresholds.Uniform(bits, fs, "A");
        double lsb = 2 * fs / (1 << bits);
        string path = Path.Combine(cacheDir, string.Create(CultureInfo.InvariantCulture,
            $"column-adc-{full.PhysicsHash}-bits{bits}-seed{options.Seed}{(fullScaleAmps is null ? "" : $"-fs{fs * 1e9:F1}nA")}.json"));
        if (!options.Retrain && File.Exists(path))
        {
            try
            {
                var cached = ColumnAdcCharacterization.Load(path);
                if (cached.Thresholds.Length == ideal.Thresholds.Length && cached.Unit == "A"
                    && cached.Thresholds.Zip(ideal.Thresholds).All(p => Math.Abs(p.First - p.Second) <= 1e-9 * fs))
                {
                    var (inl, dnl) = ColumnAdcCharacterization.Linearity(ideal.Thresholds, cached.EffectiveThresholds, lsb);
                    return new(cached, ideal, bits, fs, lsb, inl, dnl, true,
                        string.Create(CultureInfo.InvariantCulture,
                            $"{bits}-bit column flash ADC (full scale +-{fs * 1e6:F2} uA, LSB {lsb * 1e9:F1} nA, seed {options.Seed}, cached): max |INL| {inl:F3} LSB, max |DNL| {dnl:F3} LSB"));
                }
            }
            catch (InvalidInputException)
            {
                // Remeasure below.
            }
        }
        var r = ColumnAdcCharacterization.Characterize(bits, fs, options.Seed);
        ColumnAdcCharacterization.Save(path, r.Thresholds);
        return new(r.Thresholds, ideal, bits, fs, lsb, r.MaxAbsInlLsb, r.MaxAbsDnlLsb, false,
            ColumnAdcCharacterization.Describe(r, bits, options.Seed));
    }

    /// <summary>The tile config with its output ADC replaced by a flash ADC of the given thresholds.</summary>
    public static TileConfig WithFlash(TileConfig full, FlashAdcThresholds thresholds) =>
        (full with { Output = full.Output with { Flash = thresholds } }).Validate();
}
