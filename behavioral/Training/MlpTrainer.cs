using System.Numerics.Tensors;
using Xbar.Behavioral.Data;

namespace Xbar.Behavioral.Training;

/// <summary>Loss and accuracy on the training set after each epoch.</summary>
public sealed record TrainingHistory(IReadOnlyList<double> EpochLoss, IReadOnlyList<double> EpochTrainAccuracy);

/// <summary>
/// Mini-batch back-propagation for <see cref="Mlp"/> (softmax + cross-entropy, or sigmoid +
/// binary cross-entropy), with SGD-momentum or Adam. Plain double arrays and SIMD dot products
/// (System.Numerics.Tensors), one thread, so runs are reproducible bit for bit.
/// </summary>
public static class MlpTrainer
{
    /// <summary>Trains <paramref name="network"/> in place on <paramref name="data"/>.</summary>
    public static TrainingHistory Train(Mlp network, LabeledImages data, TrainingOptions options, IProgress<double>? progress = null)
    {
        if (data.FeatureCount != network.Inputs)
            throw new ArgumentException($"data has {data.FeatureCount} features but the network takes {network.Inputs}");
        if (network.Output == OutputKind.Softmax && data.ClassCount > network.Outputs)
            throw new ArgumentException($"data has {data.ClassCount} classes but the network has {network.Outputs} outputs");

        var rng = new Random(options.Seed ^ 0x5A17);
        int nLayers = network.Layers.Count;
        int batch = options.BatchSize;
        var layers = network.Layers;
        var state = layers.Select(l => new LayerState(l)).ToArray();
        // Activations per layer for the current batch: acts[0] = inputs, acts[l + 1] = output of layer l.
        var acts = new double[nLayers + 1][];
        acts[0] = new double[batch * network.Inputs];
        for (int l = 0; l < nLayers; l++) acts[l + 1] = new double[batch * layers[l].Outputs];
        var grads = new double[nLayers][];
        for (int l = 0; l < nLayers; l++) grads[l] = new double[batch * layers[l].Outputs];

        var order = Enumerable.Range(0, data.Count).ToArray();
        var losses = new List<double>();
        var accuracies = new List<double>();
        long step = 0;
        for (int epoch = 0; epoch < options.Epochs; epoch++)
        {
            rng.Shuffle(order);
            double lossSum = 0;
            int correct = 0;
            for (int start = 0; start < order.Length; start += batch)
            {
                int b = Math.Min(batch, order.Length - start);
                for (int s = 0; s < b; s++)
                    data.Sample(order[start + s]).CopyTo(acts[0].AsSpan(s * network.Inputs, network.Inputs));

                // Forward.
                for (int l = 0; l < nLayers; l++)
                {
                    var layer = layers[l];
                    for (int s = 0; s < b; s++)
                    {
                        var x = acts[l].AsSpan(s * layer.Inputs, layer.Inputs);
                        var z = acts[l + 1].AsSpan(s * layer.Outputs, layer.Outputs);
                        for (int o = 0; o < layer.Outputs; o++)
                            z[o] = TensorPrimitives.Dot(layer.Weights.AsSpan(o * layer.Inputs, layer.Inputs), x) + layer.Bias[o];
                        if (l + 1 < nLayers) Activations.Apply(network.Hidden, z);
                    }
                }

                // Loss gradient at the output pre-activations.
                int nOut = network.Outputs;
                for (int s = 0; s < b; s++)
                {
                    var z = acts[nLayers].AsSpan(s * nOut, nOut);
                    var g = grads[nLayers - 1].AsSpan(s * nOut, nOut);
                    int label = data.Labels[order[start + s]];
                    if (Mlp.Decide(network.Output, z) == label) correct++;
                    if (network.Output == OutputKind.Softmax)
                    {
                        z.CopyTo(g);
                        Activations.Softmax(g);
                        lossSum -= Math.Log(Math.Max(g[label], 1e-300));
                        g[label] -= 1;
                    }
                    else
                    {
                        double p = 1.0 / (1.0 + Math.Exp(-z[0]));
                        lossSum -= label == 1 ? Math.Log(Math.Max(p, 1e-300)) : Math.Log(Math.Max(1 - p, 1e-300));
                        g[0] = p - label;
                    }
                    for (int o = 0; o < nOut; o++) g[o] /= b;
                }

                // Backward.
                for (int l = nLayers - 1; l >= 0; l--)
                {
                    var layer = layers[l];
                    var st = state[l];
                    Array.Clear(st.GradW);
                    Array.Clear(st.GradB);
                    for (int s = 0; s < b; s++)
                    {
                        var x = acts[l].AsSpan(s * layer.Inputs, layer.Inputs);
                        var g = grads[l].AsSpan(s * layer.Outputs, layer.Outputs);
                        for (int o = 0; o < layer.Outputs; o++)
                        {
                            if (g[o] == 0) continue;
                            var gw = st.GradW.AsSpan(o * layer.Inputs, layer.Inputs);
                            TensorPrimitives.MultiplyAdd(x, g[o], gw, gw);
                            st.GradB[o] += g[o];
                        }
                    }
                    if (l > 0)
                    {
                        var prev = layers[l - 1];
                        for (int s = 0; s < b; s++)
                        {
                            var g = grads[l].AsSpan(s * layer.Outputs, layer.Outputs);
                            var gp = grads[l - 1].AsSpan(s * prev.Outputs, prev.Outputs);
                            gp.Clear();
                            for (int o = 0; o < layer.Outputs; o++)
                            {
                                if (g[o] == 0) continue;
                                TensorPrimitives.MultiplyAdd(layer.Weights.AsSpan(o * layer.Inputs, layer.Inputs), g[o], gp, gp);
                            }
                            Activations.BackpropThrough(network.Hidden, acts[l].AsSpan(s * prev.Outputs, prev.Outputs), gp);
                        }
                    }
                }

                step++;
                foreach (var st in state) st.Update(options, step);
            }
            losses.Add(lossSum / data.Count);
            accuracies.Add((double)correct / data.Count);
            progress?.Report((epoch + 1.0) / options.Epochs);
        }
        return new TrainingHistory(losses, accuracies);
    }

