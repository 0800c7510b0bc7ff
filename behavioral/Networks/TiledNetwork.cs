using Xbar.Behavioral.Data;
using Xbar.Behavioral.Networks.Graph;
using Xbar.Behavioral.Training;

namespace Xbar.Behavioral.Networks;

/// <summary>
/// An <see cref="Mlp"/> on tiles: its graph (<see cref="MlpGraph"/>) run by the graph engine with a
/// <see cref="TileBackend"/>, so every layer's W x runs on programmed tiles (<see cref="TiledMatrix"/>)
/// while biases, activations and the softmax stay digital. The tiles are programmed once, at
/// construction; the same object then runs any number of inputs.
/// </summary>
public sealed class TiledNetwork
{
    private readonly string[] _preActivations;

    public TiledNetwork(Mlp network, TileGeometry geometry, ITileProgrammer programmer, int seed)
    {
        Network = network;
        Geometry = geometry;
        Programmer = programmer;
        Graph = MlpGraph.From(network);
        Executor = new GraphExecutor(Graph, new TileBackend(programmer, geometry, seed));
        _preActivations = Enumerable.Range(0, network.Layers.Count).Select(MlpGraph.PreActivation).ToArray();
    }

    public Mlp Network { get; }
    public TileGeometry Geometry { get; }
    public ITileProgrammer Programmer { get; }

    /// <summary>The network as a graph.</summary>
    public NetworkGraph Graph { get; }

    /// <summary>The engine running it (tiles programmed).</summary>
    public GraphExecutor Executor { get; }

    /// <summary>The programmed product of layer <paramref name="layer"/>.</summary>
    public TiledMatrix Layer(int layer) => (TiledMatrix)Executor.Products(layer)[0];

    /// <summary>Total number of tiles used by the network.</summary>
    public int TileCount => Executor.TileCount;

    /// <summary>
    /// Pre-activations of every layer for <paramref name="count"/> inputs (count x Inputs, row-major):
    /// result[l] holds count x Outputs(l) values.
    /// </summary>
    public double[][] PreActivationsBatch(ReadOnlySpan<double> inputs, int count)
    {
        var values = Executor.Run(new Dictionary<string, Tensor> { [MlpGraph.InputName] = Executor.InputTensor(inputs, count) }, _preActivations);
        return _preActivations.Select(z => values[z].Data).ToArray();
    }

    /// <summary>Pre-activations of every layer for one input.</summary>
    public double[][] PreActivations(ReadOnlySpan<double> input) => PreActivationsBatch(input, 1);

    /// <summary>The logits (last pre-activations) for one input.</summary>
    public double[] Logits(ReadOnlySpan<double> input) => Executor.Run(input, 1).Data;

    public int Predict(ReadOnlySpan<double> input) => Mlp.Decide(Network.Output, Logits(input));

    /// <summary>Predicted classes for every sample of <paramref name="data"/> (already preprocessed), run in batches.</summary>
    public int[] PredictAll(LabeledImages data, int batch = 500)
    {
        var logits = Executor.RunAll(data.Features, data.Count, batch);
        int nOut = Network.Outputs;
        var predictions = new int[data.Count];
        for (int s = 0; s < data.Count; s++) predictions[s] = Mlp.Decide(Network.Output, logits.AsSpan(s * nOut, nOut));
        return predictions;
    }

    /// <summary>Fraction of <paramref name="data"/> (already preprocessed) classified correctly.</summary>
    public double Accuracy(LabeledImages data)
    {
        var predictions = PredictAll(data);
        int correct = 0;
        for (int i = 0; i < data.Count; i++) if (predictions[i] == data.Labels[i]) correct++;
        return data.Count == 0 ? 0 : (double)correct / data.Count;
    }
}
