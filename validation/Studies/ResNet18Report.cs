using System.Globalization;
using System.Text;
using ScottPlot;

namespace Xbar.Validation.Studies;

/// <summary>The files of <c>xbar study resnet18</c>: results.csv, layers.csv, summary.md, tiles.png, accuracy.png, results.json.</summary>
public static class ResNet18Report
{
    private static string F(double v, string format) => v.ToString(format, CultureInfo.InvariantCulture);
    private static string P(double v) => F(100 * v, "F2");

    public static IReadOnlyList<string> Write(string outDir, ResNet18StudyResult r)
    {
        var files = new List<string>
        {
            StudyFiles.WriteCsv(outDir, "results.csv",
                "config,cells,slices,tiles,images,cosine_mean,cosine_min,nrmse,scale,float_acc,tile_acc,agreement,streamed,program_s,s_per_image",
                r.Configs.Select(c => string.Join(",", c.Key, $"\"{c.Cells}\"", c.Slices, c.Tiles, r.Options.Test, F(c.Cosine, "F6"), F(c.CosineMin, "F6"),
                    F(c.Nrmse, "F6"), F(c.Scale, "F4"), P(r.FloatAcc), P(c.TileAcc), P(c.Agreement), c.Streamed ? 1 : 0,
                    c.ProgramSeconds is { } p ? F(p, "F1") : "", c.SecondsPerImage is { } t ? F(t, "F3") : ""))),
            StudyFiles.WriteCsv(outDir, "layers.csv", "layer,node,matrix," + string.Join(",", r.Configs.Select(c => c.Key)),
                r.LayerNames.Select((n, l) => $"{l},{n},{r.LayerShapes[l]}," + string.Join(",", r.Configs.Select(c => c.LayerTiles[l])))),
        };
        files.Add(StudyFiles.WriteMarkdown(outDir, "summary.md", Summary(r)));
        files.Add(TilesPlot(outDir, r));
        files.Add(AccuracyPlot(outDir, r));
        string json = Path.Combine(outDir, "results.json");
        SummaryJson.Write(json, r);
        files.Add(json);
        return files;
    }

    public static string Summary(ResNet18StudyResult r)
    {
        var o = r.Options;
        var sb = new StringBuilder();
        sb.AppendLine("# ResNet-18 on 1-bit and 2-bit MTJ cells (xbar study resnet18)").AppendLine();
        sb.AppendLine($"Model: {r.Graph} (Microsoft.ML.DnnImageFeaturizer.ResNet18 0.23.1, ImageNet-trained; batch normalization folded into the convolutions). "
            + $"Our float executor matches ONNX Runtime to {F(r.ExecutorVsOrt, "G2")} (max |difference| / max |ORT|) on two test images.").AppendLine();
        sb.AppendLine($"Data: Fashion-MNIST from {o.DataDir}; each 28x28 gray image x 255, resized bilinearly to 224x224, copied to R, G and B, "
            + "reordered to BGR and minus the per-pixel ImageNet mean image of ResNetPreprocess.onnx (Split, Concat, Sub: no std division). "
            + $"A linear classifier (multinomial logistic regression: one softmax layer, Adam, weight decay 1e-4, standardized features) is trained on "
            + $"ONNX Runtime's float features of the first {o.Train:N0} training images and evaluated on the first {o.Test:N0} test images, "
            + "on float features and on each config's tile features (transfer accuracy).").AppendLine();
        int n = o.ArraySize ?? 64;
        string ir = o.IrDrop switch
        {
            Behavioral.Config.IrDropModel.Fast => "IR drop by the fast ladder model (docs/fast-tile.md)",
            Behavioral.Config.IrDropModel.Calibrated => o.Calibrate ? "IR drop by the transfer model calibrated to nodal solves of each cell type" : "IR drop by the transfer model",
            Behavioral.Config.IrDropModel.Exact => "IR drop by the transfer model",
            _ => "ideal wires (no IR drop)",
        };
        sb.AppendLine($"Tiles: {n}x{n} MTJ cells (R_P 3.36 kOhm, TMR0 174 %, V_h 0.5 V), differential pairs ({n} rows x {n / 2} weight columns per tile), 1 Ohm per wire segment, "
            + $"8-bit DAC and ADC, {ir}; "
            + (o.ColumnCorrection ? $"every tile's outputs corrected per column by a scale and offset fitted after programming on {ResNet18Study.CorrectionVectors} reads of the layer's own inputs (Le Gallo et al. 2023). "
                : "no per-column correction. ")
            + $"Per layer: DAC full scale = largest |input| on {o.RangeImages} training images; column ADC range holding {100 * o.AdcQuantile:0.###} % of the layer's tile partial sums "
            + $"(per slice for sliced weights). Sliced configs hold {o.WeightBits}-bit weight magnitudes (sign on the differential pair; MSE-optimal clip per layer) "
            + "as base-2^b digits, one slice tile per digit, outputs shifted and added after each slice's ADC. The mtj4 tile holds the whole weight on one 4-state cell "
            + "(4 k-means levels per tile), as the demo does.").AppendLine();

        sb.AppendLine($"On the first {o.Test:N0} test images:").AppendLine();
        sb.AppendLine("| config | weights on cells | tiles | feature cosine (mean / min) | NRMSE | scale | transfer accuracy | float accuracy | agreement | s / image |");
        sb.AppendLine("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |");
        foreach (var c in r.Configs)
            sb.AppendLine($"| {c.Label} | {c.Cells} | {c.Tiles:N0} | {F(c.Cosine, "F4")} / {F(c.CosineMin, "F4")} | {P(c.Nrmse)} % | {F(c.Scale, "F3")} | {P(c.TileAcc)} % | {P(r.FloatAcc)} % | {P(c.Agreement)} % | "
                + (c.SecondsPerImage is { } t ? F(t, "F1") : "checkpoint") + " |");
        sb.AppendLine().AppendLine("Scale: least-squares slope of tile features on float features (the array's IR drop shrinks MTJ column currents; see docs/bit-slicing.md). "
            + "s / image: wall time per test image through the tiles in this run (programming included when a config is streamed layer by layer; \"checkpoint\": every image read back).").AppendLine();

        sb.AppendLine("## Tiles per layer").AppendLine();
        sb.AppendLine("| layer | node | matrix (rows x cols) | " + string.Join(" | ", r.Configs.Select(c => c.Label)) + " |");
        sb.AppendLine("| --- | --- | --- | " + string.Join(" | ", r.Configs.Select(_ => "---")) + " |");
        for (int l = 0; l < r.LayerNames.Length; l++)
            sb.AppendLine($"| {l} | {r.LayerNames[l]} | {r.LayerShapes[l]} | " + string.Join(" | ", r.Configs.Select(c => c.LayerTiles[l].ToString("N0", CultureInfo.InvariantCulture))) + " |");
        sb.AppendLine("| | total | | " + string.Join(" | ", r.Configs.Select(c => c.Tiles.ToString("N0", CultureInfo.InvariantCulture))) + " |").AppendLine();

        sb.AppendLine("## Beside Gupte et al. 2026").AppendLine();
        sb.AppendLine("Gupte et al. 2026, \"Scalable and robust multi-bit spintronic synapses for analog in-memory computing\" (npj Unconventional Computing, "
            + "doi:10.1038/s44335-026-00055-7): a granular-free-layer MTJ with 2 bits per cell; in system-level simulation (ResNet-18, CIFAR-10) 2-bit cells give "
            + "\"up to 3.2x improvement in hardware efficiency while maintaining the inference accuracy\" against 1-bit cells.").AppendLine();
        var one = r.Configs.FirstOrDefault(c => c.Key.StartsWith("mtj1bit", StringComparison.Ordinal));
        var two = r.Configs.FirstOrDefault(c => c.Key.StartsWith("mtj2bit", StringComparison.Ordinal));
        sb.AppendLine("| quantity | Gupte et al. 2026 | ours |");
        sb.AppendLine("| --- | --- | --- |");
        if (one is not null && two is not null)
        {
            sb.AppendLine($"| 1-bit / 2-bit cells, hardware | up to 3.2x hardware efficiency (their system model) | {F(one.Tiles / (double)two.Tiles, "F2")}x the tiles ({one.Tiles:N0} vs {two.Tiles:N0}); energy, latency and area per network from `xbar cost --model M.onnx --cell-bits 1\\|2` (docs/cost.md) |");
            sb.AppendLine($"| 2-bit vs 1-bit accuracy | maintained | transfer accuracy {P(two.TileAcc)} % vs {P(one.TileAcc)} % (float {P(r.FloatAcc)} %) |");
        }
        sb.AppendLine().AppendLine("What differs: they train ResNet-18 on CIFAR-10 and report its accuracy; we run ImageNet weights as a fixed feature extractor "
            + "on Fashion-MNIST and measure how far tile features move from float ones, through a classifier trained on float features only. Their MTJ device "
            + "figures could not be read here, so both cells use the mtj4 preset's MTJ values; their 3.2x is a system figure (area, energy, latency), ours here a tile count.").AppendLine();
        return sb.ToString();
    }

