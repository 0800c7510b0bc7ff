using Onnx;
using Xbar.Behavioral.Networks.Graph;
using Xbar.Behavioral.Networks.Graph.Operations;
using AttributeType = Onnx.AttributeProto.Types.AttributeType;

namespace Xbar.Behavioral.Networks.Onnx;

/// <summary>
/// One ONNX node read into a graph node: its operation with attributes and constant parameters bound
/// (the weights of Conv/Gemm/MatMul/BatchNormalization must be constants), and the inputs that stay
/// values. Throws <see cref="InvalidInputException"/> naming the node, its op type and what is supported.
/// </summary>
internal sealed class OnnxNodeReader(NodeProto node, string name, int opset, IReadOnlyDictionary<string, Tensor> constants, string source)
{
    /// <summary>The op types the importer reads.</summary>
    public static readonly string[] Supported =
    [
        "Add", "AveragePool", "BatchNormalization", "Clip", "Concat", "Constant", "Conv", "Div", "Dropout", "Flatten", "Gather", "Gemm",
        "GlobalAveragePool", "GlobalMaxPool", "Identity", "LeakyRelu", "MatMul", "MaxPool", "Mul", "Pad", "Relu", "Reshape", "Shape",
        "Sigmoid", "Softmax", "Squeeze", "Sub", "Sum", "Tanh", "Transpose", "Unsqueeze",
    ];

    private string Where => $"{source}: node '{name}' ({node.OpType})";

    /// <summary>The graph node (not for a Constant: its value is <see cref="ConstantValue"/>).</summary>
    public Node Read()
    {
        if (node.Domain is not ("" or "ai.onnx") || !Supported.Contains(node.OpType))
            throw new InvalidInputException($"{Where}: operator {(node.Domain is "" or "ai.onnx" ? "" : node.Domain + ".")}{node.OpType} is not supported; supported: {string.Join(", ", Supported)}");
        try
        {
            var (op, inputs) = Operation();
            var outputs = node.Output.ToList();
            // Optional trailing outputs (Dropout's mask, MaxPool's indices, BN's running statistics) must be unused.
            int used = node.OpType is "Dropout" or "MaxPool" or "BatchNormalization" ? 1 : outputs.Count;
            if (outputs.Skip(used).Any(o => o.Length > 0))
                throw new InvalidInputException($"{Where}: only the first output is supported (the others, such as a mask, indices or training statistics, must be unused)");
            return new Node(name, op, inputs, outputs.Take(used).ToArray());
        }
        catch (GraphShapeException e)
        {
            throw new InvalidInputException($"{Where}: {e.Message}");
        }
    }

    /// <summary>A Constant node's value.</summary>
    public Tensor ConstantValue()
    {
        foreach (var a in node.Attribute)
            switch (a.Name)
            {
                case "value": return OnnxTensors.Read(a.T, Where);
                case "value_float": return Tensor.Scalar(a.F);
                case "value_floats": return Tensor.Vector(a.Floats.Select(v => (double)v).ToArray());
                case "value_int": return Tensor.Scalar(a.I);
                case "value_ints": return Tensor.Vector(a.Ints.Select(v => (double)v).ToArray());
            }
        throw new InvalidInputException($"{Where}: no value (value, value_float(s) or value_int(s) are supported)");
    }

    private (IOperation Op, string[] Inputs) Operation()
    {
        string X(int i = 0) => i < node.Input.Count && node.Input[i].Length > 0 ? node.Input[i]
            : throw new InvalidInputException($"{Where}: input {i + 1} is missing");
        string[] data = [X()];
        switch (node.OpType)
        {
            case "Relu": return (Elementwise.Relu(), data);
            case "Sigmoid": return (Elementwise.Sigmoid(), data);
            case "Tanh": return (Elementwise.Tanh(), data);
            case "LeakyRelu": return (Elementwise.LeakyRelu(Float("alpha", 0.01)), data);
            case "Identity": return (Elementwise.Identity(), data);
            case "Dropout": return (Elementwise.Identity("Dropout"), data);
            case "Clip":
                return opset < 11
                    ? (Elementwise.Clip(Float("min", float.MinValue), Float("max", float.MaxValue)), data)
                    : (Elementwise.Clip(OptionalScalar(1, double.NegativeInfinity), OptionalScalar(2, double.PositiveInfinity)), data);
            case "Add": return (new Binary(BinaryKind.Add), [X(0), X(1)]);
            case "Sub": return (new Binary(BinaryKind.Sub), [X(0), X(1)]);
            case "Mul": return (new Binary(BinaryKind.Mul), [X(0), X(1)]);
            case "Div": return (new Binary(BinaryKind.Div), [X(0), X(1)]);
            case "Sum": return (new Sum(), node.Input.Where(i => i.Length > 0).ToArray());
            case "Conv": return (Conv(), data);
            case "Gemm": return (Gemm(), data);
            case "MatMul": return MatMul();
            case "BatchNormalization": return (BatchNorm(), data);
            case "MaxPool":
            case "AveragePool":
            {
                var (window, oneD) = Window(kernel: null);
                return (new Pool(node.OpType == "MaxPool" ? PoolKind.Max : PoolKind.Average, window, Int("count_include_pad", 0) != 0, oneD), data);
            }
            case "GlobalAveragePool": return (new Pool(PoolKind.GlobalAverage), data);
            case "GlobalMaxPool": return (new Pool(PoolKind.GlobalMax), data);
            case "Flatten": return (new Flatten((int)Int("axis", 1)), data);
            case "Reshape": return (new Reshape(Int("allowzero", 0) != 0), [X(0), X(1)]);
            case "Transpose": return (new Transpose(Has("perm") ? Ints("perm") : null), data);
            case "Squeeze": return (new Squeeze(Axes()), data);
            case "Unsqueeze": return (new Unsqueeze(Axes() ?? throw new InvalidInputException($"{Where}: axes are required")), data);
            case "Concat": return (new Concat((int)Int("axis", long.MinValue, required: true)), node.Input.Where(i => i.Length > 0).ToArray());
            case "Softmax": return (new Softmax((int)Int("axis", opset < 13 ? 1 : -1), flattenFromAxis: opset < 13), data);
            case "Shape": return (new ShapeOf((int)Int("start", 0), Has("end") ? (int)Int("end", 0) : null), data);
            case "Gather": return (new Gather((int)Int("axis", 0)), [X(0), X(1)]);
            case "Pad": return (PadOp(), data);
            default: throw new InvalidInputException($"{Where}: operator not supported; supported: {string.Join(", ", Supported)}");
        }
    }

