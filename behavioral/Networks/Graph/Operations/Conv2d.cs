using Xbar.Circuits.Numerics;

namespace Xbar.Behavioral.Networks.Graph.Operations;

/// <summary>
/// ONNX Conv in 2-D (NCHW) or 1-D (NCL, run as height 1) with constant weights W[C_out, C_in/groups,
/// kH, kW], optional bias, groups, strides, pads, dilations and auto_pad. On tiles it is a matrix
/// product on unrolled windows (im2col, as in CrossSim): each group is one matrix of
/// C_in/groups x kH x kW word lines by C_out/groups weight columns, and every output position of
/// every image is one input vector (count = N x H_out x W_out). The float path runs the same
/// product through BLAS on the column form (one GEMM per image and group, written straight into NCHW).
/// </summary>
public sealed class Conv2d : IWeightOperation
{
    private readonly double[] _weights;
    private readonly double[]? _bias;
    private readonly BlasMatrix[] _float;

    /// <param name="weights">W[C_out, C_in/groups, kH, kW], row-major (kept, not copied).</param>
    /// <param name="oneDimensional">True for a 1-D convolution (input N x C x L, kernel 1 x kW).</param>
    /// <param name="levels">The fixed device levels the weights sit on (QAT), or null (<see cref="IWeightOperation.Levels"/>).</param>
    public Conv2d(double[] weights, int outChannels, int inChannelsPerGroup, SpatialWindow window, double[]? bias = null,
        int groups = 1, bool oneDimensional = false, Training.HardwareAware.FixedRangeQuantizer? levels = null)
    {
        if (outChannels < 1 || inChannelsPerGroup < 1 || groups < 1) throw new GraphShapeException("channels and groups must be positive");
        if (outChannels % groups != 0) throw new GraphShapeException($"{outChannels} output channels do not split into {groups} groups");
        if (oneDimensional && window.KernelH != 1) throw new GraphShapeException("a 1-D convolution has kernel height 1");
        int k = inChannelsPerGroup * window.KernelH * window.KernelW;
        if (weights.Length != outChannels * k)
            throw new GraphShapeException($"weights hold {weights.Length} values, W[{outChannels}, {inChannelsPerGroup}, {window.KernelH}, {window.KernelW}] needs {outChannels * k}");
        if (bias is not null && bias.Length != outChannels) throw new GraphShapeException($"bias holds {bias.Length} values, expected {outChannels}");
        ShapeRules.OnLevels(levels, weights);
        _weights = weights;
        _bias = bias;
        Levels = levels;
        OutChannels = outChannels;
        InChannelsPerGroup = inChannelsPerGroup;
        Window = window;
        Groups = groups;
        OneDimensional = oneDimensional;
        _float = Enumerable.Range(0, groups).Select(g => new BlasMatrix(_weights, g * MatrixOutputs * k, MatrixOutputs, k)).ToArray();
    }

    public string OpType => "Conv";
    public int OutChannels { get; }
    public int InChannelsPerGroup { get; }
    public SpatialWindow Window { get; }
    public int Groups { get; }
    public bool OneDimensional { get; }
    public int MatrixInputs => InChannelsPerGroup * Window.KernelH * Window.KernelW;
    public int MatrixOutputs => OutChannels / Groups;
    public ReadOnlySpan<double> Weights => _weights;
    public IReadOnlyList<double>? Bias => _bias;
    public Training.HardwareAware.FixedRangeQuantizer? Levels { get; }

    /// <summary>The same convolution with its weights declared to sit on <paramref name="levels"/> (checked), or free (null).</summary>
    public Conv2d WithLevels(Training.HardwareAware.FixedRangeQuantizer? levels) =>
        new(_weights, OutChannels, InChannelsPerGroup, Window, _bias, Groups, OneDimensional, levels);

    public double[,] WeightMatrix(int group)
    {
        if (group < 0 || group >= Groups) throw new ArgumentOutOfRangeException(nameof(group));
        var m = new double[MatrixOutputs, MatrixInputs];
        Buffer.BlockCopy(_weights, group * m.Length * sizeof(double), m, 0, m.Length * sizeof(double));
        return m;
    }

