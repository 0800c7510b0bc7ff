using System.Runtime.CompilerServices;

namespace Xbar.Circuits.Nodal;

/// <summary>
/// The coarse space of the two-level preconditioner of <see cref="CrossbarLinearSystem"/>: bit-line
/// voltages that vary piecewise linearly along the word-line direction (K hat functions at columns
/// x_0 = 0 &lt; ... &lt; x_{K-1} = n-1) and freely along each bit line. The bit-line tridiagonal
/// preconditioner alone leaves the modes that are smooth along both lines: there the stiff word
/// lines short the cells (S ≈ wire Laplacian ≪ T_B), so CG needs more iterations as N sqrt(G r)
/// grows (6 at 64x64, 33 at 1024x1024 on 3.4-9.2 kOhm cells with 1 Ohm segments). This space
/// captures them, with a semi-coarsening in one direction and exact line solves in the other, as
/// in robust multigrid for anisotropic problems (Trottenberg, Oosterlee and Schüller,
/// "Multigrid", Academic Press 2001, section 5.1).
/// </summary>
/// <remarks>
/// The coarse operator is the Galerkin product of the whole crossbar (word and bit lines) with
/// that space for both line voltages: per row a K x K block (word-line wire stiffness, cells,
/// bit-line terms), block-tridiagonal over rows, so it is built in O(N^2 + N K^3) without a single
/// fine solve. Eliminating the coarse word-line unknowns row by row leaves a block-tridiagonal
/// SPD system on the coarse bit-line unknowns, factored by block Cholesky (block Thomas). Coarse
/// nodes sit on fine columns, so every wire segment lies inside one coarse interval and every
/// product stays tridiagonal in the hat index.
/// </remarks>
internal sealed class WordLineCoarseSpace
{
    private readonly int _m, _n, _k;
    private readonly double _gW, _gD, _gB, _gT;
    private readonly bool _driverIdeal;
    private readonly int[] _node;      // fine column j lies in coarse interval [x_node, x_node+1]
    private readonly double[] _w1;     // weight of hat node+1 at j (hat node has 1 - w1)
    private readonly double[] _massD, _massO, _wireD, _wireO;
    private readonly double[] _massL, _massE; // L D L^T of the mass matrix M (tridiagonal)
    private readonly double[][] _lambda;      // Cholesky factor (lower, K x K row-major) of block Λ_i
    private readonly double[] _gmD, _gmO;     // per row: Galerkin cell-conductance matrix, [b * m + i]
    private readonly double[] _c, _c2, _rows, _rowsX;
    private readonly double[] _scratch1, _scratch2;

    private WordLineCoarseSpace(int m, int n, int k, double gW, double gD, double gB, double gT)
    {
        _m = m; _n = n; _k = k;
        _gW = gW; _gB = gB; _gT = gT;
        _driverIdeal = double.IsPositiveInfinity(gD);
        _gD = _driverIdeal ? 0 : gD;
        var x = new int[k];
        for (int b = 0; b < k; b++) x[b] = (int)Math.Round(b * (n - 1.0) / (k - 1));
        _node = new int[n]; _w1 = new double[n];
        for (int j = 0, b = 0; j < n; j++)
        {
            while (b < k - 2 && j >= x[b + 1]) b++;
            _node[j] = b;
            _w1[j] = (j - x[b]) / (double)(x[b + 1] - x[b]);
        }
        _massD = new double[k]; _massO = new double[k]; _wireD = new double[k]; _wireO = new double[k];
        for (int j = 0; j < n; j++)
        {
            int b = _node[j];
            double w1 = _w1[j], w0 = 1 - w1;
            _massD[b] += w0 * w0; _massD[b + 1] += w1 * w1; _massO[b] += w0 * w1;
        }
        for (int b = 0; b + 1 < k; b++)
        {
            double g = gW / (x[b + 1] - x[b]); // h segments of gW, each with slope 1/h
            _wireD[b] += g; _wireD[b + 1] += g; _wireO[b] -= g;
        }
        _massL = new double[k]; _massE = new double[k];
        for (int b = 0; b < k; b++)
        {
            double d = _massD[b] - (b > 0 ? _massL[b - 1] * _massL[b - 1] * _massE[b - 1] : 0);
            _massE[b] = d;
            _massL[b] = b + 1 < k ? _massO[b] / d : 0;
        }
        _lambda = new double[m][];
        for (int i = 0; i < m; i++) _lambda[i] = new double[k * k];
        _gmD = new double[k * m]; _gmO = new double[k * m];
        _c = new double[k * m]; _c2 = new double[k * m]; _rows = new double[k * m]; _rowsX = new double[k * m];
        _scratch1 = new double[k * k]; _scratch2 = new double[k * k];
    }

