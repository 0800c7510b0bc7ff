using Google.Protobuf;
using Onnx;
using Xbar.Behavioral.Networks.Graph;
using Xbar.Behavioral.Networks.Graph.Operations;

namespace Xbar.Behavioral.Networks.Onnx;

/// <summary>
/// Writes a <see cref="NetworkGraph"/> as an ONNX model (opset 13, written with OnnxSharp's types):
/// dense layers as Gemm (or MatMul + Add on inputs of rank above 2), convolutions as Conv, every
/// other operation as its ONNX operator; inputs get a symbolic batch dimension "N". With
/// <see cref="OnnxPrecision.Float64"/> an export read back by <see cref="OnnxImporter"/> gives the same
/// outputs bit for bit (except the float attributes ONNX defines: BatchNormalization's epsilon and
/// LeakyRelu's alpha are rounded to float); <see cref="OnnxPrecision.Float32"/> rounds every constant
/// to float, as models for other runtimes are. The fixed levels of QAT weight nodes go into the
/// model's metadata (<see cref="OnnxWeightLevels"/>).
/// </summary>
public static class OnnxExporter
{
    public const int Opset = 13;

    /// <summary>Writes <paramref name="graph"/> to <paramref name="path"/>.</summary>
    public static void Save(NetworkGraph graph, string path, OnnxPrecision precision = OnnxPrecision.Float32)
    {
        var dir = Path.GetDirectoryName(Path.GetFullPath(path));
        if (dir is not null) Directory.CreateDirectory(dir);
        File.WriteAllBytes(path, Export(graph, precision).ToByteArray());
    }

