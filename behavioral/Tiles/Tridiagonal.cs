namespace Xbar.Behavioral.Tiles;

/// <summary>
/// Symmetric tridiagonal systems of a resistor ladder: <c>diag[k]</c> is the total conductance at
/// node k (S), <c>link[k]</c> the conductance between nodes k and k+1 (S, off-diagonal = -link).
/// </summary>
internal static class Tridiagonal
{
    /// <summary>Solves Y x = rhs in place of <paramref name="x"/> (Thomas algorithm; Y is an M-matrix, no pivoting needed).</summary>
    public static void Solve(ReadOnlySpan<double> diag, ReadOnlySpan<double> link, ReadOnlySpan<double> rhs, Span<double> x, Span<double> scratch)
    {
        int n = diag.Length;
        // Forward elimination: scratch holds the modified super-diagonal.
        double d = diag[0];
        scratch[0] = n > 1 ? -link[0] / d : 0;
        x[0] = rhs[0] / d;
        for (int k = 1; k < n; k++)
        {
            double sub = -link[k - 1];
            d = diag[k] - sub * scratch[k - 1];
            scratch[k] = k < n - 1 ? -link[k] / d : 0;
            x[k] = (rhs[k] - sub * x[k - 1]) / d;
        }
        for (int k = n - 2; k >= 0; k--) x[k] -= scratch[k] * x[k + 1];
    }

    /// <summary>
    /// The diagonal of Y^-1: the driving-point impedance of every node to ground (Ohm), from the
    /// forward and backward Schur pivots: (Y^-1)_kk = 1 / (fwd_k + bwd_k - diag_k).
    /// </summary>
    public static void InverseDiagonal(ReadOnlySpan<double> diag, ReadOnlySpan<double> link, Span<double> z, Span<double> scratch)
    {
        int n = diag.Length;
        scratch[0] = diag[0];
        for (int k = 1; k < n; k++) scratch[k] = diag[k] - link[k - 1] * link[k - 1] / scratch[k - 1];
        double bwd = diag[n - 1];
        z[n - 1] = 1.0 / (scratch[n - 1] + bwd - diag[n - 1]);
        for (int k = n - 2; k >= 0; k--)
        {
            bwd = diag[k] - link[k] * link[k] / bwd;
            z[k] = 1.0 / (scratch[k] + bwd - diag[k]);
        }
    }
}