    public ValueShape[] InferShapes(IReadOnlyList<ValueShape> inputs)
    {
        ShapeRules.Inputs(inputs, 1, "X");
        var x = inputs[0];
        ShapeRules.Rank(x, OneDimensional ? 3 : 4, OneDimensional ? "N x C x L" : "N x C x H x W");
        if (x.Dims[1] != InChannelsPerGroup * Groups)
            throw new GraphShapeException($"input has {x.Dims[1]} channels, the weights take {InChannelsPerGroup} x {Groups} groups = {InChannelsPerGroup * Groups}");
        var g = Geometry(x.Dims);
        return [ShapeRules.Like(x, OneDimensional ? [x.Dims[0], OutChannels, g.OutW] : [x.Dims[0], OutChannels, g.OutH, g.OutW])];
    }

    public Tensor[] Run(IReadOnlyList<Tensor> inputs) => [Apply(inputs[0], _float)];

    public Tensor Apply(Tensor input, IReadOnlyList<IProgrammedMatrix> products) => Apply(input, products, null, relu: false);

    /// <summary>
    /// <see cref="Apply(Tensor, IReadOnlyList{IProgrammedMatrix})"/> followed by the element-wise Add of
    /// <paramref name="residual"/> (a tensor of the output's shape, or null) and a ReLU when <paramref name="relu"/>,
    /// all in the pass that adds the bias to each output plane while it is in cache. The executor fuses a Conv
    /// with the Add (a residual connection) and the Relu that alone read it, as ONNX Runtime does: the same
    /// operations in the same order, so the same numbers, with one or two memory passes over the activations fewer.
    /// </summary>
    public Tensor Apply(Tensor input, IReadOnlyList<IProgrammedMatrix> products, Tensor? residual, bool relu)
    {
        var dims = input.Dims.ToArray();
        var g = Geometry(dims);
        int n = dims[0];
        var y = Tensor.Uninitialized(OneDimensional ? [n, OutChannels, g.OutW] : [n, OutChannels, g.OutH, g.OutW]);
        if (residual is not null && !residual.Dims.SequenceEqual(y.Dims))
            throw new ArgumentException($"a residual of shape {residual} does not match the convolution's output {y}");
        Fill(input, g, products, y.Data, new Epilogue(residual?.Data, relu));
        return y;
    }

    /// <summary>What follows the bias on each output plane: a residual tensor added (same layout as the output) and a ReLU.</summary>
    private readonly record struct Epilogue(double[]? Residual, bool Relu);

    /// <summary>Writes every element of <paramref name="y"/>: the convolution's outputs with the bias (and the ReLU).</summary>
    private void Fill(Tensor input, Im2Col.Geometry g, IReadOnlyList<IProgrammedMatrix> products, double[] y, Epilogue after)
    {
        var dims = input.Dims.ToArray();
        int n = dims[0], P = g.Positions, cg = MatrixOutputs;
        if (products.All(p => p is BlasMatrix)) RunFloat(input, g, products, y, after);
        else
        {
            // The window rows and the products' outputs are tens of megabytes per layer (ResNet-18's first
            // layer: 4 images x 12,544 positions x 147 inputs): pooled, not fresh arrays, whose zeroing,
            // page faults and collections cost more than copying them. Every element is written before it is read.
            var pool = System.Buffers.ArrayPool<double>.Shared;
            int count = n * P;
            var rows = pool.Rent(count * MatrixInputs);
            var part = pool.Rent(count * cg);
            try
            {
                for (int group = 0; group < Groups; group++)
                {
                    Im2Col.Rows(input.Data, n, dims[1], group * InChannelsPerGroup, InChannelsPerGroup, g, rows);
                    products[group].MultiplyBatch(rows.AsSpan(0, count * MatrixInputs), part.AsSpan(0, count * cg), count);
                    // Row form (position-major) back to NCHW.
                    Parallel.For(0, n, s =>
                    {
                        for (int o = 0; o < cg; o++)
                        {
                            var dst = y.AsSpan((s * OutChannels + group * cg + o) * P, P);
                            for (int p = 0; p < P; p++) dst[p] = part[((long)s * P + p) * cg + o];
                        }
                    });
                }
            }
            finally
            {
                pool.Return(rows);
                pool.Return(part);
            }
            Finish(y, 0, 0, n * OutChannels, P, after);
        }
    }

