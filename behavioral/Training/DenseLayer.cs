namespace Xbar.Behavioral.Training;

/// <summary>
/// A fully connected layer z = W x + b. <see cref="Weights"/> is Outputs x Inputs, row-major
/// (one row per output neuron: the layout a crossbar uses when each input drives a word line and
/// each output is read on a column or column pair).
/// </summary>
public sealed class DenseLayer
{
    public DenseLayer(int inputs, int outputs, double[] weights, double[] bias)
    {
        if (inputs <= 0 || outputs <= 0) throw new ArgumentException($"layer size {outputs}x{inputs} must be positive");
        if (weights.Length != inputs * outputs)
            throw new ArgumentException($"weights hold {weights.Length} values, expected {outputs} x {inputs}", nameof(weights));
        if (bias.Length != outputs)
            throw new ArgumentException($"bias holds {bias.Length} values, expected {outputs}", nameof(bias));
        Inputs = inputs;
        Outputs = outputs;
        Weights = weights;
        Bias = bias;
    }

    public int Inputs { get; }
    public int Outputs { get; }

    /// <summary>Outputs x Inputs, row-major.</summary>
    public double[] Weights { get; }

    public double[] Bias { get; }

    /// <summary>The weights as an Outputs x Inputs matrix.</summary>
    public double[,] WeightMatrix()
    {
        var m = new double[Outputs, Inputs];
        for (int o = 0; o < Outputs; o++)
            for (int i = 0; i < Inputs; i++) m[o, i] = Weights[o * Inputs + i];
        return m;
    }

    public DenseLayer Clone() => new(Inputs, Outputs, (double[])Weights.Clone(), (double[])Bias.Clone());
}
