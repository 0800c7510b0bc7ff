using Xbar.Behavioral.Config;
using Xbar.Behavioral.Networks;
using Xbar.Behavioral.Networks.Graph;

namespace Xbar.Behavioral.Mapping;

/// <summary>
/// Where one weight layer lands on tiles, and what one inference (one sample, batch 1) asks of them.
/// Counts follow NeuroSim (Peng et al., IEDM 2019): tiles = groups x ceil(matrix cols / tile weight
/// columns) x ceil(matrix rows / tile rows) x slices, the matrix rows being the layer's inputs (word
/// lines: C_in/groups x kH x kW for a convolution) and its columns the outputs.
/// </summary>
/// <param name="Layer">Weight-node index (topological order), as in <see cref="TileContext.Layer"/>.</param>
/// <param name="Node">The node's name in the graph.</param>
/// <param name="OpType">Its ONNX op type (Conv, Gemm, MatMul).</param>
/// <param name="MatrixRows">Inputs of one group's matrix (word lines it needs).</param>
/// <param name="MatrixCols">Outputs of one group's matrix (weight columns it needs).</param>
/// <param name="Groups">Matrices of the layer (a grouped convolution's groups; 1 otherwise).</param>
/// <param name="Weights">Weights of the layer (groups x rows x cols).</param>
/// <param name="BlockRows">Blocks along the outputs per group: ceil(cols / tile weight columns).</param>
/// <param name="BlockCols">Blocks along the inputs: ceil(rows / tile rows).</param>
/// <param name="Slices">Tiles per block (bit slices; 1 when a cell holds the whole weight).</param>
/// <param name="Tiles">Physical tiles of the layer.</param>
/// <param name="CellsUsed">Cells that hold weights (both cells of a differential pair, a reference column's cells).</param>
/// <param name="Cells">Cells of the layer's tiles (tiles x array rows x array columns).</param>
/// <param name="MvmsPerInference">Input vectors per sample: output positions of a convolution (H_out x W_out), 1 for a dense layer on a vector.</param>
/// <param name="TileReadsPerInference">Array reads per sample: MVMs x tiles x reads per MVM (the DAC bits for bit-serial inputs, else 1).</param>
/// <param name="AdcConversionsPerInference">Conversions per sample: every used weight column of every tile, once per read (a differential pair's currents are subtracted before its one conversion).</param>
/// <param name="MacsPerInference">Multiply-accumulates per sample: MVMs x weights.</param>
public sealed record LayerTileMap(int Layer, string Node, string OpType, int MatrixRows, int MatrixCols, int Groups, long Weights,
    int BlockRows, int BlockCols, int Slices, int Tiles, long CellsUsed, long Cells, long MvmsPerInference, long TileReadsPerInference,
    long AdcConversionsPerInference, long MacsPerInference)
{
    /// <summary>Share of the tiles' cells that hold weights.</summary>
    public double Utilization => Cells > 0 ? CellsUsed / (double)Cells : 0;
}

/// <summary>A whole network's tiles (<see cref="TileMapper.Map"/>): every weight layer and the totals.</summary>
/// <param name="Geometry">Weights per tile: rows (inputs) x weight columns (outputs).</param>
/// <param name="ArrayRows">Word lines of the physical array.</param>
/// <param name="ArrayCols">Bit lines (cell columns) of the physical array.</param>
/// <param name="CellColumnsPerWeightColumn">2 for differential pairs, 1 for a column against a shared reference.</param>
/// <param name="Slicing">How weights are sliced over cells; null when each cell holds a whole weight on its N states.</param>
/// <param name="ReadsPerMvm">Array reads (and conversions per column) per MVM: the DAC bits for bit-serial inputs, else 1.</param>
public sealed record TileMap(IReadOnlyList<LayerTileMap> Layers, TileGeometry Geometry, int ArrayRows, int ArrayCols, int CellColumnsPerWeightColumn,
    BitSlicing? Slicing, int ReadsPerMvm)
{
    public int TotalTiles => Layers.Sum(l => l.Tiles);
    public long TotalCellsUsed => Layers.Sum(l => l.CellsUsed);
    public long TotalCells => Layers.Sum(l => l.Cells);
    public double Utilization => TotalCells > 0 ? TotalCellsUsed / (double)TotalCells : 0;
    public long TotalWeights => Layers.Sum(l => l.Weights);
    public long TotalMvms => Layers.Sum(l => l.MvmsPerInference);
    public long TotalTileReads => Layers.Sum(l => l.TileReadsPerInference);
    public long TotalAdcConversions => Layers.Sum(l => l.AdcConversionsPerInference);
    public long TotalMacs => Layers.Sum(l => l.MacsPerInference);
}

/// <summary>Maps a graph's weight layers onto tiles without programming any: the counts behind every area, energy and latency figure.</summary>
public static class TileMapper
{
    /// <summary>
    /// The tiles of every weight node of <paramref name="graph"/> on tiles of <paramref name="config"/>
    /// (its array size, signed mapping and input encoding) holding <paramref name="geometry"/> weights each,
    /// with weights sliced by <paramref name="slicing"/> (null: one cell per weight).
    /// </summary>
    public static TileMap Map(NetworkGraph graph, TileConfig config, TileGeometry geometry, BitSlicing? slicing)
    {
        bool differential = config.Mapping.Signed == SignedMapping.Differential;
        int slices = slicing?.Slices ?? 1;
        int reads = config.Input.Encoding == InputEncoding.BitSerial ? config.Input.DacBits ?? 1 : 1;
        var layers = new List<LayerTileMap>();
        for (int l = 0; l < graph.WeightNodes.Count; l++)
        {
            var node = graph.WeightNodes[l];
            var op = graph.Layer(l);
            int rows = op.MatrixInputs, cols = op.MatrixOutputs, groups = op.Groups;
            int blockRows = (cols + geometry.Outputs - 1) / geometry.Outputs;
            int blockCols = (rows + geometry.Inputs - 1) / geometry.Inputs;
            int tiles = groups * blockRows * blockCols * slices;
            // Cells holding weights, block by block: a pair of cells per weight, or one cell per weight
            // plus the block's reference column; every slice tile alike.
            long used = 0;
            for (int br = 0; br < blockRows; br++)
                for (int bc = 0; bc < blockCols; bc++)
                {
                    int nr = Math.Min(geometry.Outputs, cols - br * geometry.Outputs);
                    int nc = Math.Min(geometry.Inputs, rows - bc * geometry.Inputs);
                    used += (long)nc * (differential ? 2L * nr : nr + 1L);
                }
            used *= (long)groups * slices;
            var outShape = graph.ShapeOf(node.Outputs[0]).SampleDims;
            long mvms = Tensor.Size(outShape) / ((long)groups * cols);
            long weights = (long)groups * rows * cols;
            layers.Add(new LayerTileMap(l, node.Name, op.OpType, rows, cols, groups, weights, blockRows, blockCols, slices, tiles,
                used, (long)tiles * config.Array.Rows * config.Array.Cols, mvms, mvms * tiles * reads,
                // Every tile converts each of its weight columns once per read; summed over a block row's
                // tiles that is blockCols x cols per group and slice.
                mvms * reads * groups * slices * blockCols * (long)cols, mvms * weights));
        }
        return new TileMap(layers, geometry, config.Array.Rows, config.Array.Cols, differential ? 2 : 1, slicing, reads);
    }
}
