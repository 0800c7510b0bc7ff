using System.Globalization;
using Xbar.Behavioral.Config;
using Xbar.Behavioral.Mapping;
using Xbar.Behavioral.Networks.Graph;

namespace Xbar.Validation.Networks;

/// <summary>
/// <c>xbar map</c>'s map.json: the tiles of a network, layer by layer, in the terms the network cost
/// (energy, latency, area from per-tile circuit costs, docs/cost.md) multiplies: per layer the matrix shape,
/// groups, tiles, slices, MVMs (output positions) and ADC conversions per inference; the tile's array,
/// cell and periphery; totals. Keys are snake_case.
/// </summary>
public sealed class NetworkMapJson
{
    public string Model { get; set; } = "";
    public string Graph { get; set; } = "";
    public MapTileJson Tile { get; set; } = new();
    /// <summary>"whole weight per cell" or the bit slicing.</summary>
    public string WeightMapping { get; set; } = "";
    /// <summary>Magnitude bits of a sliced weight (its sign on the differential pair); null when each cell holds the whole weight.</summary>
    public int? WeightBits { get; set; }
    public int Slices { get; set; }
    public int TotalTiles { get; set; }
    public long TotalWeights { get; set; }
    public long TotalCells { get; set; }
    public long TotalCellsUsed { get; set; }
    public double Utilization { get; set; }
    public long TotalMvmsPerInference { get; set; }
    public long TotalTileReadsPerInference { get; set; }
    public long TotalAdcConversionsPerInference { get; set; }
    public long TotalMacsPerInference { get; set; }
    public List<MapLayerJson> Layers { get; set; } = [];

    public static NetworkMapJson From(string model, NetworkGraph graph, TileMap map, TileConfig config) => new()
    {
        Model = model,
        Graph = graph.ToString(),
        Tile = MapTileJson.From(config, map),
        WeightMapping = map.Slicing?.ToString() ?? $"whole weight on each {config.Device.States}-state cell",
        WeightBits = map.Slicing?.WeightBits,
        Slices = map.Slicing?.Slices ?? 1,
        TotalTiles = map.TotalTiles,
        TotalWeights = map.TotalWeights,
        TotalCells = map.TotalCells,
        TotalCellsUsed = map.TotalCellsUsed,
        Utilization = Math.Round(map.Utilization, 6),
        TotalMvmsPerInference = map.TotalMvms,
        TotalTileReadsPerInference = map.TotalTileReads,
        TotalAdcConversionsPerInference = map.TotalAdcConversions,
        TotalMacsPerInference = map.TotalMacs,
        Layers = map.Layers.Select(l => new MapLayerJson
        {
            Index = l.Layer, Node = l.Node, OpType = l.OpType, MatrixRows = l.MatrixRows, MatrixCols = l.MatrixCols, Groups = l.Groups,
            Weights = l.Weights, BlockRows = l.BlockRows, BlockCols = l.BlockCols, Slices = l.Slices, Tiles = l.Tiles, Cells = l.Cells,
            CellsUsed = l.CellsUsed, Utilization = Math.Round(l.Utilization, 6), MvmsPerInference = l.MvmsPerInference,
            TileReadsPerInference = l.TileReadsPerInference, AdcConversionsPerInference = l.AdcConversionsPerInference,
            MacsPerInference = l.MacsPerInference,
        }).ToList(),
    };
}

