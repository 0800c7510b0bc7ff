using System.Runtime.CompilerServices;
using Xbar.Circuits.Crossbars;
using Xbar.Circuits.Numerics;

namespace Xbar.Circuits.Nodal;

/// <summary>
/// The exact transfer matrix T (cols x rows, S) of a crossbar of linear cells with resistive word
/// and bit lines, by block Gaussian elimination down the rows instead of one solve per input.
/// Row i's word line is eliminated exactly (its tridiagonal inverse is formed in O(n^2)), leaving
/// the dense SPD Schur complement S_i = D_i - G_i T_W,i^{-1} G_i on that row's bit-line nodes; the
/// bit lines then couple neighbouring rows by -g_B I, a block-tridiagonal system whose forward
/// elimination Λ_i = S_i - g_B^2 Λ_{i-1}^{-1} (block Cholesky) carries every input at once as the
/// columns of F_i = h_i e_i^T + g_B Λ_{i-1}^{-1} F_{i-1}. The bottom row gives the column currents
/// I = g_T Λ_{m-1}^{-1} F_{m-1} V directly, so no back substitution is needed. Cost about
/// m n^3 + m^2 n^2 multiply-adds, all in LAPACK/BLAS (dgemm, and dpotrf/dpotri on 32 x 32 leaves of the
/// recursive inverse <see cref="BlockSpdInverse"/>): about 0.2-0.3 s at
/// 256x256 on two cores against 256 iterative solves. Block tridiagonal elimination of this kind
/// is the block LU of Golub and Van Loan, "Matrix Computations", 4th ed. 2013, section 4.5.
/// </summary>
internal static class BlockTransferMatrix
{
    /// <summary>Whether the block method applies: both line kinds resistive (zero-resistance lines take the iterative path).</summary>
    public static bool Applies(CrossbarSpec spec) => spec.WordLineSegmentResistance > 0 && spec.BitLineSegmentResistance > 0;

    /// <summary>The line conductances (S): word-line segment g_W, bit-line segment g_B, the last bit-line node's termination g_T and the driver's g_D (0 with an ideal driver).</summary>
    internal static (double GW, double GB, double GT, double GD, bool Ideal) Conductances(CrossbarSpec spec)
    {
        double gW = 1.0 / spec.WordLineSegmentResistance, gB = 1.0 / spec.BitLineSegmentResistance;
        double gT = spec.Termination == ColumnTermination.LoadResistor
            ? 1.0 / (spec.BitLineSegmentResistance + spec.LoadResistance) : gB;
        bool ideal = spec.DriverResistance == 0;
        return (gW, gB, gT, ideal ? 0 : 1.0 / spec.DriverResistance, ideal);
    }

    /// <summary>The bit-line wire and termination conductance (S) on the diagonal of row i's bit-line nodes (m rows).</summary>
    internal static double WireDiagonal(int i, int m, double gB, double gT) => (i > 0 ? gB : 0) + (i < m - 1 ? gB : gT);

