using Xbar.Behavioral.Data;
using Xbar.Behavioral.Training;

namespace Xbar.Behavioral.Networks;

/// <summary>
/// An <see cref="Mlp"/> whose every layer's W x runs on programmed tiles (<see cref="TiledMatrix"/>),
/// while biases, activations and the softmax stay digital. The tiles are programmed once, at
/// construction; the same object then runs any number of inputs.
/// </summary>
public sealed class TiledNetwork
{
    private readonly TiledMatrix[] _layers;

    public TiledNetwork(Mlp network, TileGeometry geometry, ITileProgrammer programmer, int seed)
    {
        Network = network;
        Geometry = geometry;
        Programmer = programmer;
        _layers = network.Layers
            .Select((l, i) => TiledMatrix.Program(l.WeightMatrix(), geometry, programmer, i, seed))
            .ToArray();
    }

    public Mlp Network { get; }
    public TileGeometry Geometry { get; }
    public ITileProgrammer Programmer { get; }

    /// <summary>The programmed product of layer <paramref name="layer"/>.</summary>
    public TiledMatrix Layer(int layer) => _layers[layer];

    /// <summary>Total number of tiles used by the network.</summary>
    public int TileCount => _layers.Sum(l => l.TileCount);

    /// <summary>
    /// Pre-activations of every layer for <paramref name="count"/> inputs (count x Inputs, row-major):
    /// result[l] holds count x Outputs(l) values.
    /// </summary>
    public double[][] PreActivationsBatch(ReadOnlySpan<double> inputs, int count)
    {
        var result = new double[_layers.Length][];
        var a = inputs[..(count * Network.Inputs)].ToArray();
        for (int l = 0; l < _layers.Length; l++)
        {
            var layer = Network.Layers[l];
            var z = new double[count * layer.Outputs];
            _layers[l].MultiplyBatch(a, z, count);
            for (int s = 0; s < count; s++)
                for (int o = 0; o < layer.Outputs; o++) z[s * layer.Outputs + o] += layer.Bias[o];
            result[l] = z;
            if (l + 1 < _layers.Length)
            {
                a = (double[])z.Clone();
                Activations.Apply(Network.Hidden, a);
            }
        }
        return result;
    }

    /// <summary>Pre-activations of every layer for one input.</summary>
    public double[][] PreActivations(ReadOnlySpan<double> input) => PreActivationsBatch(input, 1);

    /// <summary>The logits (last pre-activations) for one input.</summary>
    public double[] Logits(ReadOnlySpan<double> input) => PreActivations(input)[^1];

    public int Predict(ReadOnlySpan<double> input) => Mlp.Decide(Network.Output, Logits(input));

    /// <summary>Predicted classes for every sample of <paramref name="data"/> (already preprocessed), run in batches.</summary>
    public int[] PredictAll(LabeledImages data, int batch = 500)
    {
        var predictions = new int[data.Count];
        int nOut = Network.Outputs;
        for (int start = 0; start < data.Count; start += batch)
        {
            int n = Math.Min(batch, data.Count - start);
            var logits = PreActivationsBatch(data.Features.AsSpan(start * data.FeatureCount, n * data.FeatureCount), n)[^1];
            for (int s = 0; s < n; s++)
                predictions[start + s] = Mlp.Decide(Network.Output, logits.AsSpan(s * nOut, nOut));
        }
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
