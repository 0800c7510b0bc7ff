using System.Globalization;
using System.Text;
using ScottPlot;
using Xbar.Validation.Demo;

namespace Xbar.Validation.Networks;

/// <summary>The report of <c>xbar run</c>: report.md (one table and the per-layer settings) and outputs.png (tile vs float outputs).</summary>
public static class ModelRunReport
{
    /// <summary>Points drawn at most in the scatter (every k-th output beyond that).</summary>
    private const int MaxPoints = 20000;

    public static IReadOnlyList<string> Write(string outDir, ModelRunSummary s, double[] floatOut, double[] tileOut)
    {
        string png = Path.Combine(outDir, "outputs.png");
        Scatter(floatOut, tileOut, png);
        string md = Path.Combine(outDir, "report.md");
        File.WriteAllText(md, Markdown(s));
        return [md, png];
    }

    /// <summary>The summary's rows: what, value.</summary>
    public static IReadOnlyList<(string What, string Value)> Rows(ModelRunSummary s)
    {
        string P(double? v) => v is { } x ? x.ToString("F2", CultureInfo.InvariantCulture) + " %" : "- (no label per output)";
        string F(double? v, string f) => v is { } x ? x.ToString(f, CultureInfo.InvariantCulture) : "-";
        return
        [
            ("images", s.Images.ToString(CultureInfo.InvariantCulture)),
            ("float accuracy", P(s.FloatAcc)),
            ("tile accuracy", P(s.TileAcc)),
            ("prediction agreement (float vs tiles)", s.Agreement is { } a ? a.ToString("F2", CultureInfo.InvariantCulture) + " %" : "-"),
            ("output cosine similarity (mean / min over images)", $"{F(s.CosineSimilarity, "F5")} / {F(s.MinCosineSimilarity, "F5")}"),
            ("output NRMSE vs float (RMSE / range)", s.Nrmse is { } e ? (100 * e).ToString("F3", CultureInfo.InvariantCulture) + " %" : "-"),
            ("tiles", $"{s.Tiles} ({s.TileGeometry})"),
        ];
    }

    public static string Markdown(ModelRunSummary s)
    {
        string L(double[]? v, string f) => v is null ? "-" : string.Join(", ", v.Select(x => x.ToString(f, CultureInfo.InvariantCulture)));
        var sb = new StringBuilder();
        sb.AppendLine("# xbar run");
        sb.AppendLine();
        sb.AppendLine($"Model: `{s.Model}` ({DemoTable.MarkdownCell(s.Graph ?? "")}), batch normalization folded into the preceding weights.");
        sb.AppendLine();
        sb.AppendLine($"Data: {s.Dataset}; {s.Preprocessing}.");
        sb.AppendLine();
        sb.AppendLine($"Tile: {s.Tile}; every weight layer (Conv, Gemm, MatMul) on tiles, everything else digital in float.");
        sb.AppendLine();
        sb.AppendLine("| quantity | value |");
        sb.AppendLine("|---|---|");
        foreach (var (what, value) in Rows(s)) sb.AppendLine($"| {DemoTable.MarkdownCell(what)} | {DemoTable.MarkdownCell(value)} |");
        sb.AppendLine();
        sb.AppendLine($"Per-layer settings, measured with the float graph on {s.RangeImages} training images:");
        sb.AppendLine();
        sb.AppendLine($"- DAC full scale (largest |input|): {L(s.LayerInputMax, "G4")}");
        sb.AppendLine($"- weight clip ({s.WeightClipRule}): {L(s.LayerWeightClip, "G4")}");
        if (s.SliceAdcRangeFraction is { } slices)
            for (int k = 0; k < slices.Length; k++)
                sb.AppendLine($"- ADC range of slice {k} (least significant first; {s.AdcRange}), fraction of the worst case: {L(slices[k], "G4")}");
        else
            sb.AppendLine($"- ADC range ({s.AdcRange}), fraction of the worst case: {L(s.LayerAdcRangeFraction, "G4")}");
        sb.AppendLine($"- tiles per layer: {(s.LayerTiles is null ? "-" : string.Join(", ", s.LayerTiles))}");
        sb.AppendLine();
        sb.AppendLine(string.Create(CultureInfo.InvariantCulture, $"Time: {string.Join(", ", s.StepSeconds.Select(kv => $"{kv.Key} {kv.Value:F1} s"))}."));
        sb.AppendLine();
        sb.AppendLine("![tile vs float outputs](outputs.png)");
        return sb.ToString();
    }

    private static void Scatter(double[] floatOut, double[] tileOut, string path)
    {
        int step = Math.Max(1, floatOut.Length / MaxPoints);
        var fx = floatOut.Where((_, i) => i % step == 0).ToArray();
        var ty = tileOut.Where((_, i) => i % step == 0).ToArray();
        var plot = new Plot();
        if (fx.Length > 0)
        {
            var points = plot.Add.ScatterPoints(fx, ty);
            points.MarkerSize = 3;
            points.LegendText = step == 1 ? "every output of every image" : $"every {step}th output";
            double lo = Math.Min(fx.Min(), ty.Min()), hi = Math.Max(fx.Max(), ty.Max());
            var line = plot.Add.Line(lo, lo, hi, hi);
            line.LegendText = "y = x";
            line.LinePattern = LinePattern.Dashed;
            plot.ShowLegend(Alignment.UpperLeft);
        }
        plot.XLabel("float executor");
        plot.YLabel("through tiles");
        plot.Title("Model outputs: tiles vs float");
        plot.SavePng(path, 700, 640);
    }
}