    /// <summary>T[j, i] = dI_j / dV_i for conductances g[i, j] (S) of the cells as the lines see them.</summary>
    [MethodImpl(HotPath.Options)] // the Λ update loop ran at tier 0 (45 ms of a 0.45 s transfer matrix at 256, 10 ms optimised)
    public static double[,] Compute(CrossbarSpec spec, Func<int, int, double> g)
    {
        int m = spec.Rows, n = spec.Cols;
        var (gW, gB, gT, gD, ideal) = Conductances(spec);
        var lambda = new double[n * n];   // Λ_{i-1}^{-1} after inversion, then S_i - g_B^2 of it
        var f = new double[n * m];        // F_i, row-major n x m (column k: input k)
        var fNext = new double[n * m];
        var x = new double[n * n];        // T_W,i^{-1}
        var gi = new double[n];
        var h = new double[n];
        var s = new double[n * n];        // S_i, one buffer for all rows (a fresh 0.5 MB array per row cost GCs)
        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < n; j++) gi[j] = g(i, j);
            RowSchur(gi, gW, gD, ideal, x, h, s);
            double dConst = WireDiagonal(i, m, gB, gT);
            for (int j = 0; j < n; j++) s[j * n + j] += dConst;
            if (i == 0)
                Array.Copy(s, lambda, n * n);
            else
            {
                // lambda holds Λ_{i-1}; invert, then F_i = g_B Λ^{-1} F_{i-1} and Λ_i = S_i - g_B^2 Λ^{-1}.
                if (!BlockSpdInverse.Invert(lambda, n))
                    throw new NodalSolverException($"transfer matrix: the block elimination lost positive definiteness at row {i}");
                // The product's first i columns become F_i (the later columns are never read).
                Blas.Gemm(false, false, n, i, n, gB, lambda, f, 0.0, fNext, ldb: m, ldc: m);
                (f, fNext) = (fNext, f);
                for (int t = 0; t < n * n; t++) lambda[t] = s[t] - gB * gB * lambda[t];
            }
            for (int r = 0; r < n; r++) f[r * m + i] = h[r];
        }
        if (!BlockSpdInverse.Invert(lambda, n))
            throw new NodalSolverException("transfer matrix: the block elimination lost positive definiteness at the last row");
        var bottom = new double[n * m];
        Blas.Gemm(false, false, n, m, n, gT, lambda, f, 0.0, bottom);
        var t2 = new double[n, m];
        for (int j = 0; j < n; j++)
            for (int k = 0; k < m; k++) t2[j, k] = bottom[j * m + k];
        return t2;
    }

    /// <summary>
    /// Row i's bit-line Schur complement s = diag(g) - G T_W^{-1} G (n x n, the bit-line wire and
    /// termination terms added by the caller) and its drive vector h (the current each bit-line node
    /// receives per volt on the row's source, with the bit lines held at 0 V). <paramref name="s"/> is overwritten.
    /// </summary>
    [MethodImpl(HotPath.Options)]
    private static void RowSchur(double[] g, double gW, double gD, bool ideal, double[] x, double[] h, double[] s)
    {
        int n = g.Length;
        // Free word-line nodes: all j with a driver resistance, j >= 1 with an ideal source (W(i,0) = V).
        int f0 = ideal ? 1 : 0, nf = n - f0;
        Array.Clear(s, 0, n * n);
        for (int j = 0; j < n; j++) s[j * n + j] = g[j];
        Array.Clear(h);
        if (ideal) h[0] = g[0];
        if (nf == 0) return;
        // X = T_W^{-1} (nf x nf, dense) by Thomas on the identity, all columns at once.
        var d = new double[nf];
        for (int a = 0; a < nf; a++)
        {
            int j = a + f0;
            d[a] = g[j] + gW * ((j > 0 ? 1 : 0) + (j < n - 1 ? 1 : 0)) + (j == 0 ? gD : 0);
        }
        Array.Clear(x, 0, nf * nf);
        for (int a = 0; a < nf; a++) x[a * nf + a] = 1;
        var piv = new double[nf];
        piv[0] = d[0];
        for (int a = 1; a < nf; a++)
        {
            double l = -gW / piv[a - 1];
            piv[a] = d[a] + l * gW;
            VectorOps.AddScaled(x.AsSpan((a - 1) * nf, a), -l, x.AsSpan(a * nf, a)); // row a-1 is zero beyond column a-1
        }
        VectorOps.Scale(x.AsSpan((nf - 1) * nf, nf), 1.0 / piv[nf - 1]);
        for (int a = nf - 2; a >= 0; a--)
        {
            var xa = x.AsSpan(a * nf, nf);
            VectorOps.AddScaled(x.AsSpan((a + 1) * nf, nf), gW, xa);
            VectorOps.Scale(xa, 1.0 / piv[a]);
        }
        // s -= G X G on the free nodes; the drive enters the first free node (gD V or gW V).
        double drive = ideal ? gW : gD;
        for (int a = 0; a < nf; a++)
        {
            double ga = g[a + f0];
            var sa = s.AsSpan((a + f0) * n + f0, nf);
            var xa = x.AsSpan(a * nf, nf);
            for (int b = 0; b < nf; b++) sa[b] -= ga * xa[b] * g[b + f0];
            h[a + f0] += ga * xa[0] * drive;
        }
    }
}
