using Xbar.Behavioral.Networks.Graph;

namespace Xbar.Behavioral.Networks;

/// <summary>
/// The inputs a block is read on to fit its per-column correction: <paramref name="Count"/> input vectors of the block's width, row-major.
/// </summary>
public sealed record CorrectionInputs(double[] Vectors, int Count);

/// <summary>
/// Per-column affine correction after programming, as analog in-memory chips apply it in their digital
/// periphery: each tile is read on calibration inputs right after it is programmed, each output is fitted
/// as y_tile = a (W x) + b by least squares against the product of the weights it was given, and every later
/// output is corrected digitally to (y - b) / a. Le Gallo et al. 2023 ("A 64-core mixed-signal in-memory
/// compute chip based on phase-change memory for deep neural network inference", Nature Electronics 6,
/// 680-693) calibrate such a scale and offset per column; here it takes out the deterministic share of IR
/// drop (a far column of a low-resistance MTJ array reads its weights smaller), of the cells' bias
/// dependence and of systematic offsets, leaving what varies with the input pattern and read noise.
/// A slice tile of <see cref="Mapping.BitSlicedProgrammer"/> wrapped this way is fitted against its digits.
/// </summary>
public sealed class ColumnCorrectedProgrammer : ITileProgrammer
{
    private readonly ITileProgrammer _inner;
    private readonly Func<TileContext, int, CorrectionInputs> _inputs;

    /// <summary>
    /// Smallest fitted gain that is corrected: a column reading less than a quarter of its intended product is too far gone
    /// for a digital gain to restore (dividing would amplify its noise), so it keeps unit gain and only its offset is removed.
    /// </summary>
    public const double MinScale = 0.25;

    /// <param name="inner">Programs the tiles.</param>
    /// <param name="inputs">The calibration inputs of a block (its context and its width in inputs): for example the layer's
    /// own inputs on training data (<see cref="DataInputs"/>) or <see cref="UniformInputs"/>.</param>
    public ColumnCorrectedProgrammer(ITileProgrammer inner, Func<TileContext, int, CorrectionInputs> inputs)
    {
        _inner = inner;
        _inputs = inputs;
    }

    public string Name => $"{_inner.Name}, per-column affine correction";

    public bool ProgramsInParallel => _inner.ProgramsInParallel;

    public double LayerWeightClip(double[,] layerWeights, double maxAbs) => _inner.LayerWeightClip(layerWeights, maxAbs);

    public IProgrammedMatrix Program(double[,] weightsOutByIn, TileContext context)
    {
        var tile = _inner.Program(weightsOutByIn, context);
        int outs = tile.Outputs, ins = tile.Inputs;
        var (x, n) = _inputs(context, ins);
        if (x.Length < n * ins) throw new ArgumentException($"{n} calibration vectors of {ins} inputs need {n * ins} values, got {x.Length}");
        var measured = new double[n * outs];
        tile.MultiplyBatch(x, measured, n);
        var scale = new double[outs];
        var offset = new double[outs];
        for (int o = 0; o < outs; o++)
        {
            // Least squares of the tile's output on the intended product over the n calibration vectors.
            double sr = 0, st = 0, srr = 0, srt = 0;
            for (int s = 0; s < n; s++)
            {
                double r = 0;
                for (int i = 0; i < ins; i++) r += weightsOutByIn[o, i] * x[s * ins + i];
                double t = measured[s * outs + o];
                sr += r; st += t; srr += r * r; srt += r * t;
            }
            double var = srr - sr * sr / n, cov = srt - sr * st / n;
            double a = var > 1e-12 * Math.Max(srr, double.Epsilon) ? cov / var : 0;
            // A column whose intended outputs do not vary (all-zero weights) or that reads too little of them
            // keeps unit gain; only its offset is taken out.
            if (!(a > MinScale) || !double.IsFinite(a)) { scale[o] = 1; offset[o] = (st - sr) / n; }
            else { scale[o] = a; offset[o] = (st - a * sr) / n; }
        }
        return new ColumnCorrectedMatrix(tile, scale, offset);
    }

