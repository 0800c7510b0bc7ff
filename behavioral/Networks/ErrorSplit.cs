using Xbar.Behavioral.Data;
using Xbar.Behavioral.Networks.Graph;
using Xbar.Behavioral.Training;

namespace Xbar.Behavioral.Networks;

/// <summary>One error class's effect on a network: per-layer RMSE of pre-activations against float, and accuracy.</summary>
/// <param name="Source">The error class that was on.</param>
/// <param name="LayerRmse">sqrt(mean((z_hw - z_float)^2)) over samples and neurons of each layer (each weight node's output), in pre-activation units.</param>
/// <param name="LayerRelativeRmse">LayerRmse divided by the RMS of the float pre-activations of that layer.</param>
/// <param name="Accuracy">Fraction of the samples classified correctly in this mode.</param>
public sealed record ErrorSplitRow(ErrorSource Source, double[] LayerRmse, double[] LayerRelativeRmse, double Accuracy);

/// <summary>The error split of a network: software float, then each error class alone, then all together.</summary>
public sealed record ErrorSplitResult(double FloatAccuracy, IReadOnlyList<ErrorSplitRow> Rows, int Samples)
{
    public ErrorSplitRow this[ErrorSource source] => Rows.First(r => r.Source == source);
}

/// <summary>
/// The automatic error split of Moureaux et al. 2026: the network is run once per error class with
/// only that non-ideality on (whole network, errors propagating from layer to layer), and every
/// layer's pre-activations (each weight node's output) are compared with the float network on the
/// same inputs and tiling. The tile per error class comes from a factory, so the split works with
/// any tile model, and the network is any graph.
/// </summary>
public static class ErrorSplit
{
    /// <summary>The classes measured by default, in table order.</summary>
    public static readonly ErrorSource[] DefaultSources =
        [ErrorSource.Quantization, ErrorSource.Systematic, ErrorSource.Random, ErrorSource.All];

    /// <param name="graph">The network.</param>
    /// <param name="data">Inputs already preprocessed (for example PCA projections), flat in the graph's input shape, with labels.</param>
    /// <param name="geometry">Tile size.</param>
    /// <param name="tileFor">The tile programmer to use with only the given error class on.</param>
    /// <param name="seed">Network seed for the tile draws (the same for every class).</param>
    /// <param name="decide">The class from one sample's output (default: the arg-max).</param>
    /// <param name="sources">Classes to measure (default: quantization, systematic, random, all).</param>
    /// <param name="batch">Samples run at once (default: all of them in one batch).</param>
    public static ErrorSplitResult Measure(NetworkGraph graph, LabeledImages data, TileGeometry geometry,
        Func<ErrorSource, ITileProgrammer> tileFor, int seed, IReadOnlyList<ErrorSource>? sources = null,
        Func<ReadOnlySpan<double>, int>? decide = null, int? batch = null)
    {
        sources ??= DefaultSources;
        decide ??= ArgMax;
        int layers = graph.WeightNodes.Count;
        var z = graph.WeightNodes.Select(n => n.Outputs[0]).ToArray();
        string output = graph.SingleOutput;
        int step = Math.Max(1, batch ?? data.Count);
        // The float reference runs on the same tiling with exact products, so its sums are those of the tiled float network.
        var reference = new GraphExecutor(graph, new TileBackend(ExactTileProgrammer.Instance, geometry, seed));
        var hardware = sources.Select(s => new GraphExecutor(graph, new TileBackend(tileFor(s), geometry, seed))).ToArray();
        var err = new double[sources.Count, layers];
        var norm = new double[layers];
        var count = new long[layers];
        var correct = new int[sources.Count];
        int floatCorrect = 0;
        for (int start = 0; start < data.Count; start += step)
        {
            int m = Math.Min(step, data.Count - start);
            var slice = data.Features.AsSpan(start * data.FeatureCount, m * data.FeatureCount);
            var labels = data.Labels.AsSpan(start, m);
            var f = Run(reference, slice, m, z);
            floatCorrect += Correct(f[output], labels, decide);
            for (int l = 0; l < layers; l++)
            {
                foreach (double v in f[z[l]].Data) norm[l] += v * v;
                count[l] += f[z[l]].Length;
            }
            for (int k = 0; k < hardware.Length; k++)
            {
                var h = Run(hardware[k], slice, m, z);
                correct[k] += Correct(h[output], labels, decide);
                for (int l = 0; l < layers; l++)
                {
                    var a = h[z[l]].Data;
                    var b = f[z[l]].Data;
                    double e = 0;
                    for (int i = 0; i < a.Length; i++)
                    {
                        double d = a[i] - b[i];
                        e += d * d;
                    }
                    err[k, l] += e;
                }
            }
        }
        var rows = new List<ErrorSplitRow>();
        for (int k = 0; k < sources.Count; k++)
        {
            var rmse = new double[layers];
            var rel = new double[layers];
            for (int l = 0; l < layers; l++)
            {
                rmse[l] = Math.Sqrt(err[k, l] / Math.Max(1, count[l]));
                rel[l] = norm[l] > 0 ? Math.Sqrt(err[k, l] / norm[l]) : 0;
            }
            rows.Add(new ErrorSplitRow(sources[k], rmse, rel, Fraction(correct[k], data.Count)));
        }
        return new ErrorSplitResult(Fraction(floatCorrect, data.Count), rows, data.Count);
    }

    /// <summary>The split of an MLP (its graph, <see cref="MlpGraph"/>), deciding as <see cref="Mlp.Decide"/>.</summary>
    public static ErrorSplitResult Measure(Mlp network, LabeledImages data, TileGeometry geometry,
        Func<ErrorSource, ITileProgrammer> tileFor, int seed, IReadOnlyList<ErrorSource>? sources = null) =>
        Measure(MlpGraph.From(network), data, geometry, tileFor, seed, sources, logits => Mlp.Decide(network.Output, logits));

    /// <summary>The split with the reference MTJ tile (<see cref="ReferenceMtjTileProgrammer"/>), one chip seed for every class.</summary>
    public static ErrorSplitResult MeasureReference(Mlp network, LabeledImages data, TileGeometry geometry,
        ReferenceMtjTileOptions options, int seed) =>
        Measure(network, data, geometry, s => new ReferenceMtjTileProgrammer(options.Only(s), seed), seed);

    /// <summary>The index of the largest value (the first one on ties).</summary>
    public static int ArgMax(ReadOnlySpan<double> values)
    {
        int best = 0;
        for (int i = 1; i < values.Length; i++) if (values[i] > values[best]) best = i;
        return best;
    }

    private static IReadOnlyDictionary<string, Tensor> Run(GraphExecutor executor, ReadOnlySpan<double> samples, int count, string[] keep) =>
        executor.Run(new Dictionary<string, Tensor> { [executor.Graph.SingleInput.Name] = executor.InputTensor(samples, count) }, keep);

    private static int Correct(Tensor output, ReadOnlySpan<byte> labels, Func<ReadOnlySpan<double>, int> decide)
    {
        int k = output.Length / labels.Length, correct = 0;
        for (int s = 0; s < labels.Length; s++)
            if (decide(output.Data.AsSpan(s * k, k)) == labels[s]) correct++;
        return correct;
    }

    private static double Fraction(int correct, int count) => count == 0 ? 0 : (double)correct / count;
}
