using Xbar.Behavioral.Networks.Graph.Operations;
using Xbar.Behavioral.Training;

namespace Xbar.Behavioral.Networks.Graph;

/// <summary>
/// An <see cref="Mlp"/> as a graph: input "input" (the features), then per layer l a dense node
/// "dense{l}" giving the pre-activations "z{l}", and between layers the hidden activation "act{l}"
/// giving "a{l}". The output is the last layer's pre-activations (the logits; the softmax or
/// sigmoid only turns them into probabilities, the decision is <see cref="Mlp.Decide"/>). Weight
/// node l is MLP layer l, so tile seeds and per-layer settings keep their layer numbers.
/// </summary>
public static class MlpGraph
{
    public const string InputName = "input";

    public static NetworkGraph From(Mlp network)
    {
        var b = new GraphBuilder("mlp " + string.Join("-", network.Sizes));
        string a = b.Input(InputName, network.Inputs);
        for (int l = 0; l < network.Layers.Count; l++)
        {
            var layer = network.Layers[l];
            string z = b.Add($"dense{l}", new Dense(layer.Weights, layer.Outputs, layer.Inputs, layer.Bias), [a], [PreActivation(l)])[0];
            if (l + 1 < network.Layers.Count)
                a = b.Add($"act{l}", HiddenActivation(network.Hidden), [z], [$"a{l}"])[0];
        }
        return b.Output(PreActivation(network.Layers.Count - 1)).Build();
    }

    /// <summary>
    /// A trained classifier as one graph from pixels to logits: its PCA projection y = C (x - mean) as a
    /// first dense layer "pca" (weights C, bias -C mean), then the MLP. For export: a model run from ONNX
    /// maps every dense layer on tiles, the projection included (in the demo it stays digital).
    /// </summary>
    public static NetworkGraph From(Classifier classifier)
    {
        if (classifier.Pca is not { } pca) return From(classifier.Network);
        var mlp = From(classifier.Network);
        int k = pca.ComponentCount, d = pca.InputCount;
        var w = new double[k * d];
        var bias = new double[k];
        for (int c = 0; c < k; c++)
        {
            pca.Components[c].CopyTo(w, c * d);
            double shift = 0;
            for (int i = 0; i < d; i++) shift += pca.Components[c][i] * pca.Mean[i];
            bias[c] = -shift;
        }
        var projection = new Node("pca", new Dense(w, k, d, bias), ["pixels"], [InputName]);
        return new NetworkGraph([new GraphInput("pixels", [d])], mlp.Outputs, [projection, .. mlp.Nodes], mlp.Initializers, mlp.Name + $" after PCA({k})");
    }

    /// <summary>The name of layer <paramref name="layer"/>'s pre-activations.</summary>
    public static string PreActivation(int layer) => $"z{layer}";

    /// <summary>The graph operation of an MLP's hidden activation.</summary>
    public static Elementwise HiddenActivation(Activation activation) => activation switch
    {
        Activation.Relu => Elementwise.Relu(),
        Activation.Tanh => Elementwise.Tanh(),
        Activation.Sigmoid => Elementwise.Sigmoid(),
        _ => throw new ArgumentOutOfRangeException(nameof(activation)),
    };
}
