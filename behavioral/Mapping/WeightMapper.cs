using Xbar.Behavioral.Config;

namespace Xbar.Behavioral.Mapping;

/// <summary>
/// The converter between weights and conductances (in the manner of aihwkit's weight converters,
/// Rasch et al. 2021): signed weights on differential column pairs (w ~ G+ - G-, the unused cell
/// of the pair at the lowest state) or on one column against a shared reference column at the
/// middle conductance; magnitudes clipped at <see cref="MappingConfig.WeightClip"/> (default
/// max |W|) and rounded to the device's N states (uniform or k-means levels). A given clip maps to
/// the top state whatever the levels, so tiles sharing a clip share one scale.
/// </summary>
public static class WeightMapper
{
    /// <summary>Maps W (outputs x inputs) with conductances between <paramref name="gLow"/> and <paramref name="gHigh"/> (S).</summary>
    public static MappedWeights Map(double[,] w, MappingConfig cfg, int states, double gLow, double gHigh)
    {
        int outs = w.GetLength(0), ins = w.GetLength(1);
        if (outs == 0 || ins == 0) throw new InvalidInputException("weights: the matrix is empty");
        double clip = cfg.WeightClip ?? MaxAbs(w);
        if (clip <= 0) clip = 1.0; // an all-zero matrix: any scale represents it
        bool differential = cfg.Signed == SignedMapping.Differential;
        bool quantize = cfg.Quantization != QuantizationKind.None;
        double span = gHigh - gLow;
        var q = new double[outs, ins];

        if (differential)
        {
            var mags = new double[outs * ins];
            int k = 0;
            foreach (double v in w) mags[k++] = Math.Min(Math.Abs(v), clip);
            double[] levels = quantize ? WeightQuantizer.Levels(cfg, states, mags, clip) : [0.0, clip];
            // A given clip is the |w| on the top state (as for the reference mapping below), so every
            // tile given the layer's clip shares one weight-per-siemens scale and a layer-wide ADC range
            // holds in each of them; k-means levels then sit at their fractions of the clip. Without a
            // clip (a tile on its own) the top level takes the top state, spending the whole window.
            double top = cfg.WeightClip is null && levels[^1] > 0 ? levels[^1] : clip;
            // A centroid of magnitudes clipped at c can come out an ulp above c (rounding of the mean).
            for (int l = 0; l < levels.Length; l++) levels[l] = Math.Min(levels[l], top);
            int cols = 2 * outs;
            var g = new double[ins, cols];
            var st = new int[ins, cols];
            var plus = new int[outs];
            var minus = new int[outs];
            for (int o = 0; o < outs; o++)
            {
                plus[o] = 2 * o; minus[o] = 2 * o + 1;
                for (int i = 0; i < ins; i++)
                {
                    double v = Math.Clamp(w[o, i], -clip, clip);
                    double mag = Math.Abs(v);
                    int s = quantize ? WeightQuantizer.Nearest(levels, mag) : 0;
                    double qm = quantize ? levels[s] : mag;
                    q[o, i] = Math.Sign(v) * qm;
                    int on = v >= 0 ? 2 * o : 2 * o + 1, off = v >= 0 ? 2 * o + 1 : 2 * o;
                    g[i, on] = gLow + span * qm / top;
                    st[i, on] = s;
                    g[i, off] = gLow;
                    st[i, off] = 0;
                }
            }
            var fractions = levels.Select(l => l / top).ToArray();
            return new MappedWeights(g, st, fractions, plus, minus, top / span, q);
        }
        else
        {
            // Reference column: w in [-clip, clip] -> G in [gLow, gHigh]; the reference sits at the middle.
            var vals = new double[outs * ins];
            int k = 0;
            foreach (double v in w) vals[k++] = Math.Clamp(v, -clip, clip) + clip; // shifted to [0, 2 clip]
            double[] levels;
            if (!quantize) levels = [0.0, 2 * clip];
            else if (cfg.Quantization == QuantizationKind.KMeans)
                levels = WeightQuantizer.KMeansLevels(vals, states, 2 * clip, cfg.KMeansIterations, out _);
            else levels = WeightQuantizer.UniformLevels(states, 2 * clip);
            double top = 2 * clip;
            int cols = outs + 1, refCol = outs;
            var g = new double[ins, cols];
            var st = new int[ins, cols];
            var plus = new int[outs];
            var minus = new int[outs];
            // The reference state is an extra level at the middle, index `states`.
            for (int o = 0; o < outs; o++)
            {
                plus[o] = o; minus[o] = refCol;
                for (int i = 0; i < ins; i++)
                {
                    double v = Math.Clamp(w[o, i], -clip, clip) + clip;
                    int s = quantize ? WeightQuantizer.Nearest(levels, v) : 0;
                    double qv = quantize ? levels[s] : v;
                    q[o, i] = qv - clip;
                    g[i, o] = gLow + span * qv / top;
                    st[i, o] = s;
                }
            }
            for (int i = 0; i < ins; i++) { g[i, refCol] = gLow + 0.5 * span; st[i, refCol] = levels.Length; }
            var fractions = levels.Select(l => l / top).Append(0.5).ToArray();
            return new MappedWeights(g, st, fractions, plus, minus, top / span, q);
        }
    }

    private static double MaxAbs(double[,] w)
    {
        double m = 0;
        foreach (double v in w)
        {
            if (!double.IsFinite(v)) throw new InvalidInputException("weights: the matrix holds a non-finite value");
            m = Math.Max(m, Math.Abs(v));
        }
        return m;
    }
}
