using Xbar.Behavioral.Config;
using Xbar.Behavioral.Data;
using Xbar.Behavioral.Networks.Graph;
using Xbar.Behavioral.Training;

namespace Xbar.Behavioral.Networks;

/// <summary>
/// The per-layer ranges a network on tiles needs, measured on data (the training set) with the
/// float graph: each weight node's DAC full scale (largest |input|), each layer's weight clip as a
/// tile programmer chooses it, and the share of the worst-case column current that a layer's tile
/// partial sums use, which sets a fitted column ADC range. Layers are the graph's weight nodes.
/// </summary>
public static class LayerRanges
{
    /// <summary>Samples run through the float graph at once.</summary>
    public const int Batch = 256;

    /// <summary>Largest |input| of every weight node over <paramref name="count"/> samples (flat, the graph's input shape): each layer's DAC full scale.</summary>
    public static double[] LayerInputMax(GraphExecutor floatGraph, double[] samples, int count, int batch = Batch)
    {
        var graph = floatGraph.Graph;
        var max = new double[graph.WeightNodes.Count];
        var inputs = graph.WeightNodes.Select(n => n.Inputs[0]).ToArray();
        ForEachBatch(floatGraph, samples, count, batch, inputs, values =>
        {
            for (int l = 0; l < max.Length; l++)
                foreach (double v in values[inputs[l]].Data) max[l] = Math.Max(max[l], Math.Abs(v));
        });
        return max;
    }

    /// <summary>The DAC full scale of every layer of an MLP over <paramref name="train"/> (already preprocessed), with the MLP's own float sums.</summary>
    public static double[] LayerInputMax(Mlp network, LabeledImages train) =>
        LayerInputMax(MlpFloat(network), train.Features, train.Count);

    /// <summary>An MLP's float graph with the sums of its own float inference (<see cref="FloatBackend.DotProducts"/>).</summary>
    private static GraphExecutor MlpFloat(Mlp network) => new(MlpGraph.From(network), FloatBackend.DotProducts);

    /// <summary>The weight clip of every layer as <paramref name="programmer"/> chooses it from the whole layer.</summary>
    public static double[] WeightClips(NetworkGraph graph, ITileProgrammer programmer) =>
        Enumerable.Range(0, graph.WeightNodes.Count).Select(l => TileBackend.LayerWeightClip(graph.Layer(l), programmer)).ToArray();

