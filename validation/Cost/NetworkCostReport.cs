using System.Globalization;
using System.Text;
using ScottPlot;
using Xbar.Circuits.Cost;
using Xbar.Validation.Networks;

namespace Xbar.Validation.Cost;

/// <summary>
/// The files of a network cost run: cost.json (<see cref="NetworkCostJson"/>), cost.md (per-layer table, totals,
/// energy by part, assumptions), energy_by_layer.png (energy per inference by part, stacked, per layer) and the
/// tile's per-operation energies and areas as Accelergy tables (ERT.yaml, ART.yaml, <see cref="AccelergyExport"/>).
/// </summary>
public static class NetworkCostReport
{
    public static IReadOnlyList<string> Write(NetworkCost cost, string model, CellSlicing cells, IReadOnlyList<string> assumptions, string outDir)
    {
        Directory.CreateDirectory(outDir);
        string json = Path.Combine(outDir, "cost.json"), md = Path.Combine(outDir, "cost.md"), png = Path.Combine(outDir, "energy_by_layer.png");
        SummaryJson.Write(json, NetworkCostJson.From(cost, model, cells.Config.Name ?? "", cells.Describe(), assumptions));
        File.WriteAllText(md, Markdown(cost, model, cells, assumptions));
        Plot(cost, png, $"{Path.GetFileNameWithoutExtension(model)} on {cells.Config.Name}");
        var t = cost.Tile;
        string name = $"xbar_{t.Tile.Cell.Name}_tile";
        string description = FormattableString.Invariant(
            $"{t.Tile.Cell.Name} {t.Tile.Arr.Rows}x{t.Tile.Arr.Cols}, {t.Tile.In.Encoding} inputs ({cost.Inputs.Name}), {t.Tile.Conv.Bits}-bit {t.Tile.Conv.Type} ADC, {t.Tile.Tech.FeatureSizeNm:0.#} nm\n")
            + $"source: xbar cost --model {Path.GetFileName(model)}; the tile of {cells.Config.Name}. Per instance of a whole-tile MVM; a network tile converts {t.ConvertedColumns} of its {t.Tile.Arr.Cols} columns per read (cost.json).";
        var (ert, art) = AccelergyExport.Write(outDir, name, t.Tile, t.PerRead, TileAreaModel.Of(t.Tile), description);
        return [json, md, png, ert, art];
    }

    private static string F(double v, string format) => v.ToString(format, CultureInfo.InvariantCulture);

    public static string Markdown(NetworkCost c, string model, CellSlicing cells, IReadOnlyList<string> assumptions)
    {
        var sb = new StringBuilder();
        sb.AppendLine($"# Cost of {Path.GetFileName(model)} per inference on {cells.Config.Name}").AppendLine();
        sb.AppendLine($"{cells.Describe()}; {c.Map.ArrayRows} x {c.Map.ArrayCols} cells per tile, {c.Map.Geometry} weights; {c.Schedule.ToString().ToLowerInvariant()} layers; inputs {c.Inputs.Name}.").AppendLine();
        sb.AppendLine("| layer | op | tiles | tile reads | conversions | energy (uJ) | ADC share | latency (us) | area (mm^2) |");
        sb.AppendLine("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (var l in c.Layers)
            sb.AppendLine($"| {l.Map.Node} | {l.Map.OpType} | {NetworkMap.N(l.Map.Tiles)} | {NetworkMap.N(l.Map.TileReadsPerInference)} | {NetworkMap.N(l.Map.AdcConversionsPerInference)} | "
                + $"{F(l.Energy.Total * 1e6, "0.000")} | {F(100 * l.Energy.Adc / l.Energy.Total, "0.0")} % | {F(l.LatencyS * 1e6, "0.000")} | {F(l.AreaM2 * 1e6, "0.000")} |");
        sb.AppendLine($"| **total** | | **{NetworkMap.N(c.Map.TotalTiles)}** | {NetworkMap.N(c.Map.TotalTileReads)} | {NetworkMap.N(c.Map.TotalAdcConversions)} | "
            + $"**{F(c.EnergyJ * 1e6, "0.000")}** | {F(100 * c.Energy.Adc / c.EnergyJ, "0.0")} % | **{F(c.LatencyS * 1e6, "0.000")}** | **{F(c.AreaMm2, "0.000")}** |").AppendLine();
        sb.AppendLine("| total | value |").AppendLine("| --- | --- |");
        sb.AppendLine($"| energy_j | {F(c.EnergyJ, "G4")} |");
        sb.AppendLine($"| latency_s ({c.Schedule.ToString().ToLowerInvariant()}) | {F(c.LatencyS, "G4")} |");
        sb.AppendLine($"| area_mm2 | {F(c.AreaMm2, "G4")} |");
        sb.AppendLine($"| edp_js | {F(c.EdpJs, "G4")} |");
        sb.AppendLine($"| tops_per_w | {F(c.TopsPerW, "G4")} |");
        sb.AppendLine($"| tops_per_mm2 | {F(c.TopsPerMm2, "G4")} |");
        sb.AppendLine($"| ops per inference (2 x MACs) | {F(c.Ops, "G4")} |").AppendLine();
        sb.AppendLine("Energy per inference by part: " + string.Join(", ", c.Energy.Parts.Select(p => $"{p.Part} {F(p.Joules * 1e6, "0.000")} uJ ({F(100 * p.Joules / c.EnergyJ, "0.0")} %)")) + ".").AppendLine();
        sb.AppendLine("## Assumptions").AppendLine();
        foreach (var a in assumptions) sb.AppendLine($"- {a}");
        return sb.ToString();
    }

    /// <summary>Stacked bars: each layer's energy per inference by part (uJ).</summary>
    private static void Plot(NetworkCost c, string path, string title)
    {
        var plot = new Plot();
        var palette = new ScottPlot.Palettes.Category10();
        var bars = new List<Bar>();
        var parts = c.Layers.Count == 0 ? [] : c.Layers[0].Energy.Parts.Select(p => p.Part).ToArray();
        for (int i = 0; i < c.Layers.Count; i++)
        {
            double bottom = 0;
            var layerParts = c.Layers[i].Energy.Parts;
            for (int p = 0; p < layerParts.Count; p++)
            {
                double top = bottom + layerParts[p].Joules * 1e6;
                bars.Add(new Bar { Position = i, ValueBase = bottom, Value = top, FillColor = palette.GetColor(p) });
                bottom = top;
            }
        }
        plot.Add.Bars(bars);
        for (int p = 0; p < parts.Length; p++)
            plot.Legend.ManualItems.Add(new LegendItem { LabelText = parts[p], FillColor = palette.GetColor(p) });
        plot.ShowLegend(Alignment.UpperRight);
        plot.Axes.Bottom.SetTicks(Enumerable.Range(0, c.Layers.Count).Select(i => (double)i).ToArray(),
            c.Layers.Select(l => (l.Map.Layer + 1).ToString(CultureInfo.InvariantCulture)).ToArray());
        plot.Axes.Margins(bottom: 0);
        plot.XLabel("weight layer");
        plot.YLabel("energy per inference (uJ)");
        plot.Title(title);
        plot.SavePng(path, 1000, 560);
    }
}
