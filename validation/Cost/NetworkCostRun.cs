using System.Globalization;
using Xbar.Behavioral.Mapping;
using Xbar.Circuits.Cost;
using Xbar.Validation.Networks;

namespace Xbar.Validation.Cost;

/// <summary>What a network cost run needs besides the model and the cells: the per-tile cost model and its setting.</summary>
/// <param name="Base">Technology, driver, read-out, ADC type and columns per ADC, accumulator (the tile config sets the rest).</param>
/// <param name="Model">The per-tile cost model (the shipped fit by default).</param>
/// <param name="ModelSource">What <paramref name="Model"/> is, for the report.</param>
/// <param name="AdcBits">Overrides the tile config's ADC bits when set.</param>
public sealed record NetworkCostSetup(TileCostConfig Base, ITileCostModel Model, string ModelSource, InputStatistics Inputs, LayerSchedule Schedule, int? AdcBits = null);

/// <summary>A finished network cost run and the files it wrote.</summary>
public sealed record NetworkCostResult(NetworkCost Cost, CellSlicing Cells, string Model, IReadOnlyList<string> Files);

/// <summary>
/// <c>xbar cost --model</c>: maps the model on tiles with <c>xbar map</c>'s code (<see cref="NetworkMap"/>, which also
/// writes map.json), prices one tile read with the per-tile cost model, and multiplies by the map's counts
/// (<see cref="NetworkCost"/>); writes cost.json, cost.md, energy_by_layer.png and the tile's ERT.yaml / ART.yaml.
/// </summary>
public static class NetworkCostRun
{
    /// <summary>The model path: "resnet18" names the ImageNet ResNet-18 of the NuGet package (<see cref="ResNet18Files"/>).</summary>
    public static string ResolveModel(string model) =>
        string.Equals(model, "resnet18", StringComparison.OrdinalIgnoreCase) ? ResNet18Files.Model : model;

    public static NetworkCostResult Run(string model, CellSlicing cells, NetworkCostSetup setup, string outDir)
    {
        string path = ResolveModel(model);
        var (map, _, mapFile) = NetworkMap.Run(path, cells, outDir);
        var tileConfig = NetworkTileCost.For(cells.Config, setup.Base);
        if (setup.AdcBits is { } bits) tileConfig = (tileConfig with { Adc = tileConfig.Conv with { Bits = bits } }).Validate();
        var tile = NetworkTileCost.Of(setup.Model, tileConfig, map.Geometry.Outputs, setup.Inputs);
        var cost = NetworkCost.Of(map, tile, setup.Schedule, setup.Inputs);
        var files = new List<string> { mapFile };
        files.AddRange(NetworkCostReport.Write(cost, path, cells, Assumptions(cost, cells, setup), outDir));
        return new NetworkCostResult(cost, cells, path, files);
    }

    /// <summary>Every assumption behind the figures, for cost.json and cost.md.</summary>
    public static IReadOnlyList<string> Assumptions(NetworkCost cost, CellSlicing cells, NetworkCostSetup setup)
    {
        var t = cost.Tile.Tile;
        string F(double v, string format = "G4") => v.ToString(format, CultureInfo.InvariantCulture);
        return
        [
            $"Technology node {F(t.Tech.FeatureSizeNm)} nm, supply {F(t.Tech.SupplyV)} V, digital clock {F(t.Tech.ClockHz / 1e9)} GHz; wires {F(t.Tech.WireROhmPerUm)} Ohm/um and {F(t.Tech.WireCFfPerUm)} fF/um (docs/cost.md, 'Technology and every assumption').",
            $"Tile: {t.Arr.Rows} x {t.Arr.Cols} {t.Cell.Name} cells ({t.Cell.AreaF2:0.#} F^2, {t.Cell.Source}), {t.In.Encoding} inputs with {t.In.DacBits}-bit DACs at {F(t.Arr.ReadVoltageV)} V, {t.Conv.Bits}-bit {t.Conv.Type} ADC per {t.Conv.ColumnsPerAdc} converted column(s), {t.Dig.AccumulatorBits}-bit shift-and-add; from the tile config {cells.Config.Name} ({cells.Describe()}).",
            $"Per-tile cost model: {setup.ModelSource}.",
            $"Every tile read is priced as one whole-tile MVM with '{setup.Inputs.Name}' input statistics (density {F(setup.Inputs.Density)}, level {(setup.Inputs.Level is { } l ? F(l) : "uniform in (0, 1]")}): all {t.Arr.Rows} word-line drivers and {t.Arr.Cols} bit-line TIAs of a partly used tile are on (our assumption: no gating of unused rows or columns).",
            $"Conversions: one per weight column per tile read ({cost.Tile.ConvertedColumns} per tile; a differential pair's currents are subtracted before its one conversion), each {F(cost.Tile.AdcPerConversion * 1e12)} pJ; one {t.Dig.AccumulatorBits}-bit accumulate per conversion ({F(cost.Tile.ShiftAddPerConversion * 1e12)} pJ) adds bit slices (shifted) and row blocks; the same count fixes the ADCs per tile.",
            $"Latency: a layer's tiles read at once, its MVMs (the output positions of a convolution) x {cost.Map.ReadsPerMvm} read(s) per MVM one after another, {F(cost.Tile.PerRead.Latency.Total * 1e9)} ns per read; layers {(setup.Schedule == LayerSchedule.Sequential ? "sequential: latency_s is the sum of the layers'" : "pipelined: latency_s is the slowest layer's, the stage time of one inference per stage")}.",
            "Ops per inference = 2 x MACs (a multiply and an add); TOPS/W = ops / energy_j / 1e12; TOPS/mm^2 = ops / latency_s / area_mm2 / 1e12.",
            "Not counted (our assumption): tiles idle between reads draw nothing; activations' buffers and movement between layers, pooling, activation functions, batch-norm (folded into the weights), the input DAC codes' generation, weight programming (weights stay), routing and global periphery area.",
            "Weights stay on their own tiles: every layer has its tiles (no tile is reused across layers), the area is the sum over layers.",
        ];
    }
}
