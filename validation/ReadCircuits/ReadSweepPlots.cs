using Xbar.Circuits.ReadCircuits;

namespace Xbar.Validation.ReadCircuits;

/// <summary>
/// PNG plots of a cell-read sweep (ScottPlot): latency, energy and code error rate against TMR (one
/// line per number of states) and, when several numbers of states were run, against states (one
/// line per TMR).
/// </summary>
public static class ReadSweepPlots
{
    public static void Write(IReadOnlyList<CellReadResult> points, string directory)
    {
        if (points.Count == 0) return;
        var metrics = new (string File, string Label, Func<CellReadResult, double> Value)[]
        {
            ("latency", "Read latency (ns)", r => r.LatencyNs),
            ("energy", "Energy per read (fJ)", r => r.EnergyFj),
            ("error_rate", "Code error rate", r => r.CodeErrorRate),
        };
        foreach (var (file, label, value) in metrics)
        {
            if (points.Select(p => p.Tmr0).Distinct().Count() > 1)
                Plot(points.GroupBy(p => p.States).OrderBy(g => g.Key)
                        .Select(g => ($"{g.Key} states", g.OrderBy(p => p.Tmr0).Select(p => p.Tmr0 * 100).ToArray(), g.OrderBy(p => p.Tmr0).Select(value).ToArray())),
                    "TMR (%)", label, Path.Combine(directory, $"{file}_vs_tmr.png"));
            if (points.Select(p => p.States).Distinct().Count() > 1)
                Plot(points.GroupBy(p => p.Tmr0).OrderBy(g => g.Key)
                        .Select(g => ($"TMR {g.Key * 100:0.#} %", g.OrderBy(p => p.States).Select(p => (double)p.States).ToArray(), g.OrderBy(p => p.States).Select(value).ToArray())),
                    "Number of states", label, Path.Combine(directory, $"{file}_vs_states.png"));
        }
    }

    private static void Plot(IEnumerable<(string Name, double[] X, double[] Y)> series, string xLabel, string yLabel, string path) =>
        Plots.LinePlots.Save(path, series, xLabel, yLabel, width: 640, height: 420);
}
