using System.Numerics.Tensors;

namespace Xbar.Behavioral.Training;

/// <summary>
/// A multilayer perceptron: dense layers with a hidden activation between them and a softmax or
/// sigmoid output. Software float inference lives here; inference through crossbar tiles is
/// <see cref="Xbar.Behavioral.Networks.TiledNetwork"/>, which uses the same weights, biases and activations.
/// </summary>
public sealed class Mlp
{
    public Mlp(IReadOnlyList<DenseLayer> layers, Activation hidden, OutputKind output)
    {
        if (layers.Count == 0) throw new ArgumentException("an MLP needs at least one layer", nameof(layers));
        for (int l = 1; l < layers.Count; l++)
            if (layers[l].Inputs != layers[l - 1].Outputs)
                throw new ArgumentException($"layer {l} takes {layers[l].Inputs} inputs but layer {l - 1} gives {layers[l - 1].Outputs}");
        if (output == OutputKind.Sigmoid && layers[^1].Outputs != 1)
            throw new ArgumentException("a sigmoid output has exactly one output neuron");
        Layers = layers;
        Hidden = hidden;
        Output = output;
    }

    public IReadOnlyList<DenseLayer> Layers { get; }
    public Activation Hidden { get; }
    public OutputKind Output { get; }
    public int Inputs => Layers[0].Inputs;
    public int Outputs => Layers[^1].Outputs;

    /// <summary>Layer sizes, inputs first (for example 784, 64, 10).</summary>
    public int[] Sizes => [Layers[0].Inputs, .. Layers.Select(l => l.Outputs)];

    /// <summary>
    /// A new network with seeded random weights: uniform in +-sqrt(6 / fan_in) for ReLU (He et al. 2015)
    /// and +-sqrt(6 / (fan_in + fan_out)) otherwise (Glorot and Bengio 2010); zero biases.
    /// </summary>
    public static Mlp CreateRandom(int[] sizes, Activation hidden, OutputKind output, int seed)
    {
        if (sizes.Length < 2) throw new ArgumentException("need at least an input and an output size", nameof(sizes));
        var rng = new Random(seed);
        var layers = new List<DenseLayer>();
        for (int l = 0; l + 1 < sizes.Length; l++)
        {
            int nIn = sizes[l], nOut = sizes[l + 1];
            double limit = hidden == Activation.Relu ? Math.Sqrt(6.0 / nIn) : Math.Sqrt(6.0 / (nIn + nOut));
            var w = new double[nIn * nOut];
            for (int i = 0; i < w.Length; i++) w[i] = (2 * rng.NextDouble() - 1) * limit;
            layers.Add(new DenseLayer(nIn, nOut, w, new double[nOut]));
        }
        return new Mlp(layers, hidden, output);
    }

    public Mlp Clone() => new(Layers.Select(l => l.Clone()).ToList(), Hidden, Output);

    /// <summary>The pre-activations z = W a + b of every layer for one input (the last one are the logits).</summary>
    public double[][] PreActivations(ReadOnlySpan<double> input)
    {
        var result = new double[Layers.Count][];
        var a = input.ToArray();
        for (int l = 0; l < Layers.Count; l++)
        {
            var layer = Layers[l];
            var z = new double[layer.Outputs];
            for (int o = 0; o < layer.Outputs; o++)
                z[o] = TensorPrimitives.Dot(layer.Weights.AsSpan(o * layer.Inputs, layer.Inputs), a) + layer.Bias[o];
            result[l] = z;
            if (l + 1 < Layers.Count)
            {
                a = (double[])z.Clone();
                Activations.Apply(Hidden, a);
            }
        }
        return result;
    }

    /// <summary>The last layer's pre-activations (logits) for one input.</summary>
    public double[] Logits(ReadOnlySpan<double> input) => PreActivations(input)[^1];

    /// <summary>The predicted class from logits: the arg-max for softmax, z &gt; 0 for a sigmoid output.</summary>
    public static int Decide(OutputKind output, ReadOnlySpan<double> logits)
    {
        if (output == OutputKind.Sigmoid) return logits[0] > 0 ? 1 : 0;
        int best = 0;
        for (int i = 1; i < logits.Length; i++) if (logits[i] > logits[best]) best = i;
        return best;
    }

    public int Predict(ReadOnlySpan<double> input) => Decide(Output, Logits(input));
}
