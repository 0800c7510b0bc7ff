using Google.Protobuf;
using Onnx;

namespace Xbar.Behavioral.Tests.Networks.Onnx;

/// <summary>Builds small ONNX models in tests with OnnxSharp's protobuf types: float inputs, float or int64 initializers, nodes.</summary>
internal sealed class TinyOnnxModel(int opset = 13)
{
    private readonly GraphProto _graph = new() { Name = "tiny" };
    private readonly Random _rng = new(1234);

    public int Opset { get; } = opset;

    /// <summary>A float input; its first dimension is the batch (a number, or null for a symbolic "N").</summary>
    public string Input(string name, long? batch, params long[] dims)
    {
        var shape = new TensorShapeProto();
        shape.Dim.Add(batch is { } b ? new TensorShapeProto.Types.Dimension { DimValue = b } : new TensorShapeProto.Types.Dimension { DimParam = "N" });
        foreach (var d in dims) shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimValue = d });
        _graph.Input.Add(new ValueInfoProto
        {
            Name = name,
            Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)TensorProto.Types.DataType.Float, Shape = shape } },
        });
        return name;
    }

    public string Init(string name, float[] values, params long[] dims)
    {
        var t = new TensorProto { Name = name, DataType = (int)TensorProto.Types.DataType.Float };
        t.Dims.AddRange(dims);
        t.FloatData.AddRange(values);
        _graph.Initializer.Add(t);
        return name;
    }

    /// <summary>An initializer of uniform random floats in [lo, hi).</summary>
    public string Random(string name, double lo, double hi, params long[] dims)
    {
        long n = dims.Aggregate(1L, (a, b) => a * b);
        return Init(name, Enumerable.Range(0, (int)n).Select(_ => (float)(lo + (hi - lo) * _rng.NextDouble())).ToArray(), dims);
    }

    public string Ints(string name, long[] values, params long[] dims)
    {
        var t = new TensorProto { Name = name, DataType = (int)TensorProto.Types.DataType.Int64 };
        t.Dims.AddRange(dims);
        t.Int64Data.AddRange(values);
        _graph.Initializer.Add(t);
        return name;
    }

    public string Node(string op, string[] inputs, string output, params AttributeProto[] attributes)
    {
        var n = new NodeProto { Name = $"{op}_{_graph.Node.Count}", OpType = op };
        n.Input.AddRange(inputs);
        n.Output.Add(output);
        n.Attribute.AddRange(attributes);
        _graph.Node.Add(n);
        return output;
    }

    public TinyOnnxModel Output(string name)
    {
        _graph.Output.Add(new ValueInfoProto
        {
            Name = name,
            Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)TensorProto.Types.DataType.Float } },
        });
        return this;
    }

    public GraphProto Graph => _graph;

    public ModelProto Model()
    {
        var m = new ModelProto { IrVersion = Opset >= 13 ? 7 : 4, ProducerName = "xbar-tests", Graph = _graph };
        m.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = Opset });
        return m;
    }

    public byte[] Bytes() => Model().ToByteArray();

    public static AttributeProto Int(string name, long v) => new() { Name = name, Type = AttributeProto.Types.AttributeType.Int, I = v };
    public static AttributeProto Float(string name, float v) => new() { Name = name, Type = AttributeProto.Types.AttributeType.Float, F = v };
    public static AttributeProto Str(string name, string v) => new() { Name = name, Type = AttributeProto.Types.AttributeType.String, S = ByteString.CopyFromUtf8(v) };

    public static AttributeProto IntList(string name, params long[] v)
    {
        var a = new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Ints };
        a.Ints.AddRange(v);
        return a;
    }
}