    public (double[] Vectors, int Count) InputVectors(Tensor input, int group)
    {
        var dims = input.Dims.ToArray();
        var g = Geometry(dims);
        return (Im2Col.Rows(input.Data, dims[0], dims[1], group * InChannelsPerGroup, InChannelsPerGroup, g), dims[0] * g.Positions);
    }

    public IWeightOperation ScaleOutputs(IReadOnlyList<double> scale, IReadOnlyList<double> shift)
    {
        if (Levels is not null) throw new InvalidOperationException("the weights sit on fixed device levels; scaling them would move them off the levels");
        int k = MatrixInputs;
        var w = new double[_weights.Length];
        var b = new double[OutChannels];
        for (int o = 0; o < OutChannels; o++)
        {
            for (int i = 0; i < k; i++) w[o * k + i] = _weights[o * k + i] * scale[o];
            b[o] = (_bias?[o] ?? 0) * scale[o] + shift[o];
        }
        return new Conv2d(w, OutChannels, InChannelsPerGroup, Window, b, Groups, OneDimensional);
    }

    /// <summary>The window geometry for an input of the given dimensions (N, C, H, W or N, C, L).</summary>
    internal Im2Col.Geometry Geometry(int[] dims)
    {
        int h = OneDimensional ? 1 : dims[2], w = dims[^1];
        var (pt, pl, _, _, oh, ow) = Window.Resolve(h, w);
        return new Im2Col.Geometry(dims[1], h, w, Window.KernelH, Window.KernelW, Window.StrideH, Window.StrideW,
            Window.DilationH, Window.DilationW, pt, pl, oh, ow);
    }

    /// <summary>Output positions one float GEMM covers at least: small feature maps of several images share one product.</summary>
    private const int MinGemmColumns = 1024;

    /// <summary>
    /// Float: per group, Y (C_out/groups x positions) = W_g x cols, on the column form (Caffe's im2col), in
    /// the products' precision: double columns for dgemm, float columns for sgemm (unrolled straight into
    /// float, <see cref="Im2Col.Columns{T}"/>), the product widened into NCHW with the bias added in the same pass.
    /// </summary>
    private void RunFloat(Tensor input, Im2Col.Geometry g, IReadOnlyList<IProgrammedMatrix> products, double[] y, Epilogue after)
    {
        var matrices = products.Cast<BlasMatrix>().ToArray();
        if (matrices[0].SinglePrecision) RunFloat<float>(input, g, matrices, y, after);
        else RunFloat<double>(input, g, matrices, y, after);
    }

