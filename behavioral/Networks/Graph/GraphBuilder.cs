using Xbar.Behavioral.Networks.Graph.Operations;

namespace Xbar.Behavioral.Networks.Graph;

/// <summary>
/// Builds a <see cref="NetworkGraph"/> in code: declare inputs, add nodes (each returns the name of
/// its output), mark outputs, build. Names not given are made from the op type and a counter.
/// <code>
/// var b = new GraphBuilder("net");
/// var x = b.Input("image", 1, 28, 28);
/// var h = b.Add(Elementwise.Relu(), b.Add(new Conv2d(w, 8, 1, new SpatialWindow(3, 3)), x));
/// var graph = b.Output(b.Add(new Dense(w2, 10, 8 * 26 * 26), b.Add(new Flatten(), h))).Build();
/// </code>
/// </summary>
public sealed class GraphBuilder(string name = "graph")
{
    private readonly List<GraphInput> _inputs = [];
    private readonly List<string> _outputs = [];
    private readonly List<Node> _nodes = [];
    private readonly Dictionary<string, Tensor> _initializers = new(StringComparer.Ordinal);
    private int _counter;

    /// <summary>Declares a graph input with the shape of one sample (no batch dimension); returns its name.</summary>
    public string Input(string inputName, params int[] sampleShape)
    {
        _inputs.Add(new GraphInput(inputName, sampleShape));
        return inputName;
    }

    /// <summary>Adds a constant (initializer); returns its name.</summary>
    public string Constant(string constantName, Tensor value)
    {
        _initializers.Add(constantName, value);
        return constantName;
    }

    /// <summary>Adds a node with one output, named automatically; returns the output's name.</summary>
    public string Add(IOperation op, params string[] inputs)
    {
        string node = $"{op.OpType}_{_counter++}";
        return Add(node, op, inputs, [node + "_out"])[0];
    }

    /// <summary>Adds a node with explicit names; returns its outputs.</summary>
    public IReadOnlyList<string> Add(string nodeName, IOperation op, IReadOnlyList<string> inputs, IReadOnlyList<string> outputs)
    {
        _nodes.Add(new Node(nodeName, op, inputs.ToArray(), outputs.ToArray()));
        return outputs;
    }

    /// <summary>Marks values as graph outputs.</summary>
    public GraphBuilder Output(params string[] values)
    {
        _outputs.AddRange(values);
        return this;
    }

    public NetworkGraph Build() => new(_inputs, _outputs, _nodes, _initializers, name);
}
