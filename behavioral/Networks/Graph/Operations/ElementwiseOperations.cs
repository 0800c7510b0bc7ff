namespace Xbar.Behavioral.Networks.Graph.Operations;

/// <summary>
/// Element-wise functions of one input (ONNX Relu, LeakyRelu, Sigmoid, Tanh, Clip, Identity,
/// Dropout at inference). They run digitally between tiles. The formulas match
/// <see cref="Training.Activations"/> bit for bit, so an MLP gives the same numbers through the graph.
/// </summary>
public sealed class Elementwise : IOperation
{
    private readonly Func<double, double> _f;

    private Elementwise(string opType, Func<double, double> f, double alpha = 0, double min = double.NegativeInfinity, double max = double.PositiveInfinity)
    {
        OpType = opType;
        _f = f;
        Alpha = alpha;
        Min = min;
        Max = max;
    }

    public string OpType { get; }

    /// <summary>LeakyRelu's slope for negative inputs.</summary>
    public double Alpha { get; }

    /// <summary>Clip's bounds.</summary>
    public double Min { get; }
    public double Max { get; }

    public static Elementwise Relu() => new("Relu", x => x < 0 ? 0 : x);

    /// <summary>x for x &gt;= 0, alpha x otherwise (ONNX default alpha 0.01).</summary>
    public static Elementwise LeakyRelu(double alpha = 0.01) => new("LeakyRelu", x => x < 0 ? alpha * x : x, alpha: alpha);

    public static Elementwise Sigmoid() => new("Sigmoid", x => 1.0 / (1.0 + Math.Exp(-x)));

    public static Elementwise Tanh() => new("Tanh", Math.Tanh);

    /// <summary>min(max(x, min), max).</summary>
    public static Elementwise Clip(double min, double max)
    {
        if (min > max) throw new GraphShapeException($"Clip min {min} is above max {max}");
        return new("Clip", x => x < min ? min : x > max ? max : x, min: min, max: max);
    }

    /// <summary>The input unchanged (also Dropout at inference).</summary>
    public static Elementwise Identity(string opType = "Identity") => new(opType, x => x);

    public bool IsIdentity => OpType is "Identity" or "Dropout";

    public ValueShape[] InferShapes(IReadOnlyList<ValueShape> inputs)
    {
        if (inputs.Count != 1) throw new GraphShapeException($"takes one input, got {inputs.Count}");
        return [inputs[0]];
    }

    public Tensor[] Run(IReadOnlyList<Tensor> inputs)
    {
        var x = inputs[0];
        if (IsIdentity) return [x];
        var result = Tensor.Uninitialized(x.Dims);
        var y = result.Data;
        var src = x.Data;
        if (OpType == "Relu") Relu(src, y);
        else for (int i = 0; i < y.Length; i++) y[i] = _f(src[i]);
        return [result];
    }

    /// <summary>
    /// y = x &lt; 0 ? 0 : x in SIMD vectors (the same comparison as the scalar form, so NaN and -0 pass
    /// through alike): ReLU follows most convolutions of a CNN, millions of values per image.
    /// <paramref name="y"/> may be <paramref name="x"/> itself.
    /// </summary>
    internal static void Relu(ReadOnlySpan<double> x, Span<double> y)
    {
        int i = 0;
        if (System.Numerics.Vector.IsHardwareAccelerated)
        {
            var xs = System.Runtime.InteropServices.MemoryMarshal.Cast<double, System.Numerics.Vector<double>>(x);
            var ys = System.Runtime.InteropServices.MemoryMarshal.Cast<double, System.Numerics.Vector<double>>(y);
            var zero = System.Numerics.Vector<double>.Zero;
            for (int v = 0; v < xs.Length; v++)
                ys[v] = System.Numerics.Vector.ConditionalSelect(System.Numerics.Vector.LessThan(xs[v], zero), zero, xs[v]);
            i = xs.Length * System.Numerics.Vector<double>.Count;
        }
        for (; i < x.Length; i++) y[i] = x[i] < 0 ? 0 : x[i];
    }
}

/// <summary>
/// Softmax along one axis. ONNX before opset 13 flattens the input to 2-D at <see cref="Axis"/>
/// (default 1) and normalizes each row; from opset 13 it normalizes along the one axis (default -1).
/// </summary>
public sealed class Softmax(int axis, bool flattenFromAxis) : IOperation
{
    public string OpType => "Softmax";
    public int Axis { get; } = axis;

    /// <summary>True for the pre-13 rule (normalize over every dimension from the axis on).</summary>
    public bool FlattenFromAxis { get; } = flattenFromAxis;

    public ValueShape[] InferShapes(IReadOnlyList<ValueShape> inputs)
    {
        ShapeRules.Inputs(inputs, 1, "input");
        int a = ShapeRules.Axis(Axis, inputs[0].Rank);
        ShapeRules.NotBatch(a, inputs[0], "Softmax");
        return [inputs[0]];
    }

    public Tensor[] Run(IReadOnlyList<Tensor> inputs)
    {
        var x = inputs[0];
        int a = ShapeRules.Axis(Axis, x.Rank);
        int outer = 1, n = 1, inner = 1;
        for (int i = 0; i < a; i++) outer *= x.Dim(i);
        if (FlattenFromAxis) for (int i = a; i < x.Rank; i++) n *= x.Dim(i);
        else
        {
            n = x.Dim(a);
            for (int i = a + 1; i < x.Rank; i++) inner *= x.Dim(i);
        }
        var y = new double[x.Length];
        for (int o = 0; o < outer; o++)
            for (int j = 0; j < inner; j++)
            {
                int b = o * n * inner + j;
                double max = double.NegativeInfinity;
                for (int k = 0; k < n; k++) max = Math.Max(max, x.Data[b + k * inner]);
                double sum = 0;
                for (int k = 0; k < n; k++) sum += y[b + k * inner] = Math.Exp(x.Data[b + k * inner] - max);
                for (int k = 0; k < n; k++) y[b + k * inner] /= sum;
            }
        return [new Tensor(x.Dims, y)];
    }
}