    private static string TilesPlot(string outDir, ResNet18StudyResult r)
    {
        var plot = new Plot();
        var palette = new ScottPlot.Palettes.Category10();
        var bars = r.Configs.Select((c, i) => new Bar { Position = i, Value = c.Tiles, FillColor = palette.GetColor(i), Label = c.Tiles.ToString("N0", CultureInfo.InvariantCulture) }).ToList();
        plot.Add.Bars(bars).ValueLabelStyle.FontSize = 14;
        plot.Axes.Bottom.SetTicks(Enumerable.Range(0, r.Configs.Count).Select(i => (double)i).ToArray(), r.Configs.Select(c => c.Label).ToArray());
        plot.Axes.SetLimitsY(0, 1.15 * Math.Max(1, r.Configs.Max(c => c.Tiles)));
        plot.YLabel("tiles (64x64 cells)");
        plot.Title("ResNet-18 tiles by cell");
        string path = Path.Combine(outDir, "tiles.png");
        plot.SavePng(path, 900, 520);
        return path;
    }

    private static string AccuracyPlot(string outDir, ResNet18StudyResult r)
    {
        var plot = new Plot();
        var palette = new ScottPlot.Palettes.Category10();
        var list = new List<(string Label, double Value)> { ("float features", 100 * r.FloatAcc) };
        list.AddRange(r.Configs.Select(c => (c.Label, 100 * c.TileAcc)));
        var bars = list.Select((b, i) => new Bar { Position = i, Value = b.Value, FillColor = palette.GetColor(i), Label = F(b.Value, "F2") }).ToList();
        plot.Add.Bars(bars).ValueLabelStyle.FontSize = 14;
        plot.Axes.Bottom.SetTicks(Enumerable.Range(0, list.Count).Select(i => (double)i).ToArray(), list.Select(b => b.Label).ToArray());
        plot.Axes.SetLimitsY(Math.Max(0, list.Min(b => b.Value) - 10), 100);
        plot.YLabel("Fashion-MNIST test accuracy (%)");
        plot.Title($"Linear classifier trained on float features, {r.Options.Test:N0} test images");
        string path = Path.Combine(outDir, "accuracy.png");
        plot.SavePng(path, 900, 520);
        return path;
    }
}
