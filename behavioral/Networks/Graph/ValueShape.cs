namespace Xbar.Behavioral.Networks.Graph;

/// <summary>
/// The static shape of a graph value. <see cref="Batched"/> values (activations) carry the batch as
/// dimension 0, given here as the batch size shape inference runs with; constants (weights,
/// initializers, folded shapes) have no batch dimension of their own and broadcast over it.
/// </summary>
/// <param name="Dims">Every dimension, the batch first for batched values.</param>
/// <param name="Batched">True for values that depend on the network input.</param>
/// <param name="Constant">The value itself for a constant (operations whose output shape depends on a constant, like Reshape, read it).</param>
public sealed record ValueShape(int[] Dims, bool Batched, Tensor? Constant = null)
{
    public int Rank => Dims.Length;

    /// <summary>The dimensions of one sample: <see cref="Dims"/> without the batch (all of them for a constant).</summary>
    public int[] SampleDims => Batched ? Dims[1..] : Dims;

    public override string ToString() => Tensor.Describe(Dims);
}

/// <summary>
/// A problem an operation finds in its inputs or attributes; <see cref="NetworkGraph"/> turns it
/// into an <see cref="InvalidInputException"/> naming the node and its op type.
/// </summary>
public sealed class GraphShapeException(string message) : Exception(message);
