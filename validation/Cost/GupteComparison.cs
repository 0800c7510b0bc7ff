using System.Globalization;
using System.Text;
using Xbar.Behavioral.Config;
using Xbar.Validation.Networks;

namespace Xbar.Validation.Cost;

/// <summary>
/// The comparison of Gupte et al. 2026 ("Scalable and robust multi-bit spintronic synapses for analog in-memory
/// computing", npj Unconventional Computing, doi:10.1038/s44335-026-00055-7): a network on 1-bit cells (preset A)
/// against 2-bit cells (preset B), the same weight bits sliced over both. Each runs as <c>xbar cost --model</c> in
/// its own folder; gupte.md and gupte.csv put tiles, area, energy, latency, EDP and their ratios A / B beside the
/// paper's (tiles about 2x; area, energy and latency up to about 1.8x; EDP over 3x; "up to 3.2x improvement in
/// hardware efficiency"), with B again at one more ADC bit, since a 2-bit cell's column sums have twice the levels.
/// </summary>
public static class GupteComparison
{
    /// <summary>The paper's ratio (1-bit / 2-bit) for each metric, as the abstract and text state it.</summary>
    public static IReadOnlyDictionary<string, string> Paper { get; } = new Dictionary<string, string>
    {
        ["tiles"] = "about 2x",
        ["area_mm2"] = "up to about 1.8x",
        ["energy_j"] = "up to about 1.8x",
        ["latency_s"] = "up to about 1.8x",
        ["edp_js"] = "over 3x",
        ["tops_per_w"] = "(up to 3.2x hardware efficiency)",
        ["tops_per_mm2"] = "(up to 3.2x hardware efficiency)",
    };

    public sealed record Result(NetworkCostResult A, NetworkCostResult B, NetworkCost BMoreAdcBits, IReadOnlyList<string> Files);

    public static Result Run(string model, string presetA, string presetB, int weightBits, NetworkCostSetup setup, string outDir)
    {
        NetworkCostResult One(string preset) =>
            NetworkCostRun.Run(model, CellSlicing.Resolve(TilePresets.Get(preset), null, weightBits), setup, Path.Combine(outDir, preset));
        var a = One(presetA);
        var b = One(presetB);
        var bt = b.Cost.Tile;
        var wider = (bt.Tile with { Adc = bt.Tile.Conv with { Bits = bt.Tile.Conv.Bits + 1 } }).Validate();
        var bPlus = NetworkCost.Of(b.Cost.Map, NetworkTileCost.Of(setup.Model, wider, bt.ConvertedColumns, setup.Inputs), setup.Schedule, setup.Inputs);
        string md = Path.Combine(outDir, "gupte.md"), csv = Path.Combine(outDir, "gupte.csv");
        var rows = Rows(a.Cost, b.Cost, bPlus);
        File.WriteAllText(csv, Csv(rows, presetA, presetB));
        File.WriteAllText(md, Markdown(rows, a, b, bPlus, presetA, presetB, setup));
        return new Result(a, b, bPlus, [.. a.Files, .. b.Files, md, csv]);
    }

    /// <summary>One metric: its value on A, on B, on B with one more ADC bit.</summary>
    public sealed record Row(string Metric, string Unit, double A, double B, double BPlus)
    {
        /// <summary>A / B for costs, B / A for efficiencies: how many times better B is.</summary>
        public double Ratio => Better(B);
        public double RatioPlus => Better(BPlus);
        private double Better(double b) => Metric.StartsWith("tops", StringComparison.Ordinal) ? b / A : A / b;
    }

    public static IReadOnlyList<Row> Rows(NetworkCost a, NetworkCost b, NetworkCost bPlus) =>
    [
        new("tiles", "", a.Map.TotalTiles, b.Map.TotalTiles, bPlus.Map.TotalTiles),
        new("area_mm2", "mm^2", a.AreaMm2, b.AreaMm2, bPlus.AreaMm2),
        new("energy_j", "J", a.EnergyJ, b.EnergyJ, bPlus.EnergyJ),
        new("latency_s", "s", a.LatencyS, b.LatencyS, bPlus.LatencyS),
        new("edp_js", "J s", a.EdpJs, b.EdpJs, bPlus.EdpJs),
        new("tops_per_w", "TOPS/W", a.TopsPerW, b.TopsPerW, bPlus.TopsPerW),
        new("tops_per_mm2", "TOPS/mm^2", a.TopsPerMm2, b.TopsPerMm2, bPlus.TopsPerMm2),
    ];

    private static string G(double v) => v.ToString("G4", CultureInfo.InvariantCulture);

    private static string Csv(IReadOnlyList<Row> rows, string a, string b)
    {
        var sb = new StringBuilder($"metric,unit,{a},{b},ratio,{b}_adc_plus_1,ratio_adc_plus_1,gupte_2026\n");
        foreach (var r in rows)
            sb.Append(CultureInfo.InvariantCulture, $"{r.Metric},{r.Unit},{r.A:R},{r.B:R},{r.Ratio:R},{r.BPlus:R},{r.RatioPlus:R},\"{Paper[r.Metric]}\"\n");
        return sb.ToString();
    }

