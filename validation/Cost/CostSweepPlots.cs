using Xbar.Circuits.Cost;
using Xbar.Validation.Plots;

namespace Xbar.Validation.Cost;

/// <summary>
/// PNG plots of a cost sweep (means over seeds): energy and latency per MVM against the number of
/// cells (dense inputs, the largest resolution swept), one line per cell type and encoding, for each
/// ADC kind; energy against ADC resolution for the largest array; and, per cell type and encoding,
/// the energy by part against size (log10, SAR when swept).
/// </summary>
public static class CostSweepPlots
{
    public static void Write(IReadOnlyList<CostSample> samples, string directory)
    {
        if (samples.Count == 0) return;
        int bits = samples.Max(s => s.Bits);
        var dense = samples.Where(s => s.Inputs == InputStatistics.Dense.Name).ToList();
        if (dense.Count == 0) dense = samples.Where(s => s.Inputs == samples[0].Inputs).ToList();
        foreach (var adc in dense.Select(s => s.Adc).Distinct())
        {
            var rows = dense.Where(s => s.Adc == adc && s.Bits == bits).ToList();
            Save(Path.Combine(directory, $"energy_vs_cells_{adc}.png"), BySize(rows, s => s.Energy.Total * 1e12),
                "Cells per tile (rows x cols)", $"Energy per MVM (pJ), {bits}-bit {adc} ADC");
            Save(Path.Combine(directory, $"latency_vs_cells_{adc}.png"), BySize(rows, s => s.Latency.Total * 1e9),
                "Cells per tile (rows x cols)", $"Latency per MVM (ns), {bits}-bit {adc} ADC");
        }
        int largest = dense.Max(s => s.Rows * s.Cols);
        var big = dense.Where(s => s.Rows * s.Cols == largest).ToList();
        Save(Path.Combine(directory, "energy_vs_bits.png"),
            big.GroupBy(s => (s.Cell, s.Encoding, s.Adc)).OrderBy(g => g.Key.ToString(), StringComparer.Ordinal)
               .Select(g => Series($"{g.Key.Cell} {g.Key.Encoding} {g.Key.Adc}", g, s => s.Bits, s => s.Energy.Total * 1e12)),
            "ADC bits", $"Energy per MVM (pJ), {big[0].Rows}x{big[0].Cols}");
        string partsAdc = dense.Any(s => s.Adc == "sar") ? "sar" : dense[0].Adc;
        foreach (var cell in dense.Select(s => (s.Cell, s.Encoding)).Distinct())
        {
            var rows = dense.Where(s => s.Cell == cell.Cell && s.Encoding == cell.Encoding && s.Bits == bits && s.Adc == partsAdc).ToList();
            var parts = new (string Name, Func<CostSample, double> Value)[]
            {
                ("drivers", s => s.Energy.Drivers), ("cells", s => s.Energy.Cells), ("wires", s => s.Energy.Wires),
                ("tia", s => s.Energy.Tia), ("adc", s => s.Energy.Adc), ("shift_add", s => s.Energy.ShiftAdd),
            };
            Save(Path.Combine(directory, $"parts_{cell.Cell}_{cell.Encoding}.png"),
                parts.Select(p => Series(p.Name, rows, s => s.Rows * (double)s.Cols, s => Math.Log10(Math.Max(p.Value(s) * 1e12, 1e-6)))),
                "Cells per tile (rows x cols)", $"log10 energy per MVM by part (pJ), {bits}-bit {partsAdc}");
        }
    }

    private static IEnumerable<(string, double[], double[])> BySize(List<CostSample> rows, Func<CostSample, double> value) =>
        rows.GroupBy(s => (s.Cell, s.Encoding)).OrderBy(g => g.Key.ToString(), StringComparer.Ordinal)
            .Select(g => Series($"{g.Key.Cell} {g.Key.Encoding}", g, s => s.Rows * (double)s.Cols, value));

    /// <summary>One line: the mean of <paramref name="y"/> at each distinct <paramref name="x"/>, sorted by x.</summary>
    private static (string, double[], double[]) Series(string label, IEnumerable<CostSample> rows, Func<CostSample, double> x, Func<CostSample, double> y)
    {
        var points = rows.GroupBy(x).OrderBy(g => g.Key).Select(g => (g.Key, g.Average(y))).ToArray();
        return (label, points.Select(p => p.Key).ToArray(), points.Select(p => p.Item2).ToArray());
    }

    private static void Save(string path, IEnumerable<(string, double[], double[])> series, string xLabel, string yLabel) =>
        LinePlots.Save(path, series, xLabel, yLabel, width: 760, height: 480);
}
