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
