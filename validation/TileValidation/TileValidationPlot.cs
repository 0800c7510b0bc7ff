using ScottPlot;

namespace Xbar.Validation.TileValidation;

/// <summary>
/// PNG of a validation run: the worst family's mean NRMSE and the largest max error of each
/// IR-drop option vs array size (one line per option and wire R), and time per MVM (one vector at a
/// time and in batches).
/// </summary>
public static class TileValidationPlot
{
    public static void Write(IReadOnlyList<TileValidationRow> rows, string path)
    {
        var summary = rows.Where(r => r.Family == "all").ToList();
        var multi = new Multiplot();
        multi.AddPlots(3);
        multi.Layout = new ScottPlot.MultiplotLayouts.Columns();
        var (errPlot, maxPlot, timePlot) = (multi.GetPlot(0), multi.GetPlot(1), multi.GetPlot(2));
        // Colour = IR-drop option, line pattern = wire resistance.
        var palette = new ScottPlot.Palettes.Category10();
        var models = summary.Select(r => r.Model).Distinct().ToList();
        var wires = summary.Select(r => r.WireR).Distinct().OrderBy(r => r).ToList();
        LinePattern[] patterns = [LinePattern.Solid, LinePattern.Dashed, LinePattern.Dotted, LinePattern.DenselyDashed];
        foreach (var group in summary.Where(r => r.Model != "nodal").GroupBy(r => (r.Model, r.WireR)))
        {
            var pts = group.OrderBy(r => r.Rows).ToList();
            double[] xs = pts.Select(p => Math.Log2(p.Rows)).ToArray();
            var c = palette.GetColor(models.IndexOf(group.Key.Model));
            var pattern = patterns[wires.IndexOf(group.Key.WireR) % patterns.Length];
            string label = $"{group.Key.Model}, {group.Key.WireR:0.###} Ohm";
            var s1 = errPlot.Add.Scatter(xs, pts.Select(p => Math.Log10(Math.Max(p.WorstNrmse, 1e-17))).ToArray());
            s1.LegendText = label; s1.Color = c; s1.LinePattern = pattern;
            var s2 = maxPlot.Add.Scatter(xs, pts.Select(p => Math.Log10(Math.Max(p.MaxErr, 1e-17))).ToArray());
            s2.Color = c; s2.LinePattern = pattern;
        }
        foreach (var group in summary.GroupBy(r => r.Model))
        {
            var c = palette.GetColor(models.IndexOf(group.Key));
            var pts = group.GroupBy(r => r.Rows)
                .Select(g => (n: g.Key, t: g.Average(r => r.UsPerMvm), b: g.Average(r => r.UsPerMvmBatch)))
                .Where(p => double.IsFinite(p.t)).OrderBy(p => p.n).ToList();
            if (pts.Count == 0) continue;
            var xs = pts.Select(p => Math.Log2(p.n)).ToArray();
            var s = timePlot.Add.Scatter(xs, pts.Select(p => Math.Log10(Math.Max(p.t, 1e-3))).ToArray());
            s.LegendText = group.Key; s.Color = c;
            if (group.Key == "nodal") continue;
            var sb = timePlot.Add.Scatter(xs, pts.Select(p => Math.Log10(Math.Max(p.b, 1e-3))).ToArray());
            sb.Color = c; sb.LinePattern = LinePattern.Dotted;
        }
        errPlot.Title("worst family NRMSE vs exact solve"); errPlot.YLabel("log10 NRMSE (worst family mean)"); errPlot.XLabel("log2 array size n");
        maxPlot.Title("max error / output range"); maxPlot.YLabel("log10 max error"); maxPlot.XLabel("log2 array size n");
        timePlot.Title("time per MVM (dotted: batches of 1024)"); timePlot.YLabel("log10 us per MVM"); timePlot.XLabel("log2 array size n");
        errPlot.ShowLegend(Edge.Left);
        timePlot.ShowLegend(Alignment.UpperLeft);
        multi.SavePng(path, 1800, 560);
    }
}
