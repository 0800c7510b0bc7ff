using System.Globalization;
using System.Text;
using System.Text.Json;
using Xbar.Behavioral.Config;
using Xbar.Behavioral.Periphery;
using Xbar.Circuits.ReadCircuits;

namespace Xbar.Validation.ReadCircuits;

/// <summary>
/// Exports the measured thresholds of a designed flash ADC as the behavioral tile's
/// <see cref="FlashAdcThresholds"/> JSON (snake_case, as <see cref="TileConfigJson"/> reads it):
/// <c>thresholds</c> are the designed references, <c>offsets</c> the measured trip-point errors
/// (comparator offset plus ladder mismatch, i.e. the INL in volts) of Monte Carlo chip 0 of the
/// point, <c>levels</c> the nominal sense level of each state (V), unit V (the bit-line voltage).
/// A CSV next to it lists designed / measured trip points with DNL and INL, and the transfer curve.
/// </summary>
public static class FlashThresholdExport
{
    /// <summary>Behavioral thresholds from a measured transfer and the states' nominal levels.</summary>
    public static FlashAdcThresholds ToBehavioral(FlashAdcTransferResult transfer, IReadOnlyList<double> levels)
    {
        int m = transfer.Designed.Count;
        var lv = new double[m + 1];
        for (int k = 0; k <= m; k++)
            lv[k] = k < levels.Count ? levels[k] : lv[k - 1] + (levels[^1] - levels[^2]);
        var spec = new FlashAdcThresholds(transfer.Designed.ToArray(), transfer.Offsets, lv, "V");
        spec.Validate("export");
        return spec;
    }

    /// <summary>Measures chip 0 of <paramref name="point"/> and writes the JSON and CSV into <paramref name="directory"/>; returns the JSON path.</summary>
    public static string Write(CellReadPoint point, long seed, CellReadMonteCarlo monteCarlo, string directory)
    {
        var (circuit, adc) = monteCarlo.Design(point);
        var chip = monteCarlo.Draw(point, adc, seed, 0)[0];
        var transfer = FlashAdcTransfer.Measure(monteCarlo.Runner, adc, chip.ComparatorOffsets, chip.LadderFactors);
        var levels = Enumerable.Range(0, point.States).Select(k => circuit.SenseLevel(MtjReadCell.Nominal(k, point.States, point.Tmr0))).ToArray();
        var spec = ToBehavioral(transfer, levels);
        string stem = string.Create(CultureInfo.InvariantCulture, $"flash_thresholds_tmr_{point.Tmr0:R}_states_{point.States}_bits_{point.Bits}");
        string json = Path.Combine(directory, stem + ".json");
        ReadSweepStore.WriteAtomic(json, JsonSerializer.Serialize(spec, TileConfigJson.Options) + "\n");
        var csv = new StringBuilder("comparator,designed_v,measured_v,offset_v,dnl_lsb,inl_lsb\n");
        for (int k = 0; k < transfer.Designed.Count; k++)
            csv.Append(string.Create(CultureInfo.InvariantCulture,
                $"{k},{transfer.Designed[k]:R},{transfer.Measured[k]:R},{transfer.Offsets[k]:R},{(k < transfer.Dnl.Count ? transfer.Dnl[k].ToString("R", CultureInfo.InvariantCulture) : "")},{transfer.Inl[k]:R}\n"));
        ReadSweepStore.WriteAtomic(Path.Combine(directory, stem + ".csv"), csv.ToString());
        return json;
    }
}
