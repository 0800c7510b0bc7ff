using Onnx;
using Xbar.Behavioral.Networks.Onnx;
using Xunit.Abstractions;
using static Xbar.Behavioral.Tests.Networks.Onnx.TinyOnnxModel;

namespace Xbar.Behavioral.Tests.Networks.Onnx;

/// <summary>
/// Every supported operator against ONNX Runtime (float32, CPU) on seeded random inputs: a tiny
/// model per case, imported by <see cref="OnnxImporter"/> and run by the float executor (float64),
/// the same model run by ORT. Goal of issue 10: max relative difference 1e-4 against ORT's float32.
/// </summary>
public sealed class OperatorVsOrtTests(ITestOutputHelper output)
{
    /// <summary>One case: the model, and the input's shape as run (batch first).</summary>
    private sealed record Case(TinyOnnxModel Model, int[] InputShape, double Lo = -1, double Hi = 1);

    private static Case Unary(string op, int opset = 13, params AttributeProto[] attrs)
    {
        var m = new TinyOnnxModel(opset);
        m.Input("x", null, 3, 4, 5);
        m.Output(m.Node(op, ["x"], "y", attrs));
        return new Case(m, [2, 3, 4, 5], -3, 3);
    }

    private static Case Conv(long[] x, long[] w, bool bias, params AttributeProto[] attrs)
    {
        var m = new TinyOnnxModel();
        m.Input("x", null, x[1..]);
        string[] inputs = bias ? ["x", m.Random("W", -0.5, 0.5, w), m.Random("B", -0.2, 0.2, w[0])] : ["x", m.Random("W", -0.5, 0.5, w)];
        m.Output(m.Node("Conv", inputs, "y", attrs));
        return new Case(m, x.Select(d => (int)d).ToArray());
    }

    private static Case Pool(string op, long[] x, params AttributeProto[] attrs)
    {
        var m = new TinyOnnxModel(op == "AveragePool" || attrs.Any(a => a.Name is "dilations" or "ceil_mode") ? 13 : 8);
        m.Input("x", null, x[1..]);
        m.Output(m.Node(op, ["x"], "y", attrs));
        return new Case(m, x.Select(d => (int)d).ToArray());
    }

