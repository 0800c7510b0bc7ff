namespace Xbar.Behavioral.Networks.Graph.Operations;

/// <summary>
/// A fully connected layer y = W x + b on the last dimension (ONNX Gemm or MatMul with a constant
/// weight operand, an MLP layer): W is Outputs x Inputs, row-major, the crossbar layout (each
/// input drives a word line, each output is a weight column). Inputs of rank above 2 apply W to
/// every vector along the last dimension (a batched MatMul with a constant matrix).
/// </summary>
public sealed class Dense : IWeightOperation
{
    private readonly double[] _weights;
    private readonly double[]? _bias;
    private readonly BlasMatrix _float;

    /// <param name="weightsOutByIn">W, outputs x inputs, row-major (kept, not copied).</param>
    /// <param name="bias">b (outputs values) or null.</param>
    /// <param name="opType">The ONNX op it came from (Gemm or MatMul), for messages and export.</param>
    /// <param name="levels">The fixed device levels the weights sit on (QAT), or null (<see cref="IWeightOperation.Levels"/>).</param>
    public Dense(double[] weightsOutByIn, int outputs, int inputs, double[]? bias = null, string opType = "Gemm",
        Training.HardwareAware.FixedRangeQuantizer? levels = null)
    {
        if (outputs < 1 || inputs < 1) throw new GraphShapeException($"weight matrix {outputs}x{inputs} must not be empty");
        if (weightsOutByIn.Length != outputs * inputs)
            throw new GraphShapeException($"weights hold {weightsOutByIn.Length} values, a {outputs}x{inputs} matrix needs {outputs * inputs}");
        if (bias is not null && bias.Length != outputs)
            throw new GraphShapeException($"bias holds {bias.Length} values, expected {outputs}");
        ShapeRules.OnLevels(levels, weightsOutByIn);
        _weights = weightsOutByIn;
        _bias = bias;
        Outputs = outputs;
        Inputs = inputs;
        OpType = opType;
        Levels = levels;
        _float = new BlasMatrix(_weights, 0, outputs, inputs);
    }

    /// <summary>A dense layer from a W[o, i] matrix (copied).</summary>
    public static Dense FromMatrix(double[,] weightsOutByIn, double[]? bias = null)
    {
        int o = weightsOutByIn.GetLength(0), i = weightsOutByIn.GetLength(1);
        var w = new double[o * i];
        Buffer.BlockCopy(weightsOutByIn, 0, w, 0, w.Length * sizeof(double));
        return new Dense(w, o, i, bias);
    }

    public string OpType { get; }
    public int Outputs { get; }
    public int Inputs { get; }
    public int Groups => 1;
    public int MatrixInputs => Inputs;
    public int MatrixOutputs => Outputs;
    public ReadOnlySpan<double> Weights => _weights;
    public IReadOnlyList<double>? Bias => _bias;
    public Training.HardwareAware.FixedRangeQuantizer? Levels { get; }

    /// <summary>The same layer with its weights declared to sit on <paramref name="levels"/> (checked), or free (null).</summary>
    public Dense WithLevels(Training.HardwareAware.FixedRangeQuantizer? levels) => new(_weights, Outputs, Inputs, _bias, OpType, levels);

    public double[,] WeightMatrix(int group)
    {
        if (group != 0) throw new ArgumentOutOfRangeException(nameof(group));
        var m = new double[Outputs, Inputs];
        Buffer.BlockCopy(_weights, 0, m, 0, _weights.Length * sizeof(double));
        return m;
    }

    public ValueShape[] InferShapes(IReadOnlyList<ValueShape> inputs)
    {
        ShapeRules.Inputs(inputs, 1, "data");
        var x = inputs[0];
        if (x.Rank < (x.Batched ? 2 : 1) || x.Dims[^1] != Inputs)
            throw new GraphShapeException($"input of shape {x} does not end in the weight matrix's {Inputs} inputs");
        return [ShapeRules.Like(x, [.. x.Dims[..^1], Outputs])];
    }

    public Tensor[] Run(IReadOnlyList<Tensor> inputs) => [Apply(inputs[0], [_float])];

    public Tensor Apply(Tensor input, IReadOnlyList<IProgrammedMatrix> products)
    {
        int count = input.Length / Inputs;
        var z = new double[count * Outputs];
        products[0].MultiplyBatch(input.Data, z, count);
        // The bias after the product (digital, after the ADC), in the order TiledNetwork always added it.
        if (_bias is not null)
            for (int s = 0; s < count; s++)
                for (int o = 0; o < Outputs; o++) z[s * Outputs + o] += _bias[o];
        var dims = input.Dims.ToArray();
        dims[^1] = Outputs;
        return new Tensor(dims, z);
    }

    /// <summary>The input's values themselves (count x Inputs): shared with the tensor, do not modify.</summary>
    public (double[] Vectors, int Count) InputVectors(Tensor input, int group) => (input.Data, input.Length / Inputs);

    public IWeightOperation ScaleOutputs(IReadOnlyList<double> scale, IReadOnlyList<double> shift)
    {
        if (Levels is not null) throw new InvalidOperationException("the weights sit on fixed device levels; scaling them would move them off the levels");
        var w = new double[_weights.Length];
        var b = new double[Outputs];
        for (int o = 0; o < Outputs; o++)
        {
            for (int i = 0; i < Inputs; i++) w[o * Inputs + i] = _weights[o * Inputs + i] * scale[o];
            b[o] = (_bias?[o] ?? 0) * scale[o] + shift[o];
        }
        return new Dense(w, Outputs, Inputs, b, OpType);
    }
}
