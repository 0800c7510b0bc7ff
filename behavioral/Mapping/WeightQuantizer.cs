using Xbar.Behavioral.Config;

namespace Xbar.Behavioral.Mapping;

/// <summary>
/// Rounds weight magnitudes to N levels: uniform between 0 and the clip value, or placed by
/// k-means (Lloyd's algorithm) on the weight distribution as Moureaux et al. 2026 do for N-ary MTJ
/// cells. Levels are sorted ascending; level 0 is pinned at 0 so a zero weight stays exact.
/// </summary>
public static class WeightQuantizer
{
    /// <summary>N uniformly spaced levels 0, c/(N-1), ..., c.</summary>
    public static double[] UniformLevels(int n, double clip)
    {
        if (n < 2) throw new ArgumentOutOfRangeException(nameof(n), "at least 2 levels");
        var l = new double[n];
        for (int s = 0; s < n; s++) l[s] = clip * s / (n - 1);
        return l;
    }

    /// <summary>
    /// Lloyd's k-means in one dimension on the (already clipped, non-negative) values, with the
    /// first level fixed at 0. Starts from uniform levels, stops when no level moves by more than
    /// 1e-12 of the clip value or after <paramref name="maxIterations"/>. Deterministic.
    /// </summary>
    public static double[] KMeansLevels(ReadOnlySpan<double> values, int n, double clip, int maxIterations, out int iterations)
    {
        var levels = UniformLevels(n, clip);
        var sorted = values.ToArray();
        Array.Sort(sorted);
        var sum = new double[n];
        var count = new int[n];
        iterations = 0;
        for (int it = 0; it < maxIterations; it++)
        {
            iterations = it + 1;
            Array.Clear(sum); Array.Clear(count);
            foreach (double v in sorted)
            {
                int s = Nearest(levels, v);
                sum[s] += v; count[s]++;
            }
            double moved = 0;
            for (int s = 1; s < n; s++)
            {
                if (count[s] == 0) continue; // empty cluster keeps its place
                double c = sum[s] / count[s];
                moved = Math.Max(moved, Math.Abs(c - levels[s]));
                levels[s] = c;
            }
            Array.Sort(levels);
            if (moved <= 1e-12 * Math.Max(clip, double.Epsilon)) break;
        }
        return levels;
    }

    /// <summary>Index of the level nearest to <paramref name="v"/> (levels sorted ascending; ties go low).</summary>
    public static int Nearest(ReadOnlySpan<double> levels, double v)
    {
        int lo = 0, hi = levels.Length - 1;
        if (v <= levels[0]) return 0;
        if (v >= levels[hi]) return hi;
        while (hi - lo > 1)
        {
            int mid = (lo + hi) >> 1;
            if (levels[mid] <= v) lo = mid; else hi = mid;
        }
        return v - levels[lo] <= levels[hi] - v ? lo : hi;
    }

    /// <summary>The levels the config asks for, given the clipped magnitudes.</summary>
    public static double[] Levels(MappingConfig cfg, int states, ReadOnlySpan<double> magnitudes, double clip) =>
        cfg.Quantization switch
        {
            QuantizationKind.KMeans => KMeansLevels(magnitudes, states, clip, cfg.KMeansIterations, out _),
            _ => UniformLevels(states, clip),
        };
}