    private static readonly Dictionary<string, Func<Case>> Cases = new()
    {
        ["Conv 3x3 pad 1 with bias"] = () => Conv([2, 3, 7, 7], [4, 3, 3, 3], true, IntList("pads", 1, 1, 1, 1)),
        ["Conv strides, dilations, asymmetric pads"] = () => Conv([2, 2, 9, 8], [3, 2, 3, 2], true,
            IntList("strides", 2, 1), IntList("dilations", 2, 1), IntList("pads", 1, 0, 2, 1)),
        ["Conv groups 2"] = () => Conv([2, 4, 6, 6], [6, 2, 3, 3], true, Int("group", 2), IntList("pads", 1, 1, 1, 1)),
        ["Conv depthwise stride 2 no bias"] = () => Conv([1, 3, 5, 5], [3, 1, 3, 3], false, Int("group", 3), IntList("strides", 2, 2)),
        ["Conv auto_pad SAME_UPPER"] = () => Conv([2, 2, 7, 6], [2, 2, 3, 3], true, IntList("strides", 2, 2), Str("auto_pad", "SAME_UPPER")),
        ["Conv auto_pad SAME_LOWER"] = () => Conv([2, 2, 7, 6], [2, 2, 2, 2], true, Str("auto_pad", "SAME_LOWER")),
        ["Conv auto_pad VALID"] = () => Conv([2, 2, 7, 6], [3, 2, 3, 2], true, IntList("strides", 2, 2), Str("auto_pad", "VALID")),
        ["Conv 1x1"] = () => Conv([2, 5, 4, 4], [3, 5, 1, 1], true),
        ["Conv 1-D"] = () => Conv([2, 3, 10], [4, 3, 3], true, IntList("pads", 1, 1), IntList("strides", 2)),
        ["Gemm transB alpha beta"] = () =>
        {
            var m = new TinyOnnxModel();
            m.Input("x", null, 5);
            m.Output(m.Node("Gemm", ["x", m.Random("B", -1, 1, 4, 5), m.Random("C", -1, 1, 4)], "y",
                Int("transB", 1), Float("alpha", 0.5f), Float("beta", 2f)));
            return new Case(m, [3, 5]);
        },
        ["Gemm C of 1 x outputs"] = () =>
        {
            var m = new TinyOnnxModel(8);
            m.Input("x", null, 5);
            m.Output(m.Node("Gemm", ["x", m.Random("B", -1, 1, 5, 4), m.Random("C", -1, 1, 1, 4)], "y"));
            return new Case(m, [3, 5]);
        },
        ["MatMul 2-D"] = () =>
        {
            var m = new TinyOnnxModel();
            m.Input("x", null, 5);
            m.Output(m.Node("MatMul", ["x", m.Random("B", -1, 1, 5, 4)], "y"));
            return new Case(m, [3, 5]);
        },
        ["MatMul 3-D activation"] = () =>
        {
            var m = new TinyOnnxModel();
            m.Input("x", null, 3, 5);
            m.Output(m.Node("MatMul", ["x", m.Random("B", -1, 1, 5, 4)], "y"));
            return new Case(m, [2, 3, 5]);
        },
        ["BatchNormalization"] = () =>
        {
            var m = new TinyOnnxModel();
            m.Input("x", null, 3, 4, 4);
            m.Output(m.Node("BatchNormalization", ["x", m.Random("s", 0.5, 2, 3), m.Random("b", -1, 1, 3), m.Random("mean", -1, 1, 3), m.Random("var", 0.2, 2, 3)],
                "y", Float("epsilon", 1e-3f)));
            return new Case(m, [2, 3, 4, 4]);
        },
        ["BatchNormalization opset 8 spatial"] = () =>
        {
            var m = new TinyOnnxModel(8);
            m.Input("x", 1, 3, 4, 4);
            m.Output(m.Node("BatchNormalization", ["x", m.Random("s", 0.5, 2, 3), m.Random("b", -1, 1, 3), m.Random("mean", -1, 1, 3), m.Random("var", 0.2, 2, 3)],
                "y", Int("spatial", 1), Float("epsilon", 1e-5f)));
            return new Case(m, [1, 3, 4, 4]);
        },
        ["Relu"] = () => Unary("Relu"),
        ["LeakyRelu"] = () => Unary("LeakyRelu", 13, Float("alpha", 0.2f)),
        ["Sigmoid"] = () => Unary("Sigmoid"),
        ["Tanh"] = () => Unary("Tanh"),
        ["Identity"] = () => Unary("Identity"),
        ["Dropout"] = () => Unary("Dropout"),
        ["Clip opset 8 attributes"] = () => Unary("Clip", 8, Float("min", -0.3f), Float("max", 0.5f)),
        ["Clip opset 13 inputs"] = () =>
        {
            var m = new TinyOnnxModel();
            m.Input("x", null, 3, 4);
            m.Output(m.Node("Clip", ["x", m.Init("lo", [-0.3f]), m.Init("hi", [0.5f])], "y"));
            return new Case(m, [2, 3, 4]);
        },
        ["Add per-channel constant"] = () => Binary("Add", [3, 1, 1]),
        ["Sub last-axis constant"] = () => Binary("Sub", [4]),
        ["Mul 1xCx1x1 constant"] = () => Binary("Mul", [1, 3, 1, 1]),
        ["Div constant"] = () => Binary("Div", [3, 4, 4], 0.5, 2),
        ["Add residual of two activations"] = () =>
        {
            var m = new TinyOnnxModel();
            m.Input("x", null, 3, 4);
            m.Output(m.Node("Add", ["x", m.Node("Relu", ["x"], "r")], "y"));
            return new Case(m, [2, 3, 4]);
        },
        ["Sum of three"] = () =>
        {
            var m = new TinyOnnxModel();
            m.Input("x", null, 3, 4);
            m.Output(m.Node("Sum", ["x", m.Node("Relu", ["x"], "r"), m.Random("c", -1, 1, 4)], "y"));
            return new Case(m, [2, 3, 4]);
        },
        ["MaxPool 3x3 stride 2 pad 1"] = () => Pool("MaxPool", [2, 3, 9, 9], IntList("kernel_shape", 3, 3), IntList("strides", 2, 2), IntList("pads", 1, 1, 1, 1)),
        ["MaxPool ceil_mode"] = () => Pool("MaxPool", [2, 2, 8, 7], IntList("kernel_shape", 3, 2), IntList("strides", 2, 2), Int("ceil_mode", 1)),
        ["MaxPool dilations"] = () => Pool("MaxPool", [2, 2, 9, 9], IntList("kernel_shape", 2, 2), IntList("dilations", 2, 2)),
        ["MaxPool 1-D"] = () => Pool("MaxPool", [2, 3, 11], IntList("kernel_shape", 3), IntList("strides", 2), IntList("pads", 1, 1)),
        ["AveragePool excluding pads"] = () => Pool("AveragePool", [2, 3, 7, 7], IntList("kernel_shape", 3, 3), IntList("strides", 2, 2), IntList("pads", 1, 1, 1, 1)),
        ["AveragePool count_include_pad"] = () => Pool("AveragePool", [2, 3, 7, 7], IntList("kernel_shape", 3, 3), IntList("strides", 2, 2),
            IntList("pads", 1, 1, 1, 1), Int("count_include_pad", 1)),
        ["AveragePool ceil_mode"] = () => Pool("AveragePool", [2, 2, 8, 8], IntList("kernel_shape", 3, 3), IntList("strides", 2, 2), Int("ceil_mode", 1)),
        ["GlobalAveragePool"] = () => Pool("GlobalAveragePool", [2, 3, 5, 4]),
        ["GlobalMaxPool"] = () => Pool("GlobalMaxPool", [2, 3, 5, 4]),
        ["Concat axis 1"] = () =>
        {
            var m = new TinyOnnxModel();
            m.Input("x", null, 3, 4);
            m.Output(m.Node("Concat", ["x", m.Node("Relu", ["x"], "r")], "y", Int("axis", 1)));
            return new Case(m, [2, 3, 4]);
        },
        ["Flatten axis 1"] = () => Pool("Flatten", [2, 3, 4, 5], Int("axis", 1)),
        ["Reshape 0 and -1"] = () => Reshape([0, -1]),
        ["Reshape -1 batch"] = () => Reshape([-1, 12, 5]),
        ["Transpose"] = () => Pool("Transpose", [2, 3, 4, 5], IntList("perm", 0, 2, 3, 1)),
        ["Squeeze opset 13 input"] = () =>
        {
            var m = new TinyOnnxModel();
            m.Input("x", null, 3, 1, 4);
            m.Output(m.Node("Squeeze", ["x", m.Ints("axes", [2], 1)], "y"));
            return new Case(m, [2, 3, 1, 4]);
        },
        ["Squeeze opset 11 attribute"] = () =>
        {
            var m = new TinyOnnxModel(11);
            m.Input("x", null, 3, 1, 4);
            m.Output(m.Node("Squeeze", ["x"], "y", IntList("axes", -2)));
            return new Case(m, [2, 3, 1, 4]);
        },
        ["Unsqueeze opset 13 input"] = () =>
        {
            var m = new TinyOnnxModel();
            m.Input("x", null, 3, 4);
            m.Output(m.Node("Unsqueeze", ["x", m.Ints("axes", [1, 3], 2)], "y"));
            return new Case(m, [2, 3, 4]);
        },
        ["Unsqueeze opset 11 attribute"] = () =>
        {
            var m = new TinyOnnxModel(11);
            m.Input("x", null, 3, 4);
            m.Output(m.Node("Unsqueeze", ["x"], "y", IntList("axes", 3)));
            return new Case(m, [2, 3, 4]);
        },
        ["Softmax opset 13 last axis"] = () => Unary("Softmax", 13),
        ["Softmax opset 13 axis 1"] = () => Unary("Softmax", 13, Int("axis", 1)),
        ["Softmax opset 11 axis 1 (flattened)"] = () => Unary("Softmax", 11, Int("axis", 1)),
        ["Pad constant opset 13"] = () => PadCase("constant", 0.25f),
        ["Pad reflect"] = () => PadCase("reflect", null),
        ["Pad edge"] = () => PadCase("edge", null),
        ["Pad opset 8 attributes"] = () =>
        {
            var m = new TinyOnnxModel(8);
            m.Input("x", null, 3, 4);
            m.Output(m.Node("Pad", ["x"], "y", IntList("pads", 0, 1, 2, 0, 2, 1), Float("value", -0.5f)));
            return new Case(m, [2, 3, 4]);
        },
        ["Constant node"] = () =>
        {
            var m = new TinyOnnxModel();
            m.Input("x", null, 3, 4);
            var value = new TensorProto { DataType = (int)TensorProto.Types.DataType.Float };
            value.Dims.Add(4);
            value.FloatData.AddRange([1f, -2f, 0.5f, 3f]);
            m.Node("Constant", [], "c", new AttributeProto { Name = "value", Type = AttributeProto.Types.AttributeType.Tensor, T = value });
            m.Output(m.Node("Mul", ["x", "c"], "y"));
            return new Case(m, [2, 3, 4]);
        },
        ["Shape, Gather, Unsqueeze, Concat into Reshape (PyTorch flatten)"] = () =>
        {
            var m = new TinyOnnxModel();
            m.Input("x", null, 3, 4, 5);
            m.Node("Shape", ["x"], "shape");
            m.Node("Gather", ["shape", m.Ints("zero", [0])], "batch", Int("axis", 0));
            m.Node("Unsqueeze", ["batch", m.Ints("axis0", [0], 1)], "batch1");
            m.Node("Concat", ["batch1", m.Ints("minus1", [-1], 1)], "target", Int("axis", 0));
            m.Output(m.Node("Reshape", ["x", "target"], "y"));
            return new Case(m, [2, 3, 4, 5]);
        },
    };