    /// <summary>
    /// Calibration inputs from data: per weight layer (and group), <paramref name="vectors"/> of the layer's own input vectors
    /// (im2col windows of a convolution) drawn at seeded random from the float graph run on <paramref name="count"/> samples;
    /// a block gets its rows' share of each (block column c: inputs c x tile rows onwards). The IR drop a tile suffers depends
    /// on how many rows are driven and how hard, so the calibration reads see the statistics the tile will see.
    /// </summary>
    public static Func<TileContext, int, CorrectionInputs> DataInputs(GraphExecutor floatGraph, double[] samples, int count, TileGeometry geometry,
        int vectors = 32, int seed = 1, int batch = LayerRanges.Batch)
    {
        var graph = floatGraph.Graph;
        int layers = graph.WeightNodes.Count;
        var picked = new List<double>[layers][];
        for (int l = 0; l < layers; l++)
            picked[l] = Enumerable.Range(0, graph.Layer(l).Groups).Select(_ => new List<double>()).ToArray();
        var rng = new Random(seed);
        var names = graph.WeightNodes.Select(n => n.Inputs[0]).ToArray();
        int done = 0;
        LayerRanges.ForEachBatch(floatGraph, samples, count, batch, names, values =>
        {
            int m = values[names[0]].Dim(0);
            // This batch's share of the vectors still wanted, so they spread over all samples.
            int want = (int)Math.Ceiling(vectors * (double)(done + m) / count) - (int)Math.Ceiling(vectors * (double)done / count);
            for (int l = 0; l < layers; l++)
            {
                var op = graph.Layer(l);
                int k = op.MatrixInputs;
                for (int g = 0; g < op.Groups; g++)
                {
                    var (rows, n) = op.InputVectors(values[names[l]], g);
                    for (int v = 0; v < want; v++)
                    {
                        int r = rng.Next(n);
                        for (int i = 0; i < k; i++) picked[l][g].Add(rows[(long)r * k + i]);
                    }
                }
            }
            done += m;
        });
        var table = picked.Select(groups => groups.Select(list => list.ToArray()).ToArray()).ToArray();
        return (context, width) =>
        {
            var op = graph.Layer(context.Layer);
            int blockRowsPerGroup = (op.MatrixOutputs + geometry.Outputs - 1) / geometry.Outputs;
            var all = table[context.Layer][Math.Min(op.Groups - 1, context.BlockRow / blockRowsPerGroup)];
            int k = op.MatrixInputs, n = all.Length / k, c0 = context.BlockCol * geometry.Inputs;
            var x = new double[n * width];
            for (int s = 0; s < n; s++) Array.Copy(all, (long)s * k + c0, x, s * width, width);
            return new CorrectionInputs(x, n);
        };
    }

    /// <summary>
    /// <paramref name="count"/> vectors uniform in [0, max) (or [-max, max) when <paramref name="signed"/>), seeded by the block's seed:
    /// calibration inputs when no data is at hand.
    /// </summary>
    public static Func<TileContext, int, CorrectionInputs> UniformInputs(Func<int, double> layerMax, int count = 32, bool signed = false) => (context, inputs) =>
    {
        var rng = new Random(unchecked(context.Seed * 7 + 13));
        var x = new double[count * inputs];
        double max = layerMax(context.Layer);
        for (int k = 0; k < x.Length; k++) x[k] = (signed ? 2 * rng.NextDouble() - 1 : rng.NextDouble()) * max;
        return new CorrectionInputs(x, count);
    };
}

/// <summary>A tile with a digital affine correction per output: y = (y_tile - offset) / scale.</summary>
public sealed class ColumnCorrectedMatrix(IProgrammedMatrix tile, double[] scale, double[] offset) : ISharedDacMatrix
{
    public int Outputs => tile.Outputs;
    public int Inputs => tile.Inputs;

    /// <summary>The fitted gain of each output (1 = the tile reads its weights at full size).</summary>
    public IReadOnlyList<double> Scale => scale;
    public IReadOnlyList<double> Offset => offset;

    public void Multiply(ReadOnlySpan<double> x, Span<double> y) => MultiplyBatch(x, y, 1);

    public void MultiplyBatch(ReadOnlySpan<double> x, Span<double> y, int count)
    {
        tile.MultiplyBatch(x, y, count);
        Correct(y, count);
    }

    public Tiles.DacSetting? SharedDac(int count) => (tile as ISharedDacMatrix)?.SharedDac(count);

    public void MultiplyVoltages(Tiles.DacVoltages voltages, Span<double> y)
    {
        ((ISharedDacMatrix)tile).MultiplyVoltages(voltages, y);
        Correct(y, voltages.Count);
    }

    private void Correct(Span<double> y, int count)
    {
        int outs = Outputs;
        for (int s = 0; s < count; s++)
            for (int o = 0; o < outs; o++) y[s * outs + o] = (y[s * outs + o] - offset[o]) / scale[o];
    }
}
