using static Xbar.Behavioral.Tests.Networks.Onnx.TinyOnnxModel;

namespace Xbar.Behavioral.Tests.Networks.Onnx;

/// <summary>
/// A small residual convolutional network as ONNX (opset 13, symbolic batch): Conv-BN-Relu, MaxPool,
/// a residual block (Conv-BN-Relu-Conv-BN + skip, Relu), a strided grouped Conv, GlobalAveragePool,
/// Flatten, Gemm, Softmax. Input N x 3 x 12 x 12, 5 classes; seeded random weights.
/// </summary>
internal static class SmallConvNet
{
    public static int[] SampleShape => [3, 12, 12];

    public static TinyOnnxModel Build()
    {
        var m = new TinyOnnxModel();
        m.Input("image", null, 3, 12, 12);
        string ConvBn(string x, string name, long cin, long cout, long k, long stride = 1, long groups = 1)
        {
            m.Node("Conv", [x, m.Random(name + "_W", -0.4, 0.4, cout, cin / groups, k, k), m.Random(name + "_B", -0.1, 0.1, cout)], name,
                IntList("pads", k / 2, k / 2, k / 2, k / 2), IntList("strides", stride, stride), Int("group", groups));
            return m.Node("BatchNormalization", [name, m.Random(name + "_s", 0.5, 1.5, cout), m.Random(name + "_b", -0.2, 0.2, cout),
                m.Random(name + "_m", -0.2, 0.2, cout), m.Random(name + "_v", 0.5, 1.5, cout)], name + "_bn", Float("epsilon", 1e-5f));
        }
        var stem = m.Node("Relu", [ConvBn("image", "conv1", 3, 8, 3)], "relu1");
        var pooled = m.Node("MaxPool", [stem], "pool", IntList("kernel_shape", 2, 2), IntList("strides", 2, 2));
        var a = m.Node("Relu", [ConvBn(pooled, "conv2", 8, 8, 3)], "relu2");
        var b = ConvBn(a, "conv3", 8, 8, 3);
        var res = m.Node("Relu", [m.Node("Add", [b, pooled], "add")], "relu3");
        var down = m.Node("Relu", [ConvBn(res, "conv4", 8, 16, 3, stride: 2, groups: 2)], "relu4");
        var gap = m.Node("GlobalAveragePool", [down], "gap");
        var flat = m.Node("Flatten", [gap], "flat", Int("axis", 1));
        var logits = m.Node("Gemm", [flat, m.Random("fc_W", -0.5, 0.5, 5, 16), m.Random("fc_B", -0.1, 0.1, 5)], "logits", Int("transB", 1));
        m.Output(m.Node("Softmax", [logits], "probabilities", Int("axis", 1)));
        return m;
    }
}