    private static Case Binary(string op, long[] constant, double lo = -1, double hi = 1)
    {
        var m = new TinyOnnxModel();
        m.Input("x", null, 3, 4, 4);
        m.Output(m.Node(op, ["x", m.Random("c", lo, hi, constant)], "y"));
        return new Case(m, [2, 3, 4, 4]);
    }

    private static Case Reshape(long[] target)
    {
        var m = new TinyOnnxModel();
        m.Input("x", null, 3, 4, 5);
        m.Output(m.Node("Reshape", ["x", m.Ints("shape", target, target.Length)], "y"));
        return new Case(m, [2, 3, 4, 5]);
    }

    private static Case PadCase(string mode, float? value)
    {
        var m = new TinyOnnxModel();
        m.Input("x", null, 3, 4, 5);
        string[] inputs = value is { } v ? ["x", m.Ints("pads", [0, 0, 1, 2, 0, 0, 2, 1], 8), m.Init("v", [v])] : ["x", m.Ints("pads", [0, 0, 1, 2, 0, 0, 2, 1], 8)];
        m.Output(m.Node("Pad", inputs, "y", Str("mode", mode)));
        return new Case(m, [2, 3, 4, 5]);
    }

    public static IEnumerable<object[]> Names => Cases.Keys.Select(k => new object[] { k });

    [Theory]
    [MemberData(nameof(Names))]
    public void When_OperatorRunsOnRandomInputs_Expect_OrtFloat32OutputWithin1e4(string name)
    {
        var c = Cases[name]();
        var x = OrtReference.RandomInput(c.InputShape.Aggregate(1, (a, b) => a * b), seed: name.Length, c.Lo, c.Hi);
        var (expected, shape) = OrtReference.Run(c.Model.Bytes(), "x", x, c.InputShape);
        var graph = OnnxImporter.Import(c.Model.Model(), name);
        var ours = OrtReference.RunOurs(graph, x, c.InputShape);
        Assert.Equal(shape, ours.Dims.ToArray());
        double diff = OrtReference.MaxRelativeDifference(ours.Data, expected);
        output.WriteLine($"{name}: output {string.Join("x", shape)}, max relative difference to ORT float32 {diff:E2}");
        Assert.True(diff < 1e-4, $"{name}: max relative difference {diff:E2} to ORT");
    }
}