    /// <summary>The model as an OnnxSharp message.</summary>
    public static ModelProto Export(NetworkGraph graph, OnnxPrecision precision = OnnxPrecision.Float32)
    {
        var w = new Writer(graph, precision);
        foreach (var node in graph.Nodes) w.Node(node);
        var g = new GraphProto { Name = graph.Name };
        g.Node.AddRange(w.Nodes);
        foreach (var (name, t) in graph.Initializers) w.Initializer(name, t, w.IntegerConstants.Contains(name));
        g.Initializer.AddRange(w.Initializers);
        foreach (var input in graph.Inputs) g.Input.Add(ValueInfo(input.Name, input.SampleShape, precision));
        foreach (var output in graph.Outputs) g.Output.Add(ValueInfo(output, graph.ShapeOf(output).SampleDims, precision));
        var model = new ModelProto { IrVersion = 8, ProducerName = "xbar", ProducerVersion = "1", Graph = g };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = Opset });
        OnnxWeightLevels.Write(model, graph);
        return model;
    }

    private static ValueInfoProto ValueInfo(string name, int[] sampleShape, OnnxPrecision precision)
    {
        var shape = new TensorShapeProto();
        shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimParam = "N" });
        foreach (int d in sampleShape) shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimValue = d });
        return new ValueInfoProto
        {
            Name = name,
            Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = OnnxTensors.ElementType(precision), Shape = shape } },
        };
    }

    /// <summary>Builds the node and initializer lists.</summary>
    private sealed class Writer(NetworkGraph graph, OnnxPrecision precision)
    {
        public List<NodeProto> Nodes { get; } = [];
        public List<TensorProto> Initializers { get; } = [];

        /// <summary>Graph constants ONNX wants as 64-bit integers (Reshape's shape, Gather's indices).</summary>
        public HashSet<string> IntegerConstants { get; } = new(StringComparer.Ordinal);

        private readonly HashSet<string> _names = new(graph.Initializers.Keys, StringComparer.Ordinal);

        public void Initializer(string name, Tensor t, bool integers = false) => Initializers.Add(OnnxTensors.Write(name, t, precision, integers));

        public void Node(Node node)
        {
            string x = node.Inputs.Count > 0 ? node.Inputs[0] : "";
            string y = node.Outputs[0];
            switch (node.Op)
            {
                case Dense d when graph.ShapeOf(x).Rank == 2:
                {
                    var inputs = new List<string> { x, Constant(node, "W", new Tensor([d.Outputs, d.Inputs], d.Weights.ToArray())) };
                    if (d.Bias is { } b) inputs.Add(Constant(node, "B", Tensor.Vector(b.ToArray())));
                    Add(node.Name, "Gemm", inputs, [y], Int("transB", 1));
                    break;
                }
                case Dense d:
                {
                    var wt = new double[d.Inputs * d.Outputs];
                    for (int o = 0; o < d.Outputs; o++)
                        for (int i = 0; i < d.Inputs; i++) wt[i * d.Outputs + o] = d.Weights[o * d.Inputs + i];
                    string product = d.Bias is null ? y : Fresh(node.Name + "_product");
                    Add(node.Name, "MatMul", [x, Constant(node, "W", new Tensor([d.Inputs, d.Outputs], wt))], [product]);
                    if (d.Bias is { } b) Add(node.Name + "_bias", "Add", [product, Constant(node, "B", Tensor.Vector(b.ToArray()))], [y]);
                    break;
                }
                case Conv2d c:
                {
                    var win = c.Window;
                    int[] wDims = c.OneDimensional ? [c.OutChannels, c.InChannelsPerGroup, win.KernelW] : [c.OutChannels, c.InChannelsPerGroup, win.KernelH, win.KernelW];
                    var inputs = new List<string> { x, Constant(node, "W", new Tensor(wDims, c.Weights.ToArray())) };
                    if (c.Bias is { } b) inputs.Add(Constant(node, "B", Tensor.Vector(b.ToArray())));
                    Add(node.Name, "Conv", inputs, [y], [.. WindowAttributes(win, c.OneDimensional, pool: false), Int("group", c.Groups)]);
                    break;
                }
                case BatchNormalization bn:
                    Add(node.Name, "BatchNormalization",
                        [x, Constant(node, "scale", Tensor.Vector(bn.Scale)), Constant(node, "B", Tensor.Vector(bn.Bias)),
                         Constant(node, "mean", Tensor.Vector(bn.Mean)), Constant(node, "var", Tensor.Vector(bn.Variance))],
                        [y], Float("epsilon", bn.Epsilon));
                    break;
                case Elementwise e:
                    switch (e.OpType)
                    {
                        case "LeakyRelu": Add(node.Name, "LeakyRelu", [x], [y], Float("alpha", e.Alpha)); break;
                        case "Clip":
                            Add(node.Name, "Clip", [x, Constant(node, "min", Tensor.Scalar(e.Min)), Constant(node, "max", Tensor.Scalar(e.Max))], [y]);
                            break;
                        case "Dropout": Add(node.Name, "Identity", [x], [y]); break;
                        default: Add(node.Name, e.OpType, [x], [y]); break;
                    }
                    break;
                case Binary or Sum:
                    Add(node.Name, node.Op.OpType, node.Inputs, [y]);
                    break;
                case Pool p when p.Kind is PoolKind.GlobalMax or PoolKind.GlobalAverage:
                    Add(node.Name, p.OpType, [x], [y]);
                    break;
                case Pool p:
                {
                    var attrs = WindowAttributes(p.Window!, p.OneDimensional, pool: true);
                    if (p.Kind == PoolKind.Average)
                    {
                        if (p.Window!.DilationH != 1 || p.Window.DilationW != 1)
                            throw new InvalidInputException($"{node.Describe()}: AveragePool with dilations needs opset 19; the exporter writes opset {Opset}");
                        attrs = [.. attrs.Where(a => a.Name != "dilations"), Int("count_include_pad", p.CountIncludePad ? 1 : 0)];
                    }
                    Add(node.Name, p.OpType, [x], [y], attrs);
                    break;
                }
                case Flatten f: Add(node.Name, "Flatten", [x], [y], Int("axis", f.Axis)); break;
                case Reshape r:
                    IntegerConstants.Add(node.Inputs[1]);
                    Add(node.Name, "Reshape", node.Inputs, [y], r.AllowZero ? [Int("allowzero", 1)] : []);
                    break;
                case Transpose t: Add(node.Name, "Transpose", [x], [y], t.Perm is null ? [] : [Ints("perm", t.Perm)]); break;
                case Squeeze s:
                    Add(node.Name, "Squeeze", s.Axes is null ? [x] : [x, IntConstant(node, "axes", s.Axes)], [y]);
                    break;
                case Unsqueeze u: Add(node.Name, "Unsqueeze", [x, IntConstant(node, "axes", u.Axes)], [y]); break;
                case Concat c: Add(node.Name, "Concat", node.Inputs, [y], Int("axis", c.Axis)); break;
                case Gather g:
                    IntegerConstants.Add(node.Inputs[1]);
                    Add(node.Name, "Gather", node.Inputs, [y], Int("axis", g.Axis));
                    break;
                case Softmax s: SoftmaxNodes(node, s, x, y); break;
                case Pad p:
                    Add(node.Name, "Pad", [x, IntConstant(node, "pads", p.Pads), Constant(node, "value", Tensor.Scalar(p.Value))], [y],
                        Str("mode", p.Mode.ToString().ToLowerInvariant()));
                    break;
                default:
                    throw new InvalidInputException($"{node.Describe()}: the ONNX exporter has no form for this operation");
            }
        }

        /// <summary>Softmax in opset 13 normalizes along one axis; the older rule (every dimension from the axis on) becomes Flatten, Softmax, Reshape.</summary>
        private void SoftmaxNodes(Node node, Softmax s, string x, string y)
        {
            var dims = graph.ShapeOf(x).Dims;
            int a = s.Axis < 0 ? s.Axis + dims.Length : s.Axis;
            if (!s.FlattenFromAxis || dims.Skip(a + 1).All(d => d == 1))
            {
                Add(node.Name, "Softmax", [x], [y], Int("axis", s.Axis));
                return;
            }
            string flat = Fresh(node.Name + "_flat"), soft = Fresh(node.Name + "_softmax");
            Add(node.Name + "_flatten", "Flatten", [x], [flat], Int("axis", a));
            Add(node.Name, "Softmax", [flat], [soft], Int("axis", 1));
            Add(node.Name + "_reshape", "Reshape", [soft, IntConstant(node, "shape", [0, .. dims[1..]])], [y]);
        }

        private static AttributeProto[] WindowAttributes(SpatialWindow w, bool oneD, bool pool)
        {
            int[] Pick(int h, int v) => oneD ? [v] : [h, v];
            var attrs = new List<AttributeProto>
            {
                Ints("kernel_shape", Pick(w.KernelH, w.KernelW)),
                Ints("strides", Pick(w.StrideH, w.StrideW)),
                Ints("dilations", Pick(w.DilationH, w.DilationW)),
            };
            if (w.AutoPad == AutoPad.NotSet) attrs.Add(Ints("pads", oneD ? [w.Pads[1], w.Pads[3]] : w.Pads));
            else attrs.Add(Str("auto_pad", w.AutoPad switch { AutoPad.Valid => "VALID", AutoPad.SameUpper => "SAME_UPPER", _ => "SAME_LOWER" }));
            if (pool && w.CeilMode) attrs.Add(Int("ceil_mode", 1));
            return attrs.ToArray();
        }

        private string Constant(Node node, string what, Tensor t)
        {
            string name = Fresh($"{node.Name}_{what}");
            Initializer(name, t);
            return name;
        }

        private string IntConstant(Node node, string what, int[] values)
        {
            string name = Fresh($"{node.Name}_{what}");
            Initializer(name, Tensor.Vector(values.Select(v => (double)v).ToArray()), integers: true);
            return name;
        }

        private string Fresh(string name)
        {
            string n = name;
            for (int k = 1; graph.HasValue(n) || !_names.Add(n); k++) n = $"{name}_{k}";
            return n;
        }

        private void Add(string name, string opType, IEnumerable<string> inputs, IEnumerable<string> outputs, params AttributeProto[] attributes)
        {
            var n = new NodeProto { Name = name, OpType = opType };
            n.Input.AddRange(inputs);
            n.Output.AddRange(outputs);
            n.Attribute.AddRange(attributes);
            Nodes.Add(n);
        }

        private static AttributeProto Int(string name, long v) => new() { Name = name, Type = AttributeProto.Types.AttributeType.Int, I = v };

        private static AttributeProto Float(string name, double v) => new() { Name = name, Type = AttributeProto.Types.AttributeType.Float, F = (float)v };

        private static AttributeProto Str(string name, string v) => new() { Name = name, Type = AttributeProto.Types.AttributeType.String, S = ByteString.CopyFromUtf8(v) };

        private static AttributeProto Ints(string name, int[] v)
        {
            var a = new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Ints };
            a.Ints.AddRange(v.Select(i => (long)i));
            return a;
        }
    }
}
