using ScottPlot;

namespace Xbar.Validation.Demo;

/// <summary>The demo's PNG figures (ScottPlot): accuracy by mode, error split per layer, behavioral vs circuit logits.</summary>
public static class DemoPlots
{
    /// <summary>Bar chart of test accuracy (percent) by inference mode, with the paper's two numbers.</summary>
    public static void Accuracy(IReadOnlyList<(string Label, double Percent)> bars, string path)
    {
        var plot = new Plot();
        var palette = new ScottPlot.Palettes.Category10();
        var list = new List<Bar>();
        for (int i = 0; i < bars.Count; i++)
            list.Add(new Bar { Position = i, Value = bars[i].Percent, FillColor = palette.GetColor(i % 10), Label = bars[i].Percent.ToString("F2", System.Globalization.CultureInfo.InvariantCulture) });
        var barPlot = plot.Add.Bars(list);
        barPlot.ValueLabelStyle.FontSize = 14;
        plot.Axes.Bottom.SetTicks(Enumerable.Range(0, bars.Count).Select(i => (double)i).ToArray(), bars.Select(b => b.Label).ToArray());
        plot.Axes.Bottom.MinimumSize = 60; // room for two-line labels
        double lo = Math.Max(0, bars.Min(b => b.Percent) - 5);
        plot.Axes.SetLimitsY(lo, 100);
        plot.YLabel("test accuracy (%)");
        plot.Title("MNIST accuracy by inference mode");
        plot.SavePng(path, 1000, 560);
    }

    /// <summary>Grouped bars: RMSE of each layer's pre-activations against float, per error class.</summary>
    public static void ErrorSplit(IReadOnlyList<DemoSplitRow> rows, string path)
    {
        var plot = new Plot();
        var palette = new ScottPlot.Palettes.Category10();
        int layers = rows.Count == 0 ? 0 : rows[0].LayerRmse.Length;
        double width = 0.8 / Math.Max(1, rows.Count);
        for (int r = 0; r < rows.Count; r++)
        {
            var bars = new List<Bar>();
            for (int l = 0; l < layers; l++)
                bars.Add(new Bar { Position = l + (r - (rows.Count - 1) / 2.0) * width, Value = rows[r].LayerRmse[l], Size = width * 0.95, FillColor = palette.GetColor(r) });
            var bp = plot.Add.Bars(bars);
            bp.LegendText = rows[r].Source switch
            {
                "circuit" => "quantization + circuit",
                "systematic" or "random" => $"{rows[r].Source} (unquantized)",
                var other => other,
            };
        }
        plot.Axes.Bottom.SetTicks(Enumerable.Range(0, layers).Select(l => (double)l).ToArray(),
            Enumerable.Range(0, layers).Select(l => $"layer {l + 1}").ToArray());
        plot.YLabel("RMSE of pre-activations vs float");
        plot.Title("Error split per layer");
        plot.ShowLegend(Alignment.UpperLeft);
        plot.SavePng(path, 900, 560);
    }

    /// <summary>Scatter of behavioral-tile logits against circuit-in-the-loop logits (same images), with y = x.</summary>
    public static void LogitScatter(double[] circuit, double[] behavioral, string path)
    {
        var plot = new Plot();
        var s = plot.Add.ScatterPoints(circuit, behavioral);
        s.MarkerSize = 3;
        s.LegendText = "logits (10 per image)";
        double lo = Math.Min(circuit.Min(), behavioral.Min()), hi = Math.Max(circuit.Max(), behavioral.Max());
        var line = plot.Add.Line(lo, lo, hi, hi);
        line.LegendText = "y = x";
        line.LinePattern = LinePattern.Dashed;
        plot.XLabel("circuit in the loop (nodal solver)");
        plot.YLabel("calibrated behavioral tile");
        plot.Title("Network logits: behavioral vs circuit");
        plot.ShowLegend(Alignment.UpperLeft);
        plot.SavePng(path, 700, 640);
    }
}