    private IOperation Conv()
    {
        var w = Constant(1, "the weights W");
        if (w.Rank is not (3 or 4)) throw new InvalidInputException($"{Where}: weights of shape {Tensor.Describe(w.Dims)}: only 1-D and 2-D convolutions (rank-3 or rank-4 W) are supported");
        var bias = node.Input.Count > 2 && node.Input[2].Length > 0 ? Constant(2, "the bias B").Data : null;
        var (window, oneD) = Window(kernel: w.Dims[2..].ToArray());
        return new Conv2d(w.Data, w.Dim(0), w.Dim(1), window, bias, (int)Int("group", 1), oneD);
    }

    private IOperation Gemm()
    {
        if (Int("transA", 0) != 0) throw new InvalidInputException($"{Where}: transA = 1 (a transposed activation) is not supported");
        var b = Constant(1, "the weights B");
        if (b.Rank != 2) throw new InvalidInputException($"{Where}: B of shape {Tensor.Describe(b.Dims)} must be a matrix");
        bool transB = Int("transB", 0) != 0;
        double alpha = Float("alpha", 1), beta = Float("beta", 1);
        int outputs = transB ? b.Dim(0) : b.Dim(1), inputs = transB ? b.Dim(1) : b.Dim(0);
        var w = new double[outputs * inputs];
        for (int o = 0; o < outputs; o++)
            for (int i = 0; i < inputs; i++)
            {
                double v = transB ? b.Data[o * inputs + i] : b.Data[i * outputs + o];
                w[o * inputs + i] = alpha == 1 ? v : alpha * v;
            }
        double[]? bias = null;
        if (node.Input.Count > 2 && node.Input[2].Length > 0)
        {
            var c = Constant(2, "the bias C");
            if (c.Length != 1 && c.Length != outputs || c.Rank > 2 || c.Rank == 2 && c.Dim(0) != 1)
                throw new InvalidInputException($"{Where}: bias C of shape {Tensor.Describe(c.Dims)} must broadcast over the batch to {outputs} outputs");
            bias = new double[outputs];
            for (int o = 0; o < outputs; o++) bias[o] = beta * c.Data[c.Length == 1 ? 0 : o];
        }
        return new Dense(w, outputs, inputs, bias, "Gemm");
    }

    private (IOperation, string[]) MatMul()
    {
        bool aConst = constants.ContainsKey(node.Input[0]), bConst = node.Input.Count > 1 && constants.ContainsKey(node.Input[1]);
        if (!bConst)
            throw new InvalidInputException(aConst
                ? $"{Where}: the constant is the first operand (W x); only x W with a constant second operand maps to tiles"
                : $"{Where}: a product of two activations has weights that are not constants; only a constant second operand (x W) is supported");
        var b = constants[node.Input[1]];
        if (b.Rank != 2) throw new InvalidInputException($"{Where}: the constant operand of shape {Tensor.Describe(b.Dims)} must be a matrix");
        int inputs = b.Dim(0), outputs = b.Dim(1);
        var w = new double[outputs * inputs];
        for (int o = 0; o < outputs; o++)
            for (int i = 0; i < inputs; i++) w[o * inputs + i] = b.Data[i * outputs + o];
        return (new Dense(w, outputs, inputs, null, "MatMul"), [node.Input[0]]);
    }