    /// <summary>Number of hat functions K.</summary>
    public int Size => _k;

    /// <summary>
    /// The coarse space for an m x n crossbar, or null when the bit-line preconditioner alone
    /// converges about as fast for less work: N sqrt(mean G / g_wire) measures how many wire
    /// lengths over which the word lines short the cells fit in a row; below 2.5 (measured break-even:
    /// 256x256 of 3.4-9.2 kOhm cells with 1 Ohm segments is 3.6) the coarse space does not pay
    /// for its setup. K grows with that number (about one hat per half wavelength of the slowest
    /// mode the bit-line solves miss), between 3 and 48.
    /// </summary>
    public static WordLineCoarseSpace? Create(int m, int n, double meanG, double gW, double gD, double gB, double gT)
    {
        if (n < 8 || m < 2 || !(gW > 0) || double.IsPositiveInfinity(gW) || !(gB > 0) || double.IsPositiveInfinity(gB)) return null;
        double ir = n * Math.Sqrt(meanG / gW);
        if (!(ir >= 2.5)) return null;
        int k = Math.Clamp((int)Math.Ceiling(ir) + 3, 3, Math.Min(48, n / 2));
        return new WordLineCoarseSpace(m, n, k, gW, gD, gB, gT);
    }

    /// <summary>Builds and factors the coarse operator for cell conductances <paramref name="g"/> ([j*m + i], S).</summary>
    [MethodImpl(HotPath.Options)]
    public void Factor(double[] g)
    {
        int m = _m, n = _n, k = _k;
        Array.Clear(_gmD); Array.Clear(_gmO);
        for (int j = 0; j < n; j++)
        {
            int b = _node[j];
            double w1 = _w1[j], w0 = 1 - w1;
            var gj = g.AsSpan(j * m, m);
            VectorOps.AddScaled(gj, w0 * w0, _gmD.AsSpan(b * m, m));
            VectorOps.AddScaled(gj, w1 * w1, _gmD.AsSpan((b + 1) * m, m));
            VectorOps.AddScaled(gj, w0 * w1, _gmO.AsSpan(b * m, m));
        }
        int w0Index = _driverIdeal ? 1 : 0; // an ideal driver pins W(i,0): hat 0 is not in the word-line space
        int kw = k - w0Index;
        var dW = new double[kw]; var oW = new double[kw]; var y = new double[kw * k];
        var s = _scratch1;
        double[]? previous = null;
        for (int i = 0; i < m; i++)
        {
            // Coarse word-line block A_WW (tridiagonal) and its Thomas factors.
            for (int a = 0; a < kw; a++)
            {
                int b = a + w0Index;
                dW[a] = _wireD[b] + _gmD[b * m + i] + (b == 0 ? _gD : 0);
                oW[a] = a + 1 < kw ? _wireO[b] + _gmO[b * m + i] : 0;
            }
            // Y = A_WW^{-1} C with C[a, b] = gm[a + w0, b] (tridiagonal), all K columns at once.
            Array.Clear(y);
            for (int a = 0; a < kw; a++)
            {
                int r = a + w0Index;
                y[a * k + r] = _gmD[r * m + i];
                if (r > 0) y[a * k + r - 1] = _gmO[(r - 1) * m + i];
                if (r + 1 < k) y[a * k + r + 1] = _gmO[r * m + i];
            }
            ThomasInPlace(dW, oW, y, kw, k);
            // S = A_BB - C^T Y, A_BB = gm + (bit-line terms) M.
            double dConst = (i > 0 ? _gB : 0) + (i < m - 1 ? _gB : _gT);
            Array.Clear(s);
            for (int b = 0; b < k; b++)
            {
                s[b * k + b] = _gmD[b * m + i] + dConst * _massD[b];
                if (b + 1 < k)
                {
                    double o = _gmO[b * m + i] + dConst * _massO[b];
                    s[b * k + b + 1] = o; s[(b + 1) * k + b] = o;
                }
            }
            for (int a = 0; a < kw; a++)
            {
                int r = a + w0Index;
                double cd = _gmD[r * m + i], cl = r > 0 ? _gmO[(r - 1) * m + i] : 0, cu = r + 1 < k ? _gmO[r * m + i] : 0;
                var ya = y.AsSpan(a * k, k);
                // Row r of C^T... C^T[b, a] = C[a, b]: nonzero for b = r-1, r, r+1.
                VectorOps.AddScaled(ya, -cd, s.AsSpan(r * k, k));
                if (r > 0) VectorOps.AddScaled(ya, -cl, s.AsSpan((r - 1) * k, k));
                if (r + 1 < k) VectorOps.AddScaled(ya, -cu, s.AsSpan((r + 1) * k, k));
            }
            if (previous is not null)
            {
                // Λ_i = S - gB^2 M Λ_{i-1}^{-1} M.
                var inv = _scratch2;
                CholeskyInverse(previous, k, inv);
                double g2 = _gB * _gB;
                for (int a = 0; a < k; a++)
                    for (int b = 0; b < k; b++)
                        s[a * k + b] -= g2 * MassBoth(inv, a, b, k);
            }
            var l = _lambda[i];
            Array.Copy(s, l, k * k);
            if (!Cholesky(l, k))
                throw new NodalSolverException("nodal solver: the coarse-space operator is not positive definite (a cell conductance is negative or not finite)");
            previous = l;
        }
    }

