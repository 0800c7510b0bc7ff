using System.Text.Json;
using Xbar.Circuits.Cost;

namespace Xbar.Validation.Cost;

/// <summary>
/// <c>xbar cost --model</c>'s cost.json: the totals per inference under the keys <c>energy_j</c>, <c>latency_s</c>,
/// <c>area_mm2</c>, <c>edp_js</c>, <c>tops_per_w</c>, <c>tops_per_mm2</c>; the energy by part; every layer; the
/// tile's per-read cost and config; and every assumption behind the figures. Keys are snake_case.
/// </summary>
public sealed class NetworkCostJson
{
    public string Model { get; set; } = "";
    public string TileConfig { get; set; } = "";
    public string WeightMapping { get; set; } = "";
    public string Schedule { get; set; } = "";
    public string Inputs { get; set; } = "";
    public double EnergyJ { get; set; }
    public double LatencyS { get; set; }
    public double AreaMm2 { get; set; }
    public double EdpJs { get; set; }
    public double TopsPerW { get; set; }
    public double TopsPerMm2 { get; set; }
    public int Tiles { get; set; }
    public long MacsPerInference { get; set; }
    /// <summary>2 x <see cref="MacsPerInference"/>.</summary>
    public double OpsPerInference { get; set; }
    public long TileReadsPerInference { get; set; }
    public long AdcConversionsPerInference { get; set; }
    public Dictionary<string, double> EnergyByPartJ { get; set; } = [];
    public NetworkTileCostJson Tile { get; set; } = new();
    public List<LayerCostJson> Layers { get; set; } = [];
    public List<string> Assumptions { get; set; } = [];

    public static NetworkCostJson From(NetworkCost c, string model, string tileConfig, string weightMapping, IReadOnlyList<string> assumptions) => new()
    {
        Model = model,
        TileConfig = tileConfig,
        WeightMapping = weightMapping,
        Schedule = c.Schedule.ToString().ToLowerInvariant(),
        Inputs = c.Inputs.Name,
        EnergyJ = c.EnergyJ,
        LatencyS = c.LatencyS,
        AreaMm2 = c.AreaMm2,
        EdpJs = c.EdpJs,
        TopsPerW = c.TopsPerW,
        TopsPerMm2 = c.TopsPerMm2,
        Tiles = c.Map.TotalTiles,
        MacsPerInference = c.Map.TotalMacs,
        OpsPerInference = c.Ops,
        TileReadsPerInference = c.Map.TotalTileReads,
        AdcConversionsPerInference = c.Map.TotalAdcConversions,
        EnergyByPartJ = Parts(c.Energy),
        Tile = NetworkTileCostJson.From(c.Tile),
        Layers = c.Layers.Select(l => new LayerCostJson
        {
            Index = l.Map.Layer, Node = l.Map.Node, OpType = l.Map.OpType, Tiles = l.Map.Tiles, MvmsPerInference = l.Map.MvmsPerInference,
            TileReadsPerInference = l.Map.TileReadsPerInference, AdcConversionsPerInference = l.Map.AdcConversionsPerInference,
            MacsPerInference = l.Map.MacsPerInference, EnergyJ = l.Energy.Total, EnergyByPartJ = Parts(l.Energy), LatencyS = l.LatencyS, AreaMm2 = l.AreaM2 * 1e6,
        }).ToList(),
        Assumptions = [.. assumptions],
    };

    public static Dictionary<string, double> Parts(EnergyBreakdown e) => e.Parts.ToDictionary(p => p.Part, p => p.Joules);
}

/// <summary>One layer of cost.json.</summary>
public sealed class LayerCostJson
{
    public int Index { get; set; }
    public string Node { get; set; } = "";
    public string OpType { get; set; } = "";
    public int Tiles { get; set; }
    public long MvmsPerInference { get; set; }
    public long TileReadsPerInference { get; set; }
    public long AdcConversionsPerInference { get; set; }
    public long MacsPerInference { get; set; }
    public double EnergyJ { get; set; }
    public Dictionary<string, double> EnergyByPartJ { get; set; } = [];
    public double LatencyS { get; set; }
    public double AreaMm2 { get; set; }
}

/// <summary>The tile of cost.json: its cost config and the cost of one read.</summary>
public sealed class NetworkTileCostJson
{
    public JsonElement Config { get; set; }
    public int ConvertedColumns { get; set; }
    public Dictionary<string, double> EnergyPerReadJ { get; set; } = [];
    public double AdcEnergyPerConversionJ { get; set; }
    public double ShiftAddEnergyPerConversionJ { get; set; }
    public double LatencyPerReadS { get; set; }
    public Dictionary<string, double> AreaUm2 { get; set; } = [];

    public static NetworkTileCostJson From(NetworkTileCost t) => new()
    {
        Config = JsonDocument.Parse(t.Tile.ToJson()).RootElement.Clone(),
        ConvertedColumns = t.ConvertedColumns,
        EnergyPerReadJ = NetworkCostJson.Parts(t.EnergyPerRead),
        AdcEnergyPerConversionJ = t.AdcPerConversion,
        ShiftAddEnergyPerConversionJ = t.ShiftAddPerConversion,
        LatencyPerReadS = t.PerRead.Latency.Total,
        AreaUm2 = t.Area.Parts.ToDictionary(p => p.Part, p => p.SquareMeters * 1e12),
    };
}
