namespace Xbar.Validation.Plots;

/// <summary>Line plots of several series, saved as PNG (ScottPlot 5, headless): the one plotting routine of the studies and the read-circuit sweeps.</summary>
public static class LinePlots
{
    /// <param name="legend">Where the legend goes; null = ScottPlot's default place.</param>
    /// <param name="legendFontSize">null = ScottPlot's default size.</param>
    public static void Save(string path, IEnumerable<(string Label, double[] X, double[] Y)> series, string xLabel, string yLabel,
        string? title = null, int width = 900, int height = 560, ScottPlot.Alignment? legend = null, float? legendFontSize = null)
    {
        var plot = new ScottPlot.Plot();
        foreach (var (label, x, y) in series)
        {
            var s = plot.Add.Scatter(x, y);
            s.LegendText = label;
        }
        if (title is not null) plot.Title(title);
        plot.XLabel(xLabel);
        plot.YLabel(yLabel);
        if (legend is { } place) plot.ShowLegend(place);
        else plot.ShowLegend();
        if (legendFontSize is { } size) plot.Legend.FontSize = size;
        plot.SavePng(path, width, height);
    }
}