    private IOperation BatchNorm()
    {
        if (opset < 9 && Int("spatial", 1) == 0) throw new InvalidInputException($"{Where}: spatial = 0 (statistics per activation) is not supported");
        if (Int("training_mode", 0) != 0) throw new InvalidInputException($"{Where}: training_mode = 1 is not supported (inference only)");
        return new BatchNormalization(Constant(1, "scale").Data, Constant(2, "B").Data, Constant(3, "mean").Data, Constant(4, "var").Data,
            Float("epsilon", 1e-5));
    }

    private IOperation PadOp()
    {
        var mode = Str("mode", "constant") switch
        {
            "constant" => PadMode.Constant,
            "reflect" => PadMode.Reflect,
            "edge" => PadMode.Edge,
            var m => throw new InvalidInputException($"{Where}: mode '{m}' is not supported (constant, reflect, edge are)"),
        };
        if (opset < 11) return new Pad(Ints("pads"), mode, Float("value", 0));
        if (node.Input.Count > 3 && node.Input[3].Length > 0) throw new InvalidInputException($"{Where}: the axes input is not supported");
        var pads = Constant(1, "pads").Data.Select(v => (int)v).ToArray();
        return new Pad(pads, mode, OptionalScalar(2, 0));
    }

    /// <summary>Kernel, strides, pads, dilations, auto_pad, ceil_mode of Conv and the pools, 1-D as height 1.</summary>
    private (SpatialWindow, bool OneD) Window(int[]? kernel)
    {
        var k = Has("kernel_shape") ? Ints("kernel_shape") : kernel ?? throw new InvalidInputException($"{Where}: kernel_shape is required");
        if (k.Length is not (1 or 2)) throw new InvalidInputException($"{Where}: a {k.Length}-D window is not supported (1-D and 2-D are)");
        bool oneD = k.Length == 1;
        int[] Two(string attr, int fill)
        {
            var v = Has(attr) ? Ints(attr) : Enumerable.Repeat(fill, k.Length).ToArray();
            if (v.Length != k.Length) throw new InvalidInputException($"{Where}: {attr} has {v.Length} values for a {k.Length}-D window");
            return oneD ? [1, v[0]] : v;
        }
        var strides = Two("strides", 1);
        var dilations = Two("dilations", 1);
        var kk = oneD ? new[] { 1, k[0] } : k;
        int[] pads = [0, 0, 0, 0];
        if (Has("pads"))
        {
            var p = Ints("pads");
            if (p.Length != 2 * k.Length) throw new InvalidInputException($"{Where}: pads has {p.Length} values for a {k.Length}-D window");
            pads = oneD ? [0, p[0], 0, p[1]] : p;
        }
        var autoPad = Str("auto_pad", "NOTSET") switch
        {
            "NOTSET" or "" => AutoPad.NotSet,
            "VALID" => AutoPad.Valid,
            "SAME_UPPER" => AutoPad.SameUpper,
            "SAME_LOWER" => AutoPad.SameLower,
            var a => throw new InvalidInputException($"{Where}: auto_pad '{a}' is not supported"),
        };
        return (new SpatialWindow(kk[0], kk[1], strides[0], strides[1], dilations[0], dilations[1], pads, autoPad, Int("ceil_mode", 0) != 0), oneD);
    }

    private int[]? Axes()
    {
        if (opset < 13) return Has("axes") ? Ints("axes") : null;
        return node.Input.Count > 1 && node.Input[1].Length > 0 ? Constant(1, "axes").Data.Select(v => (int)v).ToArray() : null;
    }

    private Tensor Constant(int index, string what)
    {
        if (index >= node.Input.Count || node.Input[index].Length == 0) throw new InvalidInputException($"{Where}: {what} (input {index + 1}) is missing");
        return constants.TryGetValue(node.Input[index], out var t) ? t
            : throw new InvalidInputException($"{Where}: {what} ('{node.Input[index]}') is not a constant; only constant (initializer) weights and parameters are supported");
    }

    private double OptionalScalar(int index, double fallback) =>
        index < node.Input.Count && node.Input[index].Length > 0 ? Constant(index, $"input {index + 1}").Data.Single() : fallback;

    private AttributeProto? Attr(string attr) => node.Attribute.FirstOrDefault(a => a.Name == attr);

    private bool Has(string attr) => Attr(attr) is not null;

    private long Int(string attr, long fallback, bool required = false) => Attr(attr) is { } a
        ? (a.Type == AttributeType.Int || a.Type == AttributeType.Undefined ? a.I : throw new InvalidInputException($"{Where}: attribute {attr} is not an integer"))
        : required ? throw new InvalidInputException($"{Where}: attribute {attr} is required") : fallback;

    private double Float(string attr, double fallback) => Attr(attr) is { } a ? a.F : fallback;

    private string Str(string attr, string fallback) => Attr(attr) is { } a ? a.S.ToStringUtf8() : fallback;

    private int[] Ints(string attr) => Attr(attr)!.Ints.Select(v => v is >= int.MinValue and <= int.MaxValue ? (int)v
        : throw new InvalidInputException($"{Where}: attribute {attr} holds {v}, out of range")).ToArray();
}
