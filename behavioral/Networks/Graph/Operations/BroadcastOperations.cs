namespace Xbar.Behavioral.Networks.Graph.Operations;

/// <summary>The arithmetic of <see cref="Binary"/>.</summary>
public enum BinaryKind { Add, Sub, Mul, Div }

/// <summary>
/// Add, Sub, Mul, Div with multidirectional (numpy) broadcasting, as ONNX defines them from opset 7:
/// shapes are aligned at the last dimension and dimensions of 1 repeat. A residual connection is an
/// Add of two activations; a per-channel shift is an Add of a constant of shape C x 1 x 1.
/// </summary>
public sealed class Binary(BinaryKind kind) : IOperation
{
    public BinaryKind Kind { get; } = kind;

    public string OpType => Kind.ToString();

    public ValueShape[] InferShapes(IReadOnlyList<ValueShape> inputs)
    {
        ShapeRules.Inputs(inputs, 2, "A, B");
        return [ShapeRules.Broadcast(inputs)];
    }

    public Tensor[] Run(IReadOnlyList<Tensor> inputs)
    {
        var (a, b) = (inputs[0], inputs[1]);
        if (!a.Dims.SequenceEqual(b.Dims)) return [Broadcasting.Apply(a, b, Function)];
        // Same shapes (a residual Add): one SIMD pass, the same IEEE operation per element.
        var y = Tensor.Uninitialized(a.Dims);
        switch (Kind)
        {
            case BinaryKind.Add: System.Numerics.Tensors.TensorPrimitives.Add(a.Data, b.Data, y.Data); break;
            case BinaryKind.Sub: System.Numerics.Tensors.TensorPrimitives.Subtract(a.Data, b.Data, y.Data); break;
            case BinaryKind.Mul: System.Numerics.Tensors.TensorPrimitives.Multiply(a.Data, b.Data, y.Data); break;
            default: System.Numerics.Tensors.TensorPrimitives.Divide(a.Data, b.Data, y.Data); break;
        }
        return [y];
    }

    private Func<double, double, double> Function => Kind switch
    {
        BinaryKind.Add => static (a, b) => a + b,
        BinaryKind.Sub => static (a, b) => a - b,
        BinaryKind.Mul => static (a, b) => a * b,
        _ => static (a, b) => a / b,
    };
}

/// <summary>ONNX Sum: the element-wise sum of any number of inputs, with broadcasting.</summary>
public sealed class Sum : IOperation
{
    public string OpType => "Sum";

    public ValueShape[] InferShapes(IReadOnlyList<ValueShape> inputs)
    {
        if (inputs.Count == 0) throw new GraphShapeException("takes at least one input");
        return [ShapeRules.Broadcast(inputs)];
    }

    public Tensor[] Run(IReadOnlyList<Tensor> inputs)
    {
        var acc = inputs[0];
        for (int i = 1; i < inputs.Count; i++) acc = Broadcasting.Apply(acc, inputs[i], static (a, b) => a + b);
        return [inputs.Count == 1 ? new Tensor(acc.Dims, (double[])acc.Data.Clone()) : acc];
    }
}

/// <summary>Element-wise binary functions with numpy broadcasting.</summary>
internal static class Broadcasting
{
    public static Tensor Apply(Tensor a, Tensor b, Func<double, double, double> f)
    {
        var dims = ShapeRules.Broadcast(a.Dims, b.Dims);
        var result = Tensor.Uninitialized(dims);
        var y = result.Data;
        var ad = a.Data;
        var bd = b.Data;
        if (a.Length == y.Length && b.Length == y.Length)
        {
            for (int i = 0; i < y.Length; i++) y[i] = f(ad[i], bd[i]);
            return result;
        }
        if (b.Length == 1 && a.Length == y.Length)
        {
            double s = bd[0];
            for (int i = 0; i < y.Length; i++) y[i] = f(ad[i], s);
            return result;
        }
        // General case: walk the output with the strides of each operand (0 where it repeats),
        // the innermost dimension in a tight loop.
        int rank = dims.Length;
        var sa = BroadcastStrides(a.Dims, dims);
        var sb = BroadcastStrides(b.Dims, dims);
        int inner = rank == 0 ? 1 : dims[^1];
        long ia = rank == 0 ? 0 : sa[^1], ib = rank == 0 ? 0 : sb[^1];
        var index = new int[rank];
        long outer = y.Length / Math.Max(1, inner);
        for (long o = 0; o < outer; o++)
        {
            long offA = 0, offB = 0;
            for (int d = 0; d < rank - 1; d++) { offA += index[d] * sa[d]; offB += index[d] * sb[d]; }
            long baseY = o * inner;
            for (int k = 0; k < inner; k++) y[baseY + k] = f(ad[offA + k * ia], bd[offB + k * ib]);
            for (int d = rank - 2; d >= 0; d--)
            {
                if (++index[d] < dims[d]) break;
                index[d] = 0;
            }
        }
        return result;
    }

    /// <summary>Strides of <paramref name="shape"/> read at the output shape <paramref name="dims"/>: 0 on repeated dimensions.</summary>
    private static long[] BroadcastStrides(ReadOnlySpan<int> shape, int[] dims)
    {
        var own = ShapeRules.Strides(shape);
        var s = new long[dims.Length];
        int offset = dims.Length - shape.Length;
        for (int d = 0; d < shape.Length; d++) s[d + offset] = shape[d] == 1 ? 0 : own[d];
        return s;
    }
}