    /// <summary>Fraction of <paramref name="data"/> the float network classifies correctly.</summary>
    public static double Accuracy(Mlp network, LabeledImages data)
    {
        int correct = 0;
        for (int i = 0; i < data.Count; i++)
            if (network.Predict(data.Sample(i)) == data.Labels[i]) correct++;
        return data.Count == 0 ? 0 : (double)correct / data.Count;
    }

    /// <summary>Gradient buffers and optimizer moments of one layer.</summary>
    private sealed class LayerState(DenseLayer layer)
    {
        public readonly double[] GradW = new double[layer.Weights.Length];
        public readonly double[] GradB = new double[layer.Bias.Length];
        private readonly double[] _m1W = new double[layer.Weights.Length];
        private readonly double[] _m1B = new double[layer.Bias.Length];
        private readonly double[] _m2W = new double[layer.Weights.Length];
        private readonly double[] _m2B = new double[layer.Bias.Length];

        public void Update(TrainingOptions o, long step)
        {
            if (o.WeightDecay > 0)
                TensorPrimitives.MultiplyAdd(layer.Weights, o.WeightDecay, GradW, GradW);
            if (o.Optimizer == OptimizerKind.Adam)
            {
                Adam(layer.Weights, GradW, _m1W, _m2W, o.LearningRate, step);
                Adam(layer.Bias, GradB, _m1B, _m2B, o.LearningRate, step);
            }
            else
            {
                Sgd(layer.Weights, GradW, _m1W, o.LearningRate, o.Momentum);
                Sgd(layer.Bias, GradB, _m1B, o.LearningRate, o.Momentum);
            }
        }

        private static void Sgd(double[] p, double[] g, double[] v, double lr, double momentum)
        {
            for (int i = 0; i < p.Length; i++)
            {
                v[i] = momentum * v[i] + g[i];
                p[i] -= lr * v[i];
            }
        }

        private static void Adam(double[] p, double[] g, double[] m, double[] v, double lr, long t)
        {
            const double b1 = 0.9, b2 = 0.999, eps = 1e-8;
            double c1 = 1 - Math.Pow(b1, t), c2 = 1 - Math.Pow(b2, t);
            for (int i = 0; i < p.Length; i++)
            {
                m[i] = b1 * m[i] + (1 - b1) * g[i];
                v[i] = b2 * v[i] + (1 - b2) * g[i] * g[i];
                p[i] -= lr * (m[i] / c1) / (Math.Sqrt(v[i] / c2) + eps);
            }
        }
    }
}
