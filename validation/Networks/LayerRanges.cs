using Xbar.Behavioral.Config;
using Xbar.Behavioral.Data;
using Xbar.Behavioral.Training;

namespace Xbar.Validation.Networks;

/// <summary>
/// The per-layer ranges a network on tiles needs, measured on the training set with the float
/// network: each layer's DAC full scale, and the share of the worst-case column current that a
/// layer's tile partial sums use, which sets a fitted column ADC range.
/// </summary>
public static class LayerRanges
{
    /// <summary>Largest |input| of every layer over <paramref name="train"/> (float network): each layer's DAC full scale.</summary>
    public static double[] LayerInputMax(Mlp network, LabeledImages train)
    {
        var max = new double[network.Layers.Count];
        for (int s = 0; s < train.Count; s++)
        {
            var x = train.Sample(s);
            foreach (double v in x) max[0] = Math.Max(max[0], Math.Abs(v));
            var z = network.PreActivations(x);
            for (int l = 1; l < max.Length; l++)
            {
                var a = (double[])z[l - 1].Clone();
                Activations.Apply(network.Hidden, a);
                foreach (double v in a) max[l] = Math.Max(max[l], Math.Abs(v));
            }
        }
        return max;
    }

    /// <summary>
    /// Per layer, the <paramref name="quantile"/> of |tile partial sum| over the training set as a fraction of
    /// the worst case (every input at full scale on a row of top-state weights): the column current of one
    /// tile's output is I = I_FS * sum_(i in block) (w_i / c)(a_i / a_max) / rows, with I_FS = rows V_read
    /// (G_P - G_AP), c the layer's weight clip and a_max its DAC full scale. A fixed-range ADC set to that
    /// fraction of I_FS saturates on (1 - quantile) of the partial sums and spends its codes on the rest.
    /// Float weights and activations, the first <paramref name="maxSamples"/> training samples (fewer for very wide layers).
    /// </summary>
    public static double[] LayerPartialSumFraction(Mlp network, LabeledImages train, int tileRows, double[] layerInputMax,
        double[] layerClip, double quantile = 0.999, int maxSamples = 2000)
    {
        if (!(quantile > 0 && quantile <= 1)) throw new ArgumentOutOfRangeException(nameof(quantile), "quantile must be in (0, 1]");
        int n = Math.Min(maxSamples, train.Count);
        // At most about four million partial sums per layer are kept (a wide raw-pixel layer has thousands per sample).
        var samplesOf = network.Layers.Select(layer =>
            Math.Max(1, Math.Min(n, 4_000_000 / (layer.Outputs * ((layer.Inputs + tileRows - 1) / tileRows))))).ToArray();
        var fractions = new double[network.Layers.Count];
        var ratios = new List<double>[network.Layers.Count];
        for (int l = 0; l < ratios.Length; l++) ratios[l] = [];
        for (int s = 0; s < n; s++)
        {
            var a = train.Sample(s).ToArray();
            var z = network.PreActivations(a);
            for (int l = 0; l < network.Layers.Count; l++)
            {
                var layer = network.Layers[l];
                if (l > 0)
                {
                    a = (double[])z[l - 1].Clone();
                    Activations.Apply(network.Hidden, a);
                }
                double c = layerClip[l], amax = layerInputMax[l];
                if (!(c > 0) || !(amax > 0) || s >= samplesOf[l]) continue;
                for (int o = 0; o < layer.Outputs; o++)
                    for (int start = 0; start < layer.Inputs; start += tileRows)
                    {
                        double sum = 0;
                        for (int i = start; i < Math.Min(start + tileRows, layer.Inputs); i++)
                            sum += Math.Clamp(layer.Weights[o * layer.Inputs + i], -c, c) / c * Math.Clamp(a[i] / amax, -1, 1);
                        ratios[l].Add(Math.Abs(sum) / tileRows);
                    }
            }
        }
        for (int l = 0; l < fractions.Length; l++)
        {
            if (ratios[l].Count == 0) { fractions[l] = 1; continue; }
            // R1 = the inverse of the empirical distribution: an actual partial sum, not an interpolation.
            double q = MathNet.Numerics.Statistics.ArrayStatistics.QuantileCustomInplace(ratios[l].ToArray(), quantile,
                MathNet.Numerics.Statistics.QuantileDefinition.R1);
            fractions[l] = q > 0 ? Math.Min(1, q) : 1;
        }
        return fractions;
    }

    /// <summary>
    /// A per-layer config change that sets the uniform ADC's full scale (output.adc_range) to
    /// <paramref name="fraction"/>[layer] of the array's worst-case column-pair current
    /// (<see cref="Xbar.Validation.ReadCircuits.ColumnAdcCharacterization.FullScaleCurrent"/>; in TIA volts when the config has a TIA),
    /// instead of each tile's own largest possible output.
    /// </summary>
    public static Func<int, TileConfig, TileConfig> FittedAdcRange(double[] fraction) => (layer, cfg) => cfg with
    {
        Output = cfg.Output with
        {
            AdcRange = fraction[layer] * Xbar.Validation.ReadCircuits.ColumnAdcCharacterization.FullScaleCurrent(cfg) * (cfg.Output.TiaGainOhm ?? 1.0),
        },
    };
}
