using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

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
internal sealed partial class WordLineCoarseSpace
{
    private readonly int _m, _n, _k;
    private readonly double _gW, _gD, _gB, _gT;
    private readonly bool _driverIdeal;
    private readonly int[] _node;      // fine column j lies in coarse interval [x_node, x_node+1]
    private readonly double[] _w1;     // weight of hat node+1 at j (hat node has 1 - w1)
    private readonly double[] _massD, _massO, _wireD, _wireO;
    private readonly double[] _massL, _massE; // L D L^T of the mass matrix M (tridiagonal)
    private readonly int _kp;                 // K rounded up to a multiple of 4 (row stride of the blocks below)
    private readonly double[] _lambda;        // L^{-1} of the block being factored (K x K row-major)
    private readonly double[][] _lambdaInverse; // Λ_i^{-1}, stride kp, zero-padded
    private readonly double[] _gmD, _gmO;     // per row: Galerkin cell-conductance matrix, [b * m + i]
    private readonly double[] _rows, _rowsX, _scratchVector;
    private readonly double[] _scratch1, _scratch2;
    private readonly double[] _factorT, _factorRow; // L^T (kp x kp) and the row being factored (kp), for CholeskyAvx

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
        _kp = (k + 3) & ~3;
        _lambda = new double[_kp * _kp];
        _lambdaInverse = new double[m][];
        for (int i = 0; i < m; i++) _lambdaInverse[i] = new double[k * _kp];
        _gmD = new double[k * m]; _gmO = new double[k * m];
        _rows = new double[_kp * m]; _rowsX = new double[_kp * m]; _scratchVector = new double[_kp];
        _scratch1 = new double[k * k]; _scratch2 = new double[_kp * _kp];
        _factorT = new double[_kp * _kp]; _factorRow = new double[_kp];
        Node = _node;
        Weight1 = _w1;
    }

    /// <summary>True: the scalar kernels even where AVX runs (tests compare the two paths' bits).</summary>
    internal bool ScalarKernels { get; set; }

    /// <summary>The stored Λ_i^{-1} of row <paramref name="i"/> (K x K, stride K rounded up to four), for tests.</summary>
    internal double[] PivotInverse(int i) => _lambdaInverse[i];

    /// <summary>Number of hat functions K.</summary>
    public int Size => _k;

    /// <summary>Per fine column j: the coarse interval [x_b, x_{b+1}] holding it (b &lt;= K - 2).</summary>
    public int[] Node { get; }

    /// <summary>Per fine column j: the weight of hat Node[j] + 1 at j (hat Node[j] has 1 minus it).</summary>
    public double[] Weight1 { get; }

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
            VectorOps.AddScaled(g, j * m, w0 * w0, _gmD, b * m, m);
            VectorOps.AddScaled(g, j * m, w1 * w1, _gmD, (b + 1) * m, m);
            VectorOps.AddScaled(g, j * m, w0 * w1, _gmO, b * m, m);
        }
        int w0Index = _driverIdeal ? 1 : 0; // an ideal driver pins W(i,0): hat 0 is not in the word-line space
        int kw = k - w0Index;
        var dW = new double[kw]; var oW = new double[kw]; var y = new double[kw * k];
        var s = _scratch1;
        bool avx = Avx.IsSupported && !ScalarKernels;
        for (int i = 0; i < m; i++)
        {
            // Coarse word-line block A_WW (tridiagonal).
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
            if (avx) ThomasInPlaceAvx(dW, oW, y, kw, k);
            else ThomasInPlace(dW, oW, y, kw, k);
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
                // C^T[b, a] = C[a, b] is nonzero for b = r-1, r, r+1 only.
                int r = a + w0Index;
                if (avx)
                {
                    SubtractScaledRowAvx(y, a * k, _gmD[r * m + i], s, r * k, k);
                    if (r > 0) SubtractScaledRowAvx(y, a * k, _gmO[(r - 1) * m + i], s, (r - 1) * k, k);
                    if (r + 1 < k) SubtractScaledRowAvx(y, a * k, _gmO[r * m + i], s, (r + 1) * k, k);
                    continue;
                }
                SubtractScaledRow(y, a * k, _gmD[r * m + i], s, r * k, k);
                if (r > 0) SubtractScaledRow(y, a * k, _gmO[(r - 1) * m + i], s, (r - 1) * k, k);
                if (r + 1 < k) SubtractScaledRow(y, a * k, _gmO[r * m + i], s, (r + 1) * k, k);
            }
            // Λ_i = S - gB^2 M Λ_{i-1}^{-1} M.
            if (i > 0)
            {
                if (avx) SubtractMassProductAvx(_lambdaInverse[i - 1], _gB * _gB, s);
                else SubtractMassProduct(_lambdaInverse[i - 1], _gB * _gB, s);
            }
            if (!(avx ? CholeskyAvx(s, k, _kp, _factorT, _factorRow) : Cholesky(s, k)))
                throw new NodalSolverException("nodal solver: the coarse-space operator is not positive definite (a cell conductance is negative or not finite)");
            // The solves apply Λ_i^{-1} as a dense product (vectorised, no dependent triangular sweeps).
            if (avx) CholeskyInverseAvx(s, k, _kp, _lambda, _lambdaInverse[i]);
            else CholeskyInverse(s, k, _lambda, _lambdaInverse[i], _kp);
        }
    }

    /// <summary>s[so..so+k) -= scale y[yo..yo+k).</summary>
    [MethodImpl(HotPath.Options)]
    private static void SubtractScaledRow(double[] y, int yo, double scale, double[] s, int so, int k)
    {
        if (scale == 0) return;
        for (int c = 0; c < k; c++) s[so + c] -= scale * y[yo + c];
    }

    /// <summary>s -= scale M X M for the tridiagonal mass matrix M (X symmetric, row stride kp).</summary>
    [MethodImpl(HotPath.Options)]
    private void SubtractMassProduct(double[] x, double scale, double[] s)
    {
        int k = _k, kp = _kp;
        var t = _scratch2; // X M, row-major k x k
        for (int a = 0; a < k; a++)
            for (int b = 0; b < k; b++)
            {
                double v = x[a * kp + b] * _massD[b];
                if (b > 0) v += x[a * kp + b - 1] * _massO[b - 1];
                if (b + 1 < k) v += x[a * kp + b + 1] * _massO[b];
                t[a * k + b] = v;
            }
        for (int a = 0; a < k; a++)
            for (int b = 0; b < k; b++)
            {
                double v = _massD[a] * t[a * k + b];
                if (a > 0) v += _massO[a - 1] * t[(a - 1) * k + b];
                if (a + 1 < k) v += _massO[a] * t[(a + 1) * k + b];
                s[a * k + b] -= scale * v;
            }
    }

    /// <summary>
    /// The coarse half of the projected two-level preconditioner z = Q T_B^{-1} Q r + Z A_c^{-1} Z^T r
    /// (Z the hat space, Q = I - Z M^{-1} Z^T the Euclidean projector on its complement, A_c the
    /// Galerkin coarse operator), first part: from c = Z^T r ([b*m + i]) it gives
    /// <paramref name="cm"/> = M^{-1} c, so that Q r = r - Z cm. The fine half (bit-line solves of
    /// Q r) runs in <see cref="CrossbarLinearSystem"/>'s fused passes, which also restrict and
    /// prolong; the coarse solve waits for <see cref="Finish"/>, so that a factorisation still
    /// running in the background (<see cref="FactorInBackground"/>) has the fine pass's time to end.
    /// </summary>
    [MethodImpl(HotPath.Options)]
    public void Prepare(double[] c, double[] cm)
    {
        Array.Copy(c, cm, c.Length);
        MassSolve(cm);
    }

    /// <summary>
    /// After the bit-line solves z_raw = T_B^{-1} Q r with c2 = Z^T z_raw: the coarse correction
    /// <paramref name="xc"/> = A_c^{-1} c, then <paramref name="cc"/> = xc - M^{-1} c2 (then
    /// z = z_raw + Z cc: the projector applied after the fine solve, so the two parts do not count
    /// the coarse modes twice). Returns c·cc, the coarse part of r·z. Overwrites c2.
    /// </summary>
    [MethodImpl(HotPath.Options)]
    public double Finish(double[] c, double[] xc, double[] c2, double[] cc)
    {
        WaitFactored();
        CoarseSolve(c, xc);
        MassSolve(c2);
        for (int k = 0; k < cc.Length; k++) cc[k] = xc[k] - c2[k];
        return VectorOps.Dot(c, cc);
    }

    /// <summary>c ← M^{-1} c for every row (M tridiagonal, L D L^T, vectorised over rows).</summary>
    [MethodImpl(HotPath.Options)]
    private void MassSolve(double[] c)
    {
        int m = _m, k = _k;
        for (int b = 1; b < k; b++)
            VectorOps.AddScaled(c, (b - 1) * m, -_massL[b - 1], c, b * m, m);
        for (int b = 0; b < k; b++)
            VectorOps.Scale(c, b * m, m, 1.0 / _massE[b]);
        for (int b = k - 2; b >= 0; b--)
            VectorOps.AddScaled(c, (b + 1) * m, -_massL[b], c, b * m, m);
    }

    /// <summary>
    /// Block-tridiagonal solve A_c x = y by block Thomas with the stored inverses of the pivot blocks;
    /// y and x in [b*m + i]. Rows work in a padded row-major copy [i*kp + b].
    /// </summary>
    [MethodImpl(HotPath.Options)]
    private unsafe void CoarseSolve(double[] y, double[] x)
    {
        int m = _m, k = _k, kp = _kp;
        var g = _rows;
        var xr = _rowsX;
        for (int i = 0; i < m; i++)
            for (int b = 0; b < k; b++) g[i * kp + b] = y[b * m + i];
        fixed (double* gp = g, xp = xr, t = _scratchVector)
        {
            // Forward: g_i += gB M Λ_{i-1}^{-1} g_{i-1}.
            for (int i = 1; i < m; i++)
            {
                MatVec(_lambdaInverse[i - 1], gp + (i - 1) * kp, t);
                AddMass(t, _gB, gp + i * kp);
            }
            // Backward: x_i = Λ_i^{-1} (g_i + gB M x_{i+1}).
            for (int i = m - 1; i >= 0; i--)
            {
                if (i < m - 1) AddMass(xp + (i + 1) * kp, _gB, gp + i * kp);
                MatVec(_lambdaInverse[i], gp + i * kp, xp + i * kp);
            }
        }
        for (int i = 0; i < m; i++)
            for (int b = 0; b < k; b++) x[b * m + i] = xr[i * kp + b];
    }

    /// <summary>y = A v for a symmetric K x K block stored row-major with stride kp (zero-padded), by rows of A.</summary>
    [MethodImpl(HotPath.Options)]
    private unsafe void MatVec(double[] a, double* v, double* y)
    {
        int k = _k, kp = _kp;
        fixed (double* ap = a)
        {
            if (Fma.IsSupported)
            {
                for (int c = 0; c < kp; c += 4) Avx.Store(y + c, Vector256<double>.Zero);
                for (int b = 0; b < k; b++)
                {
                    var vb = Vector256.Create(v[b]);
                    double* row = ap + b * kp;
                    for (int c = 0; c < kp; c += 4) Avx.Store(y + c, Fma.MultiplyAdd(vb, Avx.LoadVector256(row + c), Avx.LoadVector256(y + c)));
                }
                return;
            }
            for (int c = 0; c < kp; c++) y[c] = 0;
            for (int b = 0; b < k; b++)
            {
                double vb = v[b];
                double* row = ap + b * kp;
                for (int c = 0; c < k; c++) y[c] += vb * row[c];
            }
        }
    }

    /// <summary>y += scale M v.</summary>
    [MethodImpl(HotPath.Options)]
    private unsafe void AddMass(double* v, double scale, double* y)
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
    [MethodImpl(HotPath.Options)]
    private static void ThomasInPlace(double[] d, double[] o, double[] y, int rows, int cols)
    {
        Span<double> piv = stackalloc double[rows];
        piv[0] = d[0];
        for (int a = 1; a < rows; a++)
        {
            double l = o[a - 1] / piv[a - 1];
            piv[a] = d[a] - l * o[a - 1];
            for (int c = 0; c < cols; c++) y[a * cols + c] -= l * y[(a - 1) * cols + c];
        }
        for (int a = rows - 1; a >= 0; a--)
        {
            double inv = 1.0 / piv[a], off = a + 1 < rows ? o[a] : 0;
            for (int c = 0; c < cols; c++)
                y[a * cols + c] = (y[a * cols + c] - (off == 0 ? 0 : off * y[(a + 1) * cols + c])) * inv;
        }
    }

    /// <summary>In-place Cholesky A = L L^T (lower triangle, row-major, upper cleared); false when not positive definite.</summary>
    [MethodImpl(HotPath.Options)]
    private static bool Cholesky(double[] a, int k)
    {
        for (int r = 0; r < k; r++)
        {
            int ro = r * k;
            for (int c = 0; c < r; c++)
            {
                int co = c * k;
                double v = a[ro + c];
                for (int t = 0; t < c; t++) v -= a[ro + t] * a[co + t];
                a[ro + c] = v / a[co + c];
            }
            double d = a[ro + r];
            for (int t = 0; t < r; t++) d -= a[ro + t] * a[ro + t];
            if (!(d > 0)) return false;
            a[ro + r] = Math.Sqrt(d);
            for (int c = r + 1; c < k; c++) a[ro + c] = 0;
        }
        return true;
    }

    /// <summary>
    /// inv = (L L^T)^{-1} = L^{-T} L^{-1}, row-major with stride <paramref name="stride"/>; <paramref name="linv"/>
    /// (k x k) receives L^{-1}.
    /// </summary>
    [MethodImpl(HotPath.Options)]
    private static void CholeskyInverse(double[] l, int k, double[] linv, double[] inv, int stride)
    {
        Array.Clear(linv);
        for (int r = 0; r < k; r++)
        {
            double dr = 1.0 / l[r * k + r];
            linv[r * k + r] = dr;
            for (int c = 0; c < r; c++)
            {
                double v = 0;
                for (int t = c; t < r; t++) v += l[r * k + t] * linv[t * k + c];
                linv[r * k + c] = -v * dr;
            }
        }
        for (int a = 0; a < k; a++)
            for (int b = 0; b <= a; b++)
            {
                double v = 0;
                for (int t = a; t < k; t++) v += linv[t * k + a] * linv[t * k + b];
                inv[a * stride + b] = v;
                inv[b * stride + a] = v;
            }
    }
}
