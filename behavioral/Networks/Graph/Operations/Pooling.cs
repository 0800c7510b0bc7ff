namespace Xbar.Behavioral.Networks.Graph.Operations;

/// <summary>The reduction of a <see cref="Pool"/>.</summary>
public enum PoolKind { Max, Average, GlobalMax, GlobalAverage }

/// <summary>
/// ONNX MaxPool, AveragePool (count_include_pad), GlobalMaxPool and GlobalAveragePool on NCHW
/// (or NCL, as height 1) inputs; digital, between tiles. Max pooling ignores padding; average
/// pooling divides by the window's elements inside the input, or with count_include_pad by those
/// inside the padded input.
/// </summary>
public sealed class Pool : IOperation
{
    public Pool(PoolKind kind, SpatialWindow? window = null, bool countIncludePad = false, bool oneDimensional = false)
    {
        if (kind is PoolKind.Max or PoolKind.Average && window is null) throw new GraphShapeException($"{kind} pooling needs a kernel");
        if (oneDimensional && window is { KernelH: not 1 }) throw new GraphShapeException("a 1-D pooling window has height 1");
        Kind = kind;
        Window = window;
        CountIncludePad = countIncludePad;
        OneDimensional = oneDimensional;
    }

    public PoolKind Kind { get; }
    public SpatialWindow? Window { get; }
    public bool CountIncludePad { get; }
    public bool OneDimensional { get; }

    public string OpType => Kind switch
    {
        PoolKind.Max => "MaxPool",
        PoolKind.Average => "AveragePool",
        PoolKind.GlobalMax => "GlobalMaxPool",
        _ => "GlobalAveragePool",
    };

    private bool Global => Kind is PoolKind.GlobalMax or PoolKind.GlobalAverage;

    public ValueShape[] InferShapes(IReadOnlyList<ValueShape> inputs)
    {
        ShapeRules.Inputs(inputs, 1, "X");
        var x = inputs[0];
        if (Global)
        {
            if (x.Rank < 3) throw new GraphShapeException($"expects N x C x spatial dimensions, got shape {x}");
            return [ShapeRules.Like(x, [x.Dims[0], x.Dims[1], .. Enumerable.Repeat(1, x.Rank - 2)])];
        }
        ShapeRules.Rank(x, OneDimensional ? 3 : 4, OneDimensional ? "N x C x L" : "N x C x H x W");
        var (_, _, _, _, oh, ow) = Window!.Resolve(OneDimensional ? 1 : x.Dims[2], x.Dims[^1]);
        return [ShapeRules.Like(x, OneDimensional ? [x.Dims[0], x.Dims[1], ow] : [x.Dims[0], x.Dims[1], oh, ow])];
    }

    public Tensor[] Run(IReadOnlyList<Tensor> inputs)
    {
        var x = inputs[0];
        var dims = x.Dims.ToArray();
        int planes = dims[0] * dims[1];
        if (Global)
        {
            int size = x.Length / planes;
            var result = Tensor.Uninitialized([dims[0], dims[1], .. Enumerable.Repeat(1, x.Rank - 2)]);
            var g = result.Data;
            for (int p = 0; p < planes; p++)
            {
                var v = x.Data.AsSpan(p * size, size);
                if (Kind == PoolKind.GlobalMax)
                {
                    double m = double.NegativeInfinity;
                    foreach (double e in v) m = Math.Max(m, e);
                    g[p] = m;
                }
                else
                {
                    double sum = 0;
                    foreach (double e in v) sum += e;
                    g[p] = sum / size;
                }
            }
            return [result];
        }
        int h = OneDimensional ? 1 : dims[2], w = dims[^1];
        var win = Window!;
        var (pt, pl, pb, pr, oh, ow) = win.Resolve(h, w);
        var pooled = Tensor.Uninitialized(OneDimensional ? [dims[0], dims[1], ow] : [dims[0], dims[1], oh, ow]);
        var y = pooled.Data;
        // The window's rows and columns inside the input, found once per output row and column, so the loops
        // below test nothing per element (max pooling of a CNN's first layer reads millions of windows per batch).
        var rows = Enumerable.Range(0, oh).Select(i => Inside(i * win.StrideH - pt, win.DilationH, win.KernelH, h)).ToArray();
        var columns = Enumerable.Range(0, ow).Select(j => Inside(j * win.StrideW - pl, win.DilationW, win.KernelW, w)).ToArray();
        Parallel.For(0, planes, p =>
        {
            var src = x.Data.AsSpan(p * h * w, h * w);
            for (int i = 0; i < oh; i++)
                for (int j = 0; j < ow; j++)
                {
                    int h0 = i * win.StrideH - pt, w0 = j * win.StrideW - pl;
                    var (khLo, khHi) = rows[i];
                    var (kwLo, kwHi) = columns[j];
                    double acc = Kind == PoolKind.Max ? double.NegativeInfinity : 0;
                    int valid = (khHi - khLo) * (kwHi - kwLo);
                    for (int kh = khLo; kh < khHi; kh++)
                    {
                        var row = src.Slice((h0 + kh * win.DilationH) * w, w);
                        if (Kind == PoolKind.Max)
                            for (int kw = kwLo; kw < kwHi; kw++)
                            {
                                double v = row[w0 + kw * win.DilationW];
                                if (v > acc || double.IsNaN(v)) acc = v;
                            }
                        else
                            for (int kw = kwLo; kw < kwHi; kw++) acc += row[w0 + kw * win.DilationW];
                    }
                    if (Kind == PoolKind.Average)
                    {
                        int divisor = valid;
                        if (CountIncludePad)
                        {
                            // Window elements inside the padded input [-pad_begin, size + pad_end).
                            int hEnd = Math.Min(h0 + (win.KernelH - 1) * win.DilationH + 1, h + pb);
                            int wEnd = Math.Min(w0 + (win.KernelW - 1) * win.DilationW + 1, w + pr);
                            divisor = ((hEnd - h0 + win.DilationH - 1) / win.DilationH) * ((wEnd - w0 + win.DilationW - 1) / win.DilationW);
                        }
                        acc = divisor > 0 ? acc / divisor : 0;
                    }
                    y[((long)p * oh + i) * ow + j] = acc;
                }
        });
        return [pooled];
    }

