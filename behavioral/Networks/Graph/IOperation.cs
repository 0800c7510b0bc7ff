namespace Xbar.Behavioral.Networks.Graph;

/// <summary>
/// One operation of a graph (ONNX's operator, with its attributes and constant parameters bound
/// at construction). It infers its output shapes from its input shapes and computes its outputs
/// in float; operations are immutable and may be shared between graphs.
/// </summary>
public interface IOperation
{
    /// <summary>The ONNX op type it implements (for example "Conv", "Relu").</summary>
    string OpType { get; }

    /// <summary>
    /// Output shapes for the given input shapes. Throws <see cref="GraphShapeException"/> when the
    /// inputs do not fit (wrong rank, mismatched sizes, an axis that would touch the batch).
    /// </summary>
    ValueShape[] InferShapes(IReadOnlyList<ValueShape> inputs);

    /// <summary>The outputs in float for inputs of any batch size (dimension 0 of batched inputs).</summary>
    Tensor[] Run(IReadOnlyList<Tensor> inputs);

    /// <summary>
    /// The outputs for constant inputs, evaluated once when the graph is built (constant folding).
    /// Differs from <see cref="Run"/> only where an operation treats dimension 0 as the batch (Reshape).
    /// </summary>
    Tensor[] Fold(IReadOnlyList<Tensor> inputs) => Run(inputs);
}

/// <summary>
/// An operation whose product runs on crossbar tiles: a constant weight matrix per group (outputs x
/// inputs, the crossbar layout: each input drives a word line, each output is a column), a bias
/// added digitally after the ADC, and the way an input tensor becomes a batch of input vectors
/// (rows of the matrix product) and the products become the output tensor.
/// </summary>
public interface IWeightOperation : IOperation
{
    /// <summary>Independent matrices (convolution groups; 1 for a dense layer).</summary>
    int Groups { get; }

    /// <summary>Inputs of each group's matrix (word lines): C_in/groups x kH x kW for a convolution.</summary>
    int MatrixInputs { get; }

    /// <summary>Outputs of each group's matrix (weight columns): C_out/groups for a convolution.</summary>
    int MatrixOutputs { get; }

    /// <summary>Group <paramref name="group"/>'s weights, MatrixOutputs x MatrixInputs (a copy).</summary>
    double[,] WeightMatrix(int group);

    /// <summary>Every group's weights stacked, (Groups x MatrixOutputs) x MatrixInputs, row-major (shared: do not modify).</summary>
    ReadOnlySpan<double> Weights { get; }

    /// <summary>The bias per output (Groups x MatrixOutputs values), or null.</summary>
    IReadOnlyList<double>? Bias { get; }

    /// <summary>
    /// The output for <paramref name="input"/> with <paramref name="products"/>[g] computing group g's
    /// y = W x (float, tiles, or any programmed matrix), the bias added after.
    /// </summary>
    Tensor Apply(Tensor input, IReadOnlyList<IProgrammedMatrix> products);

    /// <summary>
    /// Group <paramref name="group"/>'s input vectors for <paramref name="input"/>: Count x MatrixInputs
    /// values, row-major (for a convolution the im2col patches, Count = N x H_out x W_out).
    /// </summary>
    (double[] Vectors, int Count) InputVectors(Tensor input, int group);

    /// <summary>
    /// The same operation with every output o scaled by <paramref name="scale"/>[o] and shifted by
    /// <paramref name="shift"/>[o]: W'[o] = scale[o] W[o], b'[o] = scale[o] b[o] + shift[o] (batch
    /// normalization folded in, exact at inference). Refused (<see cref="InvalidOperationException"/>)
    /// when the weights sit on fixed <see cref="Levels"/>: scaled weights would leave them.
    /// </summary>
    IWeightOperation ScaleOutputs(IReadOnlyList<double> scale, IReadOnlyList<double> shift);

    /// <summary>
    /// The fixed device levels every weight sits on (a model trained with fixed-range QAT: weights
    /// k R / (N - 1), k = -(N-1)..N-1, the values a differential pair of N-state cells stores), or null
    /// for free float weights. A tile backend programs such a layer with clip R, so each weight lands on
    /// a device state; batch normalization is not folded into it (<see cref="GraphPasses.FoldBatchNormalization(NetworkGraph)"/>).
    /// </summary>
    Training.HardwareAware.FixedRangeQuantizer? Levels { get; }
}