    /// <summary>(M X M)[a, b] for tridiagonal mass matrix M.</summary>
    private double MassBoth(double[] x, int a, int b, int k)
    {
        double s = 0;
        for (int p = Math.Max(0, a - 1); p <= Math.Min(k - 1, a + 1); p++)
        {
            double map = p == a ? _massD[a] : _massO[Math.Min(a, p)];
            double t = 0;
            for (int q = Math.Max(0, b - 1); q <= Math.Min(k - 1, b + 1); q++)
                t += x[p * k + q] * (q == b ? _massD[b] : _massO[Math.Min(b, q)]);
            s += map * t;
        }
        return s;
    }

    /// <summary>
    /// The projected two-level preconditioner z = Q T_B^{-1} Q r + Z A_c^{-1} Z^T r, with Z the
    /// hat space, Q = I - Z M^{-1} Z^T the Euclidean projector on its complement and A_c the
    /// Galerkin coarse operator: the bit-line solves act on what the coarse space does not hold
    /// (no double counting). <paramref name="bitLineSolve"/> applies T_B^{-1} from its first
    /// argument into its second. Returns r·z. <paramref name="work"/> is scratch of r's size.
    /// </summary>
    [MethodImpl(HotPath.Options)]
    public double Apply(double[] r, double[] z, double[] work, Action<double[], double[]> bitLineSolve)
    {
        Restrict(r, _c);
        CoarseSolve(_c, _rowsX);  // coarse correction A_c^{-1} Z^T r, in _rowsX (row-major)
        MassSolve(_c);
        Array.Copy(r, work, r.Length);
        Prolong(_c, work, -1.0);   // Q r
        bitLineSolve(work, z);     // T_B^{-1} Q r
        Restrict(z, _c2);
        MassSolve(_c2);
        // z += Z (A_c^{-1} Z^T r - M^{-1} Z^T z)
        int m = _m, k = _k;
        for (int i = 0; i < m; i++)
            for (int b = 0; b < k; b++) _c2[b * m + i] = _rowsX[i * k + b] - _c2[b * m + i];
        Prolong(_c2, z, 1.0);
        return VectorOps.Dot(r, z);
    }

    /// <summary>c[b*m + i] = sum_j hat_b(j) r[j*m + i].</summary>
    private void Restrict(double[] r, double[] c)
    {
        int m = _m;
        Array.Clear(c);
        for (int j = 0; j < _n; j++)
        {
            int b = _node[j];
            double w1 = _w1[j];
            var rj = r.AsSpan(j * m, m);
            var c0 = c.AsSpan(b * m, m);
            VectorOps.AddScaled(rj, 1 - w1, c0);
            if (w1 != 0)
            {
                var c1 = c.AsSpan((b + 1) * m, m);
                VectorOps.AddScaled(rj, w1, c1);
            }
        }
    }

    /// <summary>z[j*m + i] += scale sum_b hat_b(j) c[b*m + i].</summary>
    private void Prolong(double[] c, double[] z, double scale)
    {
        int m = _m;
        for (int j = 0; j < _n; j++)
        {
            int b = _node[j];
            double w1 = _w1[j];
            var zj = z.AsSpan(j * m, m);
            VectorOps.AddScaled(c.AsSpan(b * m, m), scale * (1 - w1), zj);
            if (w1 != 0) VectorOps.AddScaled(c.AsSpan((b + 1) * m, m), scale * w1, zj);
        }
    }

