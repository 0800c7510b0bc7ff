namespace Xbar.Circuits.Crossbars;

/// <summary>
/// Signed weights on a crossbar as differential column pairs: weight w(i, k) is stored as the
/// conductances of columns 2k (G+) and 2k+1 (G-), with G+ - G- proportional to w, so the pair's
/// current difference I(2k) - I(2k+1) is the signed dot product (the usual scheme, e.g.
/// Prezioso et al., Nature 521, 61 (2015)). The smaller of the two sits at <paramref name="gMin"/>.
/// </summary>
public static class DifferentialPairs
{
    /// <summary>Conductances (S), rows x 2*cols, for <paramref name="weights"/> scaled so max |w| maps to gMax - gMin.</summary>
    public static double[,] Conductances(double[,] weights, double gMin, double gMax)
    {
        ArgumentNullException.ThrowIfNull(weights);
        if (!(gMin >= 0) || !(gMax > gMin) || !double.IsFinite(gMax))
            throw new InvalidInputException($"differential pair conductances need 0 <= gMin < gMax (got gMin={gMin}, gMax={gMax})");
        int m = weights.GetLength(0), n = weights.GetLength(1);
        if (m == 0 || n == 0) throw new InvalidInputException("the weight matrix is empty");
        double wMax = 0;
        foreach (double w in weights)
        {
            if (!double.IsFinite(w)) throw new InvalidInputException($"weight {w} is not a finite number");
            wMax = Math.Max(wMax, Math.Abs(w));
        }
        double scale = wMax > 0 ? (gMax - gMin) / wMax : 0;
        var g = new double[m, 2 * n];
        for (int i = 0; i < m; i++)
            for (int k = 0; k < n; k++)
            {
                double dg = weights[i, k] * scale;
                g[i, 2 * k] = gMin + Math.Max(dg, 0);
                g[i, 2 * k + 1] = gMin + Math.Max(-dg, 0);
            }
        return g;
    }

    /// <summary>The siemens-per-unit-weight factor <see cref="Conductances"/> used: (gMax - gMin) / max |w|.</summary>
    public static double Scale(double[,] weights, double gMin, double gMax)
    {
        double wMax = 0;
        foreach (double w in weights) wMax = Math.Max(wMax, Math.Abs(w));
        return wMax > 0 ? (gMax - gMin) / wMax : 0;
    }
}