    /// <summary>
    /// Per layer, the <paramref name="quantile"/> of |tile partial sum| over the data as a fraction of the
    /// worst case (every input at full scale on a row of top-state weights): the column current of one
    /// tile's output is I = I_FS * sum_(i in block) (w_i / c)(a_i / a_max) / rows, with I_FS = rows V_read
    /// (G_P - G_AP), c the layer's weight clip and a_max its DAC full scale. A fixed-range ADC set to that
    /// fraction of I_FS saturates on (1 - quantile) of the partial sums and spends its codes on the rest.
    /// Float weights and activations, the first <paramref name="maxSamples"/> samples; at most about four
    /// million partial sums per layer (fewer samples for wide layers, and every k-th input vector of a
    /// convolution whose one sample alone gives more).
    /// </summary>
    /// <param name="layerWeights">Per layer, the weights the tiles hold instead of the graph's (same layout: groups x outputs x
    /// inputs), for example the digits of one bit slice; null = the graph's own.</param>
    public static double[] LayerPartialSumFraction(GraphExecutor floatGraph, double[] samples, int count, int tileRows,
        double[] layerInputMax, double[] layerClip, double quantile = 0.999, int maxSamples = 2000, int batch = Batch,
        Func<int, double[]>? layerWeights = null)
    {
        if (!(quantile > 0 && quantile <= 1)) throw new ArgumentOutOfRangeException(nameof(quantile), "quantile must be in (0, 1]");
        var graph = floatGraph.Graph;
        int layers = graph.WeightNodes.Count;
        int n = Math.Min(maxSamples, count);
        const long maxSums = 4_000_000;
        var ratios = new List<double>[layers];
        for (int l = 0; l < layers; l++) ratios[l] = [];
        var inputs = graph.WeightNodes.Select(nd => nd.Inputs[0]).ToArray();
        int done = 0;
        ForEachBatch(floatGraph, samples, n, batch, inputs, values =>
        {
            int m = values[inputs[0]].Dim(0);
            for (int l = 0; l < layers; l++)
            {
                var op = graph.Layer(l);
                double c = layerClip[l], amax = layerInputMax[l];
                if (!(c > 0) || !(amax > 0)) continue;
                int k = op.MatrixInputs, outs = op.MatrixOutputs, blocks = (k + tileRows - 1) / tileRows;
                ReadOnlySpan<double> w = layerWeights is null ? op.Weights : layerWeights(l);
                if (w.Length != op.Groups * outs * k) throw new ArgumentException($"layer {l}: {w.Length} weights given, the layer has {op.Groups * outs * k}");
                for (int g = 0; g < op.Groups; g++)
                {
                    var (vectors, vcount) = op.InputVectors(values[inputs[l]], g);
                    int perSample = vcount / m;
                    long sumsPerSample = (long)perSample * outs * blocks * op.Groups;
                    int samplesUsed = (int)Math.Max(1, Math.Min(n, maxSums / Math.Max(1, sumsPerSample)));
                    int stride = (int)Math.Max(1, (sumsPerSample + maxSums - 1) / maxSums);
                    var selected = new List<int>();
                    for (int s = 0; s < m && done + s < samplesUsed; s++)
                        for (int v = s * perSample; v < (s + 1) * perSample; v += stride) selected.Add(v);
                    if ((long)selected.Count * outs * k > ScalarWorkLimit)
                    {
                        PartialSumsByGemm(vectors, selected, w.Slice(g * outs * k, outs * k), outs, k, tileRows, c, amax, ratios[l]);
                        continue;
                    }
                    foreach (int v in selected)
                        for (int o = 0; o < outs; o++)
                        {
                            int row = (g * outs + o) * k;
                            for (int start = 0; start < k; start += tileRows)
                            {
                                double sum = 0;
                                for (int i = start; i < Math.Min(start + tileRows, k); i++)
                                    sum += Math.Clamp(w[row + i], -c, c) / c * Math.Clamp(vectors[(long)v * k + i] / amax, -1, 1);
                                ratios[l].Add(Math.Abs(sum) / tileRows);
                            }
                        }
                }
            }
            done += m;
        });
        var fractions = new double[layers];
        for (int l = 0; l < layers; l++)
        {
            if (ratios[l].Count == 0) { fractions[l] = 1; continue; }
            // R1 = the inverse of the empirical distribution: an actual partial sum, not an interpolation.
            double q = MathNet.Numerics.Statistics.ArrayStatistics.QuantileCustomInplace(ratios[l].ToArray(), quantile,
                MathNet.Numerics.Statistics.QuantileDefinition.R1);
            fractions[l] = q > 0 ? Math.Min(1, q) : 1;
        }
        return fractions;
    }

    /// <summary>Multiply-adds of one layer's partial sums above which they are computed by BLAS (per tile block, one GEMM) instead of one loop each.</summary>
    private const long ScalarWorkLimit = 64_000_000;

