using Google.Protobuf;
using Onnx;
using Xbar.Behavioral.Networks.Graph;

namespace Xbar.Behavioral.Networks.Onnx;

/// <summary>
/// Reads an ONNX model (parsed by OnnxSharp, opset 8 or later) into a <see cref="NetworkGraph"/>.
/// Initializers and Constant nodes become constants; Conv, Gemm and MatMul with a constant weight
/// become weight nodes (they run on tiles); every other supported operator runs digitally. The
/// first dimension of each graph input is the batch: fixed at 1 or symbolic, it runs any number of
/// samples; every other dimension must be a fixed size. Problems (a truncated or corrupt file, an
/// unsupported operator, a dynamic shape that cannot be fixed, weights that are not constants, a
/// missing initializer) throw <see cref="InvalidInputException"/> naming the file, the node, its op
/// type and what is supported. Fixed device levels of QAT weights stored by <see cref="OnnxExporter"/>
/// in the model's metadata are attached to their nodes (<see cref="OnnxWeightLevels"/>).
/// </summary>
public static class OnnxImporter
{
    /// <summary>The oldest default-domain opset read (ResNet-18 of Microsoft.ML.DnnImageFeaturizer.ResNet18 is opset 8).</summary>
    public const int MinOpset = 8;

    /// <summary>Reads the model in <paramref name="path"/>.</summary>
    public static NetworkGraph Load(string path)
    {
        if (!File.Exists(path)) throw new InvalidInputException($"{path}: ONNX model not found");
        ModelProto model;
        try
        {
            model = ModelProto.Parser.ParseFrom(File.ReadAllBytes(path));
        }
        catch (InvalidProtocolBufferException e)
        {
            throw new InvalidInputException($"{path}: not a valid ONNX model (truncated or corrupt protobuf: {e.Message})", e);
        }
        return Import(model, path);
    }

    /// <summary>Reads a parsed model; <paramref name="source"/> names it in messages.</summary>
    public static NetworkGraph Import(ModelProto model, string source = "model")
    {
        var graph = model.Graph ?? throw new InvalidInputException($"{source}: the model has no graph");
        int opset = model.OpsetImport.Where(o => o.Domain is "" or "ai.onnx").Select(o => (int)o.Version).DefaultIfEmpty(0).Max();
        if (opset < MinOpset)
            throw new InvalidInputException($"{source}: opset {opset} of the default ONNX domain; opset {MinOpset} or later is supported (convert the model with onnx.version_converter)");

        var constants = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        foreach (var init in graph.Initializer)
            constants[init.Name] = OnnxTensors.Read(init, $"{source}: initializer '{init.Name}'");
        if (graph.SparseInitializer.Count > 0) throw new InvalidInputException($"{source}: sparse initializers are not supported");

        var inputs = new List<GraphInput>();
        foreach (var input in graph.Input)
        {
            if (constants.ContainsKey(input.Name)) continue; // older exporters list initializers among the inputs
            inputs.Add(new GraphInput(input.Name, SampleShape(input, source)));
        }

        var nodes = new List<Node>();
        for (int k = 0; k < graph.Node.Count; k++)
        {
            var n = graph.Node[k];
            string name = n.Name.Length > 0 ? n.Name : $"{n.OpType}_{k}";
            var reader = new OnnxNodeReader(n, name, opset, constants, source);
            if (n.OpType == "Constant" && n.Domain is "" or "ai.onnx")
            {
                if (n.Output.Count != 1) throw new InvalidInputException($"{source}: node '{name}' (Constant): one output expected");
                constants[n.Output[0]] = reader.ConstantValue();
                continue;
            }
            nodes.Add(reader.Read());
        }
        var outputs = graph.Output.Select(o => o.Name).ToArray();
        nodes = OnnxWeightLevels.Apply(model, nodes, source);
        try
        {
            return new NetworkGraph(inputs, outputs, nodes, constants, graph.Name.Length > 0 ? graph.Name : Path.GetFileNameWithoutExtension(source));
        }
        catch (InvalidInputException e)
        {
            throw new InvalidInputException($"{source}: {e.Message}", e);
        }
    }

    /// <summary>The shape of one sample: the input's dimensions after the batch, each a fixed size.</summary>
    private static int[] SampleShape(ValueInfoProto input, string source)
    {
        string where = $"{source}: input '{input.Name}'";
        if (input.Type?.TensorType is not { } tensor)
            throw new InvalidInputException($"{where}: only tensor inputs are supported");
        if (tensor.ElemType is not ((int)TensorProto.Types.DataType.Float or (int)TensorProto.Types.DataType.Double))
            throw new InvalidInputException($"{where}: element type {(TensorProto.Types.DataType)tensor.ElemType} is not supported (float or double inputs are)");
        if (tensor.Shape is null || tensor.Shape.Dim.Count < 2)
            throw new InvalidInputException($"{where}: needs a shape with a batch dimension first (N x features or N x C x H x W); got {(tensor.Shape is null ? "no shape" : $"rank {tensor.Shape.Dim.Count}")}");
        var batch = tensor.Shape.Dim[0];
        if (batch.ValueCase == TensorShapeProto.Types.Dimension.ValueOneofCase.DimValue && batch.DimValue > 1)
            throw new InvalidInputException($"{where}: the batch (first) dimension is fixed at {batch.DimValue}; 1 or a symbolic batch is supported");
        var dims = new int[tensor.Shape.Dim.Count - 1];
        for (int i = 1; i < tensor.Shape.Dim.Count; i++)
        {
            var d = tensor.Shape.Dim[i];
            if (d.ValueCase != TensorShapeProto.Types.Dimension.ValueOneofCase.DimValue || d.DimValue < 1 || d.DimValue > int.MaxValue)
                throw new InvalidInputException(
                    $"{where}: dimension {i} is {(d.ValueCase == TensorShapeProto.Types.Dimension.ValueOneofCase.DimParam ? $"'{d.DimParam}'" : "unknown")}; " +
                    "a dynamic shape cannot be fixed here: every dimension after the batch must be a fixed size (export the model with a fixed input size)");
            dims[i - 1] = (int)d.DimValue;
        }
        return dims;
    }
}