/// <summary>The tile of a map: what a per-tile cost model needs to price one tile read.</summary>
public sealed class MapTileJson
{
    public string? Name { get; set; }
    /// <summary>Word lines and bit lines (cell columns) of the physical array.</summary>
    public int Rows { get; set; }
    public int Cols { get; set; }
    /// <summary>Weights per tile: rows x weight columns.</summary>
    public int WeightRows { get; set; }
    public int WeightCols { get; set; }
    public string Device { get; set; } = "";
    public int States { get; set; }
    public double CellBits { get; set; }
    /// <summary>The cost catalog's cell name (circuits/Cost: mtj1, mtj2, rram, pcm) where one fits, else null.</summary>
    public string? CostCell { get; set; }
    /// <summary>"differential" (2 cell columns per weight column) or "reference".</summary>
    public string SignedMapping { get; set; } = "";
    public int CellColumnsPerWeightColumn { get; set; }
    public string InputEncoding { get; set; } = "";
    public int? DacBits { get; set; }
    public int? AdcBits { get; set; }
    public int ReadsPerMvm { get; set; }
    public double ReadVoltageV { get; set; }
    public double WireROhm { get; set; }

    public static MapTileJson From(TileConfig c, TileMap map) => new()
    {
        Name = c.Name,
        Rows = c.Array.Rows,
        Cols = c.Array.Cols,
        WeightRows = map.Geometry.Inputs,
        WeightCols = map.Geometry.Outputs,
        Device = c.Device.Kind.ToString().ToLowerInvariant(),
        States = c.Device.States,
        CellBits = Math.Round(Math.Log2(c.Device.States), 4),
        CostCell = c.Device.Kind switch
        {
            DeviceKind.Mtj when c.Device.States == 2 => "mtj1",
            DeviceKind.Mtj when c.Device.States == 4 => "mtj2",
            DeviceKind.Rram => "rram",
            DeviceKind.Pcm => "pcm",
            _ => null,
        },
        SignedMapping = c.Mapping.Signed.ToString().ToLowerInvariant(),
        CellColumnsPerWeightColumn = map.CellColumnsPerWeightColumn,
        InputEncoding = c.Input.Encoding switch { Behavioral.Config.InputEncoding.PulseWidth => "pulse-width", Behavioral.Config.InputEncoding.BitSerial => "bit-serial", _ => "amplitude" },
        DacBits = c.Input.DacBits,
        AdcBits = c.Output.AdcBits,
        ReadsPerMvm = map.ReadsPerMvm,
        ReadVoltageV = c.Input.ReadVoltageV,
        WireROhm = c.Array.WireROhm,
    };
}

/// <summary>One weight layer of map.json (see <see cref="LayerTileMap"/> for each field's meaning).</summary>
public sealed class MapLayerJson
{
    public int Index { get; set; }
    public string Node { get; set; } = "";
    public string OpType { get; set; } = "";
    public int MatrixRows { get; set; }
    public int MatrixCols { get; set; }
    public int Groups { get; set; }
    public long Weights { get; set; }
    public int BlockRows { get; set; }
    public int BlockCols { get; set; }
    public int Slices { get; set; }
    public int Tiles { get; set; }
    public long Cells { get; set; }
    public long CellsUsed { get; set; }
    public double Utilization { get; set; }
    public long MvmsPerInference { get; set; }
    public long TileReadsPerInference { get; set; }
    public long AdcConversionsPerInference { get; set; }
    public long MacsPerInference { get; set; }
}

/// <summary><c>xbar map</c>: import a model, map it on tiles, write map.json.</summary>
public static class NetworkMap
{
    /// <summary>Maps <paramref name="modelPath"/> (batch normalization folded, as <c>xbar run</c> runs it) and writes DIR/map.json.</summary>
    public static (TileMap Map, NetworkMapJson Json, string File) Run(string modelPath, CellSlicing cells, string outDir)
    {
        var graph = GraphPasses.Optimize(Behavioral.Networks.Onnx.OnnxImporter.Load(modelPath));
        var map = TileMapper.Map(graph, cells.Config, cells.Geometry, cells.Slicing);
        var json = NetworkMapJson.From(modelPath, graph, map, cells.Config);
        Directory.CreateDirectory(outDir);
        string file = Path.Combine(outDir, "map.json");
        SummaryJson.Write(file, json);
        return (map, json, file);
    }

    /// <summary>A count with thousands separators.</summary>
    public static string N(long v) => v.ToString("N0", CultureInfo.InvariantCulture);
}
