using Xbar.Behavioral.Networks.Graph.Operations;

namespace Xbar.Behavioral.Networks.Graph;

/// <summary>
/// Decides where the weight products of a graph run (ONNX Runtime's execution provider, for the one
/// kind of node that matters here): each weight node's matrices are programmed once, before any input.
/// </summary>
public interface IWeightBackend
{
    /// <summary>Shown in tables and reports.</summary>
    string Name { get; }

    /// <summary>Programs layer <paramref name="layer"/> (its operation <paramref name="op"/>): one product per group.</summary>
    IReadOnlyList<IProgrammedMatrix> Program(IWeightOperation op, int layer);
}

/// <summary>The exact float product: the reference every tile run is measured against.</summary>
public sealed class FloatBackend : IWeightBackend
{
    private readonly bool _blas, _single;

    private FloatBackend(bool blas, bool single = false) => (_blas, _single) = (blas, single);

    /// <summary>Through BLAS (one GEMM per batch; the column form for convolutions): the fast reference.</summary>
    public static FloatBackend Instance { get; } = new(blas: true);

    /// <summary>
    /// Through BLAS in single precision (sgemm; weights and inputs rounded to float, the graph between
    /// the products in double): the like-for-like speed comparison with ONNX Runtime's float32 kernels.
    /// </summary>
    public static FloatBackend Single { get; } = new(blas: true, single: true);

    /// <summary>
    /// One dot product per output and sample (<see cref="DenseMatrix"/>), the sums of <see cref="Training.Mlp.PreActivations"/>
    /// and of exact tiles: an MLP's float graph then gives its own float inference bit for bit.
    /// </summary>
    public static FloatBackend DotProducts { get; } = new(blas: false);

    public string Name => !_blas ? "float (dot products)" : _single ? "float (float32 products)" : "float";

    public IReadOnlyList<IProgrammedMatrix> Program(IWeightOperation op, int layer)
    {
        if (!_blas) return Enumerable.Range(0, op.Groups).Select(g => (IProgrammedMatrix)new DenseMatrix(op.WeightMatrix(g))).ToArray();
        int k = op.MatrixInputs, c = op.MatrixOutputs;
        var w = op.Weights.ToArray();
        return Enumerable.Range(0, op.Groups).Select(g => (IProgrammedMatrix)new BlasMatrix(w, g * c * k, c, k, _single)).ToArray();
    }
}

/// <summary>
/// Weight products on crossbar tiles: each group of each weight node is split into tiles of
/// <see cref="Geometry"/> and programmed once through <see cref="Programmer"/> (any tile model:
/// exact, reference MTJ, calibrated behavioral, circuit in the loop, or a wrapper such as bit slicing);
/// partial sums of tiles are added digitally after the ADC (<see cref="TiledMatrix"/>). Tile seeds are
/// <see cref="TiledMatrix.TileSeed"/>(seed, layer, block row, block column), layers numbered in
/// topological order, so an MLP's tiles draw what they drew before the graph engine. The groups of a
/// grouped convolution continue the block rows (group g starts after group g - 1's last block row) and
/// share one weight clip, chosen from the whole layer.
/// </summary>
public sealed class TileBackend(ITileProgrammer programmer, TileGeometry geometry, int seed) : IWeightBackend
{
    public ITileProgrammer Programmer { get; } = programmer;
    public TileGeometry Geometry { get; } = geometry;
    public int Seed { get; } = seed;

    public string Name => Programmer.Name;

    public IReadOnlyList<IProgrammedMatrix> Program(IWeightOperation op, int layer)
    {
        double layerClip = LayerWeightClip(op, Programmer);
        int blockRowsPerGroup = (op.MatrixOutputs + Geometry.Outputs - 1) / Geometry.Outputs;
        return Enumerable.Range(0, op.Groups)
            .Select(g => (IProgrammedMatrix)TiledMatrix.Program(op.WeightMatrix(g), Geometry, Programmer, layer, Seed, g * blockRowsPerGroup, layerClip))
            .ToArray();
    }

    /// <summary>
    /// The weight clip of the whole layer: the range R of its fixed device levels when it has them
    /// (<see cref="IWeightOperation.Levels"/>: on a tile with uniform states every level then lands on a
    /// state when (tile states - 1) is a multiple of (N - 1)), otherwise what <paramref name="programmer"/>
    /// chooses from every group's weights as one matrix.
    /// </summary>
    public static double LayerWeightClip(IWeightOperation op, ITileProgrammer programmer)
    {
        if (op.Levels is { } levels) return levels.Range;
        var w = op.Weights;
        var all = new double[op.Groups * op.MatrixOutputs, op.MatrixInputs];
        double maxAbs = 0;
        int k = 0;
        foreach (ref var v in System.Runtime.InteropServices.MemoryMarshal.CreateSpan(ref all[0, 0], all.Length))
        {
            v = w[k++];
            maxAbs = Math.Max(maxAbs, Math.Abs(v));
        }
        return programmer.LayerWeightClip(all, maxAbs);
    }
}