    /// <summary>
    /// The same partial sums as the loop in <see cref="LayerPartialSumFraction(GraphExecutor, double[], int, int, double[], double[], double, int, int)"/>,
    /// for big convolution layers: clipped, scaled inputs (vectors x k) times clipped, scaled weights (outputs x k) transposed, one GEMM per block of tile rows.
    /// </summary>
    internal static void PartialSumsByGemm(double[] vectors, List<int> selected, ReadOnlySpan<double> weights, int outs, int k, int tileRows,
        double clip, double amax, List<double> ratios)
    {
        int m = selected.Count;
        var x = new double[(long)m * k];
        for (int r = 0; r < m; r++)
            for (int i = 0; i < k; i++) x[(long)r * k + i] = Math.Clamp(vectors[(long)selected[r] * k + i] / amax, -1, 1);
        var w = new double[outs * k];
        for (int i = 0; i < w.Length; i++) w[i] = Math.Clamp(weights[i], -clip, clip) / clip;
        var sums = new double[(long)m * outs];
        for (int start = 0; start < k; start += tileRows)
        {
            int rows = Math.Min(tileRows, k - start);
            Circuits.Numerics.Blas.Gemm(false, true, m, outs, rows, 1.0, x.AsSpan(start), w.AsSpan(start), 0.0, sums, lda: k, ldb: k);
            foreach (double v in sums) ratios.Add(Math.Abs(v) / tileRows);
        }
    }

    /// <summary>The partial-sum fractions of an MLP over <paramref name="train"/> (already preprocessed).</summary>
    public static double[] LayerPartialSumFraction(Mlp network, LabeledImages train, int tileRows, double[] layerInputMax,
        double[] layerClip, double quantile = 0.999, int maxSamples = 2000) =>
        LayerPartialSumFraction(MlpFloat(network), train.Features, train.Count,
            tileRows, layerInputMax, layerClip, quantile, maxSamples);

    /// <summary>
    /// The largest |column-pair current| a tile of <paramref name="config"/> can produce (A): rows x V_read x
    /// (G_P - G_AP(V_read)), every input at full scale on a pair at full contrast. For MTJ cells the TMR falls
    /// with bias as TMR(V) = TMR0 / (1 + (V/V_h)^2) (the bias dependence of the devices model, Moureaux 2026);
    /// other devices use G_max - G_min.
    /// </summary>
    public static double WorstCaseColumnCurrent(TileConfig config)
    {
        double v = config.Input.ReadVoltageV;
        var d = config.Device;
        double dg;
        if (d.Kind == DeviceKind.Mtj)
        {
            double tmr = d.Tmr0 / (1 + Math.Pow(v / d.TmrHalfVoltageV, 2));
            dg = 1 / d.RpOhm - 1 / (d.RpOhm * (1 + tmr));
        }
        else dg = d.GMaxS - d.GMinS;
        return config.Array.Rows * v * dg;
    }

    /// <summary>
    /// A per-layer config change that sets the uniform ADC's full scale (output.adc_range) to
    /// <paramref name="fraction"/>[layer] of the array's worst-case column-pair current
    /// (<see cref="WorstCaseColumnCurrent"/>; in TIA volts when the config has a TIA), instead of each
    /// tile's own largest possible output.
    /// </summary>
    public static Func<int, TileConfig, TileConfig> FittedAdcRange(double[] fraction) => (layer, cfg) => cfg with
    {
        Output = cfg.Output with { AdcRange = fraction[layer] * WorstCaseColumnCurrent(cfg) * (cfg.Output.TiaGainOhm ?? 1.0) },
    };

    /// <summary>Runs the float graph over the samples in batches, handing each batch's requested values to <paramref name="use"/>.</summary>
    internal static void ForEachBatch(GraphExecutor floatGraph, double[] samples, int count, int batch, string[] keep,
        Action<IReadOnlyDictionary<string, Tensor>> use)
    {
        int size = (int)Tensor.Size(floatGraph.Graph.SingleInput.SampleShape);
        for (int start = 0; start < count; start += batch)
        {
            int m = Math.Min(batch, count - start);
            var input = floatGraph.InputTensor(samples.AsSpan(start * size, m * size), m);
            use(floatGraph.Run(new Dictionary<string, Tensor> { [floatGraph.Graph.SingleInput.Name] = input }, keep));
        }
    }
}
