using Xbar.Behavioral.Data;
using Xbar.Behavioral.Training;

namespace Xbar.Behavioral.Networks;

/// <summary>One error class's effect on a network: per-layer RMSE of pre-activations against float, and accuracy.</summary>
/// <param name="Source">The error class that was on.</param>
/// <param name="LayerRmse">sqrt(mean((z_hw - z_float)^2)) over samples and neurons of each layer, in pre-activation units.</param>
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
/// layer's pre-activations are compared with the software float network on the same inputs.
/// The tile per error class comes from a factory, so the split works with any tile model.
/// </summary>
public static class ErrorSplit
{
    /// <summary>The classes measured by default, in table order.</summary>
    public static readonly ErrorSource[] DefaultSources =
        [ErrorSource.Quantization, ErrorSource.Systematic, ErrorSource.Random, ErrorSource.All];

    /// <param name="network">The trained network.</param>
    /// <param name="data">Inputs already preprocessed (for example PCA projections) with labels.</param>
    /// <param name="geometry">Tile size.</param>
    /// <param name="tileFor">The tile programmer to use with only the given error class on.</param>
    /// <param name="seed">Network seed for the tile draws (the same for every class).</param>
    /// <param name="sources">Classes to measure (default: quantization, systematic, random, all).</param>
    public static ErrorSplitResult Measure(Mlp network, LabeledImages data, TileGeometry geometry,
        Func<ErrorSource, ITileProgrammer> tileFor, int seed, IReadOnlyList<ErrorSource>? sources = null)
    {
        sources ??= DefaultSources;
        var reference = new TiledNetwork(network, geometry, ExactTileProgrammer.Instance, seed);
        var floatZ = reference.PreActivationsBatch(data.Features, data.Count);
        double floatAcc = AccuracyFromLogits(network, floatZ[^1], data);
        var rows = new List<ErrorSplitRow>();
        foreach (var source in sources)
        {
            var hw = new TiledNetwork(network, geometry, tileFor(source), seed);
            var z = hw.PreActivationsBatch(data.Features, data.Count);
            var rmse = new double[z.Length];
            var rel = new double[z.Length];
            for (int l = 0; l < z.Length; l++)
            {
                double err = 0, norm = 0;
                for (int i = 0; i < z[l].Length; i++)
                {
                    double d = z[l][i] - floatZ[l][i];
                    err += d * d;
                    norm += floatZ[l][i] * floatZ[l][i];
                }
                rmse[l] = Math.Sqrt(err / z[l].Length);
                rel[l] = norm > 0 ? Math.Sqrt(err / norm) : 0;
            }
            rows.Add(new ErrorSplitRow(source, rmse, rel, AccuracyFromLogits(network, z[^1], data)));
        }
        return new ErrorSplitResult(floatAcc, rows, data.Count);
    }

    /// <summary>The split with the reference MTJ tile (<see cref="ReferenceMtjTileProgrammer"/>), one chip seed for every class.</summary>
    public static ErrorSplitResult MeasureReference(Mlp network, LabeledImages data, TileGeometry geometry,
        ReferenceMtjTileOptions options, int seed) =>
        Measure(network, data, geometry, s => new ReferenceMtjTileProgrammer(options.Only(s), seed), seed);

    private static double AccuracyFromLogits(Mlp network, double[] logits, LabeledImages data)
    {
        int nOut = network.Outputs, correct = 0;
        for (int s = 0; s < data.Count; s++)
            if (Mlp.Decide(network.Output, logits.AsSpan(s * nOut, nOut)) == data.Labels[s]) correct++;
        return data.Count == 0 ? 0 : (double)correct / data.Count;
    }
}