    private static string Markdown(IReadOnlyList<Row> rows, NetworkCostResult a, NetworkCostResult b, NetworkCost bPlus, string presetA, string presetB, NetworkCostSetup setup)
    {
        var ca = a.Cost;
        var cb = b.Cost;
        int bits = cb.Tile.Tile.Conv.Bits;
        var sb = new StringBuilder();
        sb.AppendLine($"# Gupte et al. 2026: {Path.GetFileName(a.Model)} on {presetA} vs {presetB}").AppendLine();
        sb.AppendLine($"{presetA}: {a.Cells.Describe()}. {presetB}: {b.Cells.Describe()}. {ca.Map.ArrayRows} x {ca.Map.ArrayCols} cells per tile, "
            + $"{cb.Tile.Tile.Conv.Bits}-bit {cb.Tile.Tile.Conv.Type} ADCs, {ca.Schedule.ToString().ToLowerInvariant()} layers, inputs {ca.Inputs.Name}; per-tile cost: {setup.ModelSource}.").AppendLine();
        sb.AppendLine($"| metric | {presetA} | {presetB} | ratio | {presetB}, {bits + 1}-bit ADC | ratio | Gupte et al. 2026 |");
        sb.AppendLine("| --- | ---: | ---: | ---: | ---: | ---: | --- |");
        foreach (var r in rows)
            sb.AppendLine($"| {r.Metric} | {G(r.A)} | {G(r.B)} | {r.Ratio:0.00}x | {G(r.BPlus)} | {r.RatioPlus:0.00}x | {Paper[r.Metric]} |");
        sb.AppendLine().AppendLine($"Ratios are {presetA} / {presetB} for costs and {presetB} / {presetA} for TOPS/W and TOPS/mm^2: how many times better the 2-bit cell is.").AppendLine();
        double share(NetworkCost c) => c.Energy.Adc / c.EnergyJ;
        sb.AppendLine("## What drives the ratios").AppendLine();
        sb.AppendLine(FormattableString.Invariant(
            $"- Energy: ADC conversions are {100 * share(ca):0.0} % ({presetA}) and {100 * share(cb):0.0} % ({presetB}) of the energy; a conversion is per weight column and tile read, so half the slices give half the conversions ({ca.Map.TotalAdcConversions:N0} vs {cb.Map.TotalAdcConversions:N0}, {(double)ca.Map.TotalAdcConversions / cb.Map.TotalAdcConversions:0.00}x) and half the tile reads ({ca.Map.TotalTileReads:N0} vs {cb.Map.TotalTileReads:N0}). A tile read costs the same on either cell (same cell footprint and conductance range, docs/cost.md), so energy follows the slice count."));
        sb.AppendLine(FormattableString.Invariant(
            $"- Area: every tile has its own drivers, TIAs and ADCs; the cells are {100 * ca.Tile.Area.Cells / ca.Tile.Area.Total:0.0} % of a tile's area, so area follows the tile count."));
        sb.AppendLine(FormattableString.Invariant(
            $"- Latency: a layer's tiles (all its slices) read at once, so a layer takes as long on either cell ({ca.Tile.PerRead.Latency.Total * 1e9:0.###} vs {cb.Tile.PerRead.Latency.Total * 1e9:0.###} ns per read): the 2-bit cell saves no time here. Gupte et al.'s latency gain implies slices that share periphery and run one after another (a NeuroSim-like tile with ADCs multiplexed over columns); our tiles are fully parallel, so EDP gains only the energy ratio."));
        sb.AppendLine(FormattableString.Invariant(
            $"- ADC bits: a column of {ca.Map.ArrayRows} 2-bit cells sums 3x the levels of 1-bit cells (one more bit to convert it losslessly); both run at {bits} bits here, which is lossy for both. With {bits + 1}-bit ADCs on {presetB} (flash and SAR energy double per bit at constant figure of merit) the energy ratio is {rows[2].RatioPlus:0.00}x and the area ratio {rows[1].RatioPlus:0.00}x."));
        sb.AppendLine().AppendLine("## What differs from the paper").AppendLine();
        sb.AppendLine(FormattableString.Invariant(
            $"- Network and data: the ImageNet ResNet-18 (224 x 224 inputs, 7 x 7 stem; the featurizer ends at the 512 pooled features, no classifier layer; {ca.Map.TotalMacs / 1e9:0.00} GMACs per inference as mapped) against their CIFAR-10 ResNet-18 (32 x 32 inputs, about 0.56 GMACs): 56 x 56 against 32 x 32 output positions in the first stage, so about 3x the MVMs per convolution; the tile ratios depend on the weights only, the energy ratios hardly on the MVM count."));
        sb.AppendLine("- Technology and periphery: our 22 nm figures (Intel 22FFL MTJ cell, ISAAC DACs, a 2006 flash or a 2013 SAR ADC at constant Walden figure of merit, op-amp TIAs per column; docs/cost.md); they use their own system simulator's periphery.");
        sb.AppendLine("- Cells: both cells have mtj4's MTJ values (their device figures could not be read here); the 2-bit cell has the same footprint as the 1-bit one (our assumption: the granular free layer does not grow the cell).");
        sb.AppendLine("- Mapping: NeuroSim's tile count with every bit slice on its own tile, one ADC per converted column, every layer on its own tiles, no buffers, interconnect or activations counted.");
        return sb.ToString();
    }
}
