using Google.Protobuf;
using Onnx;
using Xbar.Behavioral.Networks.Onnx;
using static Xbar.Behavioral.Tests.Networks.Onnx.TinyOnnxModel;

namespace Xbar.Behavioral.Tests.Networks.Onnx;

/// <summary>Bad ONNX files give one InvalidInputException naming the file, the node, its op type and what is supported.</summary>
public sealed class OnnxErrorTests
{
    private static InvalidInputException Import(TinyOnnxModel m) =>
        Assert.Throws<InvalidInputException>(() => OnnxImporter.Import(m.Model(), "bad.onnx"));

    [Fact]
    public void When_FileIsTruncated_Expect_ErrorNamingTheFile()
    {
        var bytes = SmallConvNet.Build().Bytes();
        var path = Path.Combine(Path.GetTempPath(), $"xbar-truncated-{Guid.NewGuid():N}.onnx");
        try
        {
            File.WriteAllBytes(path, bytes[..(bytes.Length / 2)]);
            var e = Assert.Throws<InvalidInputException>(() => OnnxImporter.Load(path));
            Assert.Contains(path, e.Message);
            Assert.Contains("truncated", e.Message);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void When_OperatorIsUnsupported_Expect_ErrorNamingNodeOpTypeAndSupportedOps()
    {
        var m = new TinyOnnxModel();
        m.Input("x", null, 4);
        m.Output(m.Node("Erf", ["x"], "y"));
        var e = Import(m);
        Assert.Contains("node 'Erf_0' (Erf)", e.Message);
        Assert.Contains("not supported", e.Message);
        Assert.Contains("Conv", e.Message);
    }

    [Fact]
    public void When_InitializerIsMissing_Expect_ErrorNamingNodeAndValue()
    {
        var m = new TinyOnnxModel();
        m.Input("x", null, 4);
        m.Output(m.Node("Add", ["x", "bias_that_is_not_there"], "y"));
        var e = Import(m);
        Assert.Contains("node 'Add_0' (Add)", e.Message);
        Assert.Contains("'bias_that_is_not_there'", e.Message);
        Assert.Contains("not an initializer", e.Message);
    }

    [Fact]
    public void When_WeightsAreNotConstant_Expect_ErrorNamingNode()
    {
        var m = new TinyOnnxModel();
        m.Input("x", null, 2, 5, 5);
        m.Node("Relu", [m.Random("w0", -1, 1, 4, 2, 3, 3)], "w"); // weights computed by a node, not stored
        m.Output(m.Node("Conv", ["x", "w"], "y"));
        var e = Import(m);
        Assert.Contains("node 'Conv_1' (Conv)", e.Message);
        Assert.Contains("not a constant", e.Message);
        var mm = new TinyOnnxModel();
        mm.Input("x", null, 3);
        mm.Output(mm.Node("MatMul", ["x", mm.Node("Relu", ["x"], "r")], "y"));
        Assert.Contains("weights that are not constants", Import(mm).Message);
    }

    [Fact]
    public void When_ShapeIsDynamic_Expect_ErrorNamingTheInputDimension()
    {
        var m = new TinyOnnxModel();
        var shape = new TensorShapeProto();
        shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimParam = "N" });
        shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimValue = 3 });
        shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimParam = "height" });
        m.Graph.Input.Add(new ValueInfoProto
        {
            Name = "x",
            Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)TensorProto.Types.DataType.Float, Shape = shape } },
        });
        m.Output(m.Node("Relu", ["x"], "y"));
        var e = Import(m);
        Assert.Contains("input 'x'", e.Message);
        Assert.Contains("'height'", e.Message);
    }

    [Fact]
    public void When_OpsetIsOlderThan8_Expect_ErrorNamingTheOpset()
    {
        var m = new TinyOnnxModel(7);
        m.Input("x", null, 4);
        m.Output(m.Node("Relu", ["x"], "y"));
        Assert.Contains("opset 7", Import(m).Message);
    }

    [Fact]
    public void When_ReshapeMergesTheBatch_Expect_ErrorNamingTheNode()
    {
        var m = new TinyOnnxModel();
        m.Input("x", null, 4);
        m.Output(m.Node("Reshape", ["x", m.Ints("shape", [8, -1], 2)], "y"));
        var e = Import(m);
        Assert.Contains("(Reshape)", e.Message);
        Assert.Contains("batch", e.Message);
    }

    [Fact]
    public void When_FileIsNotProtobuf_Expect_ErrorNamingTheFile()
    {
        var path = Path.Combine(Path.GetTempPath(), $"xbar-text-{Guid.NewGuid():N}.onnx");
        try
        {
            File.WriteAllText(path, "this is not an ONNX model\n");
            Assert.Contains(path, Assert.Throws<InvalidInputException>(() => OnnxImporter.Load(path)).Message);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