    /// <summary>The window taps [Lo, Hi) whose positions start + k x dilation lie in [0, size) (a contiguous range).</summary>
    private static (int Lo, int Hi) Inside(int start, int dilation, int kernel, int size)
    {
        int lo = 0, hi = kernel;
        while (lo < kernel && start + lo * dilation < 0) lo++;
        while (hi > lo && start + (hi - 1) * dilation >= size) hi--;
        return (lo, hi);
    }
}

/// <summary>
/// ONNX BatchNormalization at inference: y = scale (x - mean) / sqrt(var + epsilon) + B per channel
/// (dimension 1), computed as a x + b with a = scale / sqrt(var + epsilon) and b = B - a mean, the
/// same per-channel scale and shift that <see cref="GraphPasses.FoldBatchNormalization"/> folds into
/// the preceding weights.
/// </summary>
public sealed class BatchNormalization : IOperation
{
    public BatchNormalization(double[] scale, double[] bias, double[] mean, double[] variance, double epsilon = 1e-5)
    {
        int c = scale.Length;
        if (bias.Length != c || mean.Length != c || variance.Length != c)
            throw new GraphShapeException($"scale, B, mean and var must have one value per channel (got {c}, {bias.Length}, {mean.Length}, {variance.Length})");
        if (!(epsilon >= 0)) throw new GraphShapeException($"epsilon {epsilon} must be non-negative");
        if (variance.Any(v => !(v + epsilon > 0))) throw new GraphShapeException("var + epsilon must be positive for every channel");
        Scale = scale; Bias = bias; Mean = mean; Variance = variance; Epsilon = epsilon;
        A = new double[c];
        B = new double[c];
        for (int i = 0; i < c; i++)
        {
            A[i] = scale[i] / Math.Sqrt(variance[i] + epsilon);
            B[i] = bias[i] - A[i] * mean[i];
        }
    }

    public string OpType => "BatchNormalization";
    public double[] Scale { get; }
    public double[] Bias { get; }
    public double[] Mean { get; }
    public double[] Variance { get; }
    public double Epsilon { get; }

    /// <summary>The per-channel factor a = scale / sqrt(var + epsilon).</summary>
    public double[] A { get; }

    /// <summary>The per-channel shift b = B - a mean.</summary>
    public double[] B { get; }

    public int Channels => Scale.Length;

    public ValueShape[] InferShapes(IReadOnlyList<ValueShape> inputs)
    {
        ShapeRules.Inputs(inputs, 1, "X");
        var x = inputs[0];
        if (x.Rank < 2 || x.Dims[1] != Channels)
            throw new GraphShapeException($"input of shape {x} does not have {Channels} channels in dimension 1");
        return [x];
    }

    public Tensor[] Run(IReadOnlyList<Tensor> inputs)
    {
        var x = inputs[0];
        int n = x.Dim(0), c = x.Dim(1), inner = x.Length / Math.Max(1, n * c);
        var result = Tensor.Uninitialized(x.Dims);
        var y = result.Data;
        for (int s = 0; s < n; s++)
            for (int ch = 0; ch < c; ch++)
            {
                int off = (s * c + ch) * inner;
                double a = A[ch], b = B[ch];
                for (int i = 0; i < inner; i++) y[off + i] = a * x.Data[off + i] + b;
            }
        return [result];
    }
}
