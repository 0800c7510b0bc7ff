namespace Xbar.Behavioral.Networks.Graph;

/// <summary>One node of a graph: an operation applied to named input values, producing named output values.</summary>
/// <param name="Name">Unique node name (from the ONNX file, or given by the builder).</param>
/// <param name="Op">The operation with its attributes and constant parameters.</param>
/// <param name="Inputs">Names of the values it reads (graph inputs, initializers or other nodes' outputs).</param>
/// <param name="Outputs">Names of the values it produces.</param>
public sealed record Node(string Name, IOperation Op, IReadOnlyList<string> Inputs, IReadOnlyList<string> Outputs)
{
    /// <summary>"'name' (OpType)", how errors name a node.</summary>
    public string Describe() => $"node '{Name}' ({Op.OpType})";
}