    /// <summary>c ← M^{-1} c for every row (M tridiagonal, L D L^T, vectorised over rows).</summary>
    private void MassSolve(double[] c)
    {
        int m = _m, k = _k;
        for (int b = 1; b < k; b++)
            VectorOps.AddScaled(c.AsSpan((b - 1) * m, m), -_massL[b - 1], c.AsSpan(b * m, m));
        for (int b = 0; b < k; b++)
            VectorOps.Scale(c.AsSpan(b * m, m), 1.0 / _massE[b]);
        for (int b = k - 2; b >= 0; b--)
            VectorOps.AddScaled(c.AsSpan((b + 1) * m, m), -_massL[b], c.AsSpan(b * m, m));
    }

    /// <summary>Block-tridiagonal solve A_c x = y; y in [b*m + i], x out row-major [i*k + b].</summary>
    private void CoarseSolve(double[] y, double[] x)
    {
        int m = _m, k = _k;
        var g = _rows;
        for (int i = 0; i < m; i++)
            for (int b = 0; b < k; b++) g[i * k + b] = y[b * m + i];
        // Forward: g_i += gB M Λ_{i-1}^{-1} g_{i-1}.
        Span<double> t = stackalloc double[k];
        for (int i = 1; i < m; i++)
        {
            g.AsSpan((i - 1) * k, k).CopyTo(t);
            CholeskySolve(_lambda[i - 1], k, t);
            AddMass(t, _gB, g.AsSpan(i * k, k));
        }
        // Backward: x_i = Λ_i^{-1} (g_i + gB M x_{i+1}).
        for (int i = m - 1; i >= 0; i--)
        {
            var xi = x.AsSpan(i * k, k);
            g.AsSpan(i * k, k).CopyTo(xi);
            if (i < m - 1) AddMass(x.AsSpan((i + 1) * k, k), _gB, xi);
            CholeskySolve(_lambda[i], k, xi);
        }
    }

    /// <summary>y += scale M v.</summary>
    private void AddMass(ReadOnlySpan<double> v, double scale, Span<double> y)
    {
        int k = _k;
        for (int b = 0; b < k; b++)
        {
            double s = _massD[b] * v[b];
            if (b > 0) s += _massO[b - 1] * v[b - 1];
            if (b + 1 < k) s += _massO[b] * v[b + 1];
            y[b] += scale * s;
        }
    }

    /// <summary>Solves the tridiagonal (d, o) system for <paramref name="cols"/> right-hand sides stored row-major in y.</summary>
    private static void ThomasInPlace(double[] d, double[] o, double[] y, int rows, int cols)
    {
        Span<double> piv = stackalloc double[rows];
        piv[0] = d[0];
        for (int a = 1; a < rows; a++)
        {
            double l = o[a - 1] / piv[a - 1];
            piv[a] = d[a] - l * o[a - 1];
            VectorOps.AddScaled(y.AsSpan((a - 1) * cols, cols), -l, y.AsSpan(a * cols, cols));
        }
        VectorOps.Scale(y.AsSpan((rows - 1) * cols, cols), 1.0 / piv[rows - 1]);
        for (int a = rows - 2; a >= 0; a--)
        {
            var ya = y.AsSpan(a * cols, cols);
            VectorOps.AddScaled(y.AsSpan((a + 1) * cols, cols), -o[a], ya);
            VectorOps.Scale(ya, 1.0 / piv[a]);
        }
    }

    /// <summary>In-place Cholesky A = L L^T (lower triangle, row-major); false when not positive definite.</summary>
    private static bool Cholesky(double[] a, int k)
    {
        for (int r = 0; r < k; r++)
        {
            var ar = a.AsSpan(r * k, k);
            for (int c = 0; c < r; c++)
                ar[c] = (ar[c] - VectorOps.Dot(ar[..c], a.AsSpan(c * k, c))) / a[c * k + c];
            double d = ar[r] - VectorOps.Dot(ar[..r], ar[..r]);
            if (!(d > 0)) return false;
            ar[r] = Math.Sqrt(d);
            ar[(r + 1)..].Clear();
        }
        return true;
    }

    private static void CholeskySolve(double[] l, int k, Span<double> x)
    {
        for (int r = 0; r < k; r++)
            x[r] = (x[r] - VectorOps.Dot(l.AsSpan(r * k, r), x[..r])) / l[r * k + r];
        for (int r = k - 1; r >= 0; r--)
        {
            double s = x[r];
            for (int t = r + 1; t < k; t++) s -= l[t * k + r] * x[t];
            x[r] = s / l[r * k + r];
        }
    }

    private static void CholeskyInverse(double[] l, int k, double[] inv)
    {
        Span<double> col = stackalloc double[k];
        for (int c = 0; c < k; c++)
        {
            col.Clear();
            col[c] = 1;
            CholeskySolve(l, k, col);
            for (int r = 0; r < k; r++) inv[r * k + c] = col[r];
        }
    }
}