    /// <summary>
    /// Large feature maps run one image per GEMM (a 1x1 window needs no unrolling: the channels are the
    /// columns); small ones (deep layers) unroll several images side by side so one GEMM has enough columns
    /// to keep BLAS efficient. Double products of one image are written in place into NCHW; the others go
    /// through a pooled buffer (tens of megabytes for the first layers: fresh arrays cost page faults).
    /// </summary>
    private void RunFloat<T>(Tensor input, Im2Col.Geometry g, BlasMatrix[] products, double[] y, Epilogue after)
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        int n = input.Dim(0), P = g.Positions, k = MatrixInputs, cg = MatrixOutputs, hw = g.H * g.W;
        bool direct = g.KernelH == 1 && g.KernelW == 1 && g.StrideH == 1 && g.StrideW == 1 && g.PadTop == 0 && g.PadLeft == 0 && P == hw;
        bool inDouble = typeof(T) == typeof(double);
        int chunk = direct ? 1 : Math.Clamp((MinGemmColumns + P - 1) / P, 1, n);
        var pool = System.Buffers.ArrayPool<T>.Shared;
        // The input in the products' precision: the tensor itself in double, rounded to float once for an sgemm.
        var source = inDouble ? (T[])(object)input.Data : pool.Rent(input.Length);
        if (!inDouble) BlasMatrix.Convert<double, T>(input.Data, source.AsSpan(0, input.Length));
        var cols = direct ? [] : pool.Rent(k * chunk * P);
        var part = inDouble && chunk == 1 ? [] : pool.Rent(cg * chunk * P);
        try
        {
            for (int s0 = 0; s0 < n; s0 += chunk)
            {
                int m = Math.Min(chunk, n - s0), columns = m * P;
                for (int group = 0; group < Groups; group++)
                {
                    int c0 = group * InChannelsPerGroup;
                    ReadOnlySpan<T> b = cols;
                    if (direct) b = source.AsSpan((s0 * g.Channels + c0) * hw, k * P); // a 1x1 window: the channels are the columns
                    else
                        for (int j = 0; j < m; j++)
                            Im2Col.Columns(source, (s0 + j) * g.Channels * hw, c0, InChannelsPerGroup, g, cols, columns, j * P);
                    if (inDouble && m == 1)
                    {
                        // One image in double: the product lands in place, rows already in NCHW order.
                        int at = (s0 * OutChannels + group * cg) * P;
                        products[group].MultiplyColumns(System.Runtime.InteropServices.MemoryMarshal.Cast<T, double>(b), P, y.AsSpan(at, cg * P));
                        Finish(y, at, group * cg, cg, P, after);
                        continue;
                    }
                    Multiply(products[group], b, columns, part);
                    Store(part, columns, m, s0, group, P, y, after);
                }
            }
        }
        finally
        {
            if (!inDouble) pool.Return(source);
            if (cols.Length > 0) pool.Return(cols);
            if (part.Length > 0) pool.Return(part);
        }
    }

    private static void Multiply<T>(BlasMatrix w, ReadOnlySpan<T> b, int columns, Span<T> c) where T : unmanaged
    {
        if (typeof(T) == typeof(float))
            w.MultiplyColumns(System.Runtime.InteropServices.MemoryMarshal.Cast<T, float>(b), columns, System.Runtime.InteropServices.MemoryMarshal.Cast<T, float>(c));
        else
            w.MultiplyColumns(System.Runtime.InteropServices.MemoryMarshal.Cast<T, double>(b), columns, System.Runtime.InteropServices.MemoryMarshal.Cast<T, double>(c));
    }

    /// <summary>
    /// The product of <paramref name="m"/> images side by side (cg rows of <paramref name="columns"/>) into
    /// their NCHW planes of <paramref name="y"/>, widened to double with the bias added, one plane per work item.
    /// </summary>
    private void Store<T>(T[] part, int columns, int m, int s0, int group, int P, double[] y, Epilogue after) where T : unmanaged, System.Numerics.INumberBase<T>
    {
        int cg = MatrixOutputs;
        Parallel.For(0, cg * m, oj =>
        {
            int o = oj / m, j = oj % m, c = group * cg + o;
            int at = ((s0 + j) * OutChannels + c) * P;
            var dst = y.AsSpan(at, P);
            var src = part.AsSpan(o * columns + j * P, P);
            if (typeof(T) == typeof(double)) System.Runtime.InteropServices.MemoryMarshal.Cast<T, double>(src).CopyTo(dst);
            else System.Numerics.Tensors.TensorPrimitives.ConvertTruncating(src, dst);
            Finish(y, at, c, 1, P, after);
        });
    }

    /// <summary>
    /// The <paramref name="planes"/> planes of P values of <paramref name="y"/> from <paramref name="offset"/> on
    /// (output channel c0 first, wrapping to the next image after the last channel): the bias added, then the
    /// residual of the same positions and the ReLU when fused. Each plane is still in cache from the product.
    /// </summary>
    private void Finish(double[] y, int offset, int c0, int planes, int P, Epilogue after)
    {
        void Plane(int k)
        {
            int at = offset + k * P;
            var plane = y.AsSpan(at, P);
            if (_bias is not null) System.Numerics.Tensors.TensorPrimitives.Add(plane, _bias[(c0 + k) % OutChannels], plane);
            if (after.Residual is { } r) System.Numerics.Tensors.TensorPrimitives.Add(plane, r.AsSpan(at, P), plane);
            if (after.Relu) Elementwise.Relu(plane, plane);
        }
        // Many planes (a whole layer's output) are split over the cores; one plane stays on the calling thread.
        if (planes > 1 && (long)planes * P >= 1 << 15) Parallel.For(0, planes, Plane);
        else for (int k = 0; k < planes; k++) Plane(k);
    }
}
