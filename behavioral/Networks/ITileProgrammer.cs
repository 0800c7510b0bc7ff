namespace Xbar.Behavioral.Networks;

/// <summary>
/// Where a block of a layer's weight matrix sits, handed to the tile that programs it. Tiles draw
/// their device variations from <see cref="Seed"/>, which is derived from the network seed and
/// the block's position so every run is reproducible and every tile draws differently.
/// </summary>
/// <param name="Layer">Index of the weight layer: the graph's weight nodes (dense, convolution) in topological order, 0 = first (an MLP's layer).</param>
/// <param name="BlockRow">Index of the block along the layer's outputs (the groups of a grouped convolution continue the count).</param>
/// <param name="BlockCol">Index of the block along the layer's inputs.</param>
/// <param name="LayerWeightClip">The |w| that every tile of the layer maps to its top state, for tiles that share one
/// weight-to-conductance scale per layer: <see cref="ITileProgrammer.LayerWeightClip"/> of the whole layer (by default its largest |w|).</param>
/// <param name="Seed">Seed for this tile's random draws.</param>
public sealed record TileContext(int Layer, int BlockRow, int BlockCol, double LayerWeightClip, int Seed);

/// <summary>
/// A tile factory: programs one block of weights (Outputs x Inputs, at most the tile size) into a
/// tile and returns it as an <see cref="IProgrammedMatrix"/>. Plug in an exact product, the
/// reference MTJ tile, the calibrated behavioral tile or a circuit-in-the-loop tile.
/// </summary>
public interface ITileProgrammer
{
    /// <summary>Short name shown in tables (for example "float", "mtj4 quantization only").</summary>
    string Name { get; }

    IProgrammedMatrix Program(double[,] weightsOutByIn, TileContext context);

    /// <summary>
    /// The weight clip shared by every tile of a layer, chosen once from the whole layer
    /// (<paramref name="layerWeights"/>, Outputs x Inputs) before its tiles are programmed.
    /// Default: the layer's largest |w| (<paramref name="maxAbs"/>), so nothing is clipped.
    /// </summary>
    double LayerWeightClip(double[,] layerWeights, double maxAbs) => maxAbs;

    /// <summary>
    /// True when <see cref="Program"/> may be called from several threads at once (it draws only from the
    /// context's seed and shares nothing mutable): <see cref="TiledMatrix.Program"/> then programs a layer's
    /// blocks in parallel, with the same tiles as in order.
    /// </summary>
    bool ProgramsInParallel => false;
}

/// <summary>An <see cref="ITileProgrammer"/> from a function, to adapt any tile type without a new class.</summary>
public sealed class DelegateTileProgrammer(string name, Func<double[,], TileContext, IProgrammedMatrix> program) : ITileProgrammer
{
    public string Name { get; } = name;

    public IProgrammedMatrix Program(double[,] weightsOutByIn, TileContext context) => program(weightsOutByIn, context);
}

/// <summary>An <see cref="IProgrammedMatrix"/> from a function y = f(x) (for tiles whose API takes and returns arrays).</summary>
public sealed class DelegateMatrix(int outputs, int inputs, Func<double[], double[]> multiply) : IProgrammedMatrix
{
    public int Outputs { get; } = outputs;
    public int Inputs { get; } = inputs;

    public void Multiply(ReadOnlySpan<double> x, Span<double> y)
    {
        var result = multiply(x.ToArray());
        if (result.Length != Outputs)
            throw new InvalidOperationException($"tile returned {result.Length} outputs, expected {Outputs}");
        result.CopyTo(y);
    }
}
