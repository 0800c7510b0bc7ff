using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Xbar.Circuits.Nodal;

// Word-line kernels of the resistive-line path: every word line's tridiagonal swept along j for a
// block of rows at once, vectorised over the rows (contiguous in the column-major layout).
// Pointers and explicit AVX2/FMA intrinsics rather than Span and Vector<T>: a ReadyToRun build
// inlines neither Span slicing nor Vector<T> constructors from another assembly, and calls them
// unoptimised instead; the scalar loops serve the row tails and machines without AVX2.
internal sealed partial class CrossbarLinearSystem
{
    /// <summary>
    /// Thomas pivots (inverted) of column j of the word lines for rows [a, end), into
    /// <paramref name="ej"/> from the previous column's <paramref name="ePrev"/> (both indexed by row):
    /// e_j = 1 / (g_j + wires_j - gW^2 e_{j-1}), zero on the column an ideal driver holds. They are
    /// recomputed in every forward sweep into a block buffer (<see cref="RentPivots"/>) rather than
    /// stored for the whole array: the array (8 MB at 1024 x 1024) is never taken fresh from the
    /// system and the factor pass goes away; the division per node costs about what reading the
    /// stored pivots from memory did (measured at 1024 x 1024, docs/solver.md, seventh pass).
    /// The vector lanes and the scalar tail keep the operations of the stored factorisation they
    /// replace (fused in the lanes, not in the tail), so the pivots and the solutions are unchanged.
    /// </summary>
    [MethodImpl(HotPath.Options)]
    private unsafe void WordLinePivots(int j, double* gj, double* ePrev, double* ej, int a, int end, bool simd)
    {
        int n = _n;
        double gW = _gW, gW2 = gW * gW;
        int i = a;
        if (j == 0 && _driverIdeal)
        {
            // The ideal driver fixes node (i, 0): it leaves the system (zero pivot inverse).
            for (; i < end; i++) ej[i] = 0;
            return;
        }
        double wires = gW * ((j > 0 ? 1 : 0) + (j < n - 1 ? 1 : 0)) + (j == 0 ? _gD : 0);
        if (simd)
        {
            var one = Vector256.Create(1.0);
            var wv = Vector256.Create(wires);
            var g2 = Vector256.Create(gW2);
            for (; i + 4 <= end; i += 4)
            {
                var d = Avx.Add(Avx.LoadVector256(gj + i), wv);
                if (j > 0) d = Fma.MultiplyAddNegated(g2, Avx.LoadVector256(ePrev + i), d);
                Avx.Store(ej + i, Avx.Divide(one, d));
            }
        }
        for (; i < end; i++)
            ej[i] = 1.0 / (gj[i] + wires - (j == 0 ? 0.0 : gW2 * ePrev[i]));
    }

    /// <summary>
    /// A buffer for the pivots of one row block (<see cref="RowBlock"/> x n, column j at j * RowBlock):
    /// one per thread at work, kept in a small pool so that the chunks of a parallel pass (up to
    /// <see cref="ChunkedLoop.MaxChunks"/>) share as many buffers as threads run them.
    /// </summary>
    private double[] RentPivots()
    {
        var pool = _pivotPool;
        for (int k = 0; k < pool.Length; k++)
            if (Interlocked.Exchange(ref pool[k], null) is { } buffer) return buffer;
        return new double[RowBlock * _n];
    }

    /// <summary>Puts a buffer of <see cref="RentPivots"/> back into the pool.</summary>
    private void ReturnPivots(double[] buffer)
    {
        var pool = _pivotPool;
        for (int k = 0; k < pool.Length; k++)
            if (Interlocked.CompareExchange(ref pool[k], buffer, null) is null) return;
    }

    /// <summary>
    /// W = T_W^{-1}(bW + G∘B + driver terms) for driver voltages <paramref name="va"/> (null: zero);
    /// <paramref name="bitLine"/> null for B = 0; <paramref name="homogeneous"/> leaves out bW and the drivers.
    /// </summary>
    private void SolveWordLines(double[]? bitLine, double[]? va, double[] w, bool homogeneous = false)
    {
        var bw = homogeneous ? null : _bw;
        var v = homogeneous ? null : va;
        _loop.Run(_m, _size, (_, i0, i1) =>
        {
            var pivots = RentPivots();
            SolveWordLineRows(bitLine, bw, v, w, pivots, i0, i1);
            ReturnPivots(pivots);
        }, 4);
    }

    /// <summary>
    /// Columns ahead whose block rows the word-line sweeps ask for before they reach them. A sweep
    /// steps from column j to j +- 1, m values (8 KiB at m = 1024) apart, and uses RowBlock of them
    /// there: a few cache lines per page, too few for the hardware's prefetchers, which stop at page
    /// boundaries, so every column waited for memory.
    /// </summary>
    private const int PrefetchColumns = 2;

    /// <summary>Asks for the cache lines of [<paramref name="start"/>, + <paramref name="bytes"/>) (x86 only; values unchanged).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void Prefetch(void* start, int bytes)
    {
        byte* b = (byte*)start;
        for (int o = 0; o < bytes + 63; o += 64) Sse.Prefetch0(b + o);
    }

    /// <summary>The word-line solve of <see cref="SolveWordLines"/> for rows [i0, i1), in blocks of <see cref="RowBlock"/> rows.</summary>
    [MethodImpl(HotPath.Options)]
    private unsafe void SolveWordLineRows(double[]? bitLine, double[]? bwArray, double[]? va, double[] wArray, double[] pivots, int i0, int i1)
    {
        int m = _m, n = _n;
        double gW = _gW, gD = _gD;
        bool simd = Simd, ideal = _driverIdeal;
        fixed (double* g = G, eBlock = pivots, bl = bitLine, bw = bwArray, v = va, w = wArray)
        {
            for (int a = i0; a < i1; a += RowBlock)
            {
                int end = Math.Min(i1, a + RowBlock);
                double* e = eBlock - a; // row i of column j at e[j * RowBlock + i]
                for (int j = 0; j < n; j++)
                {
                    long k0 = (long)j * m;
                    double* gj = g + k0, ej = e + (long)j * RowBlock, wj = w + k0, wPrev = wj - m;
                    WordLinePivots(j, gj, ej - RowBlock, ej, a, end, simd);
                    double* bj = bl == null ? null : bl + k0, bwj = bw == null ? null : bw + k0;
                    if (simd && j + PrefetchColumns < n)
                    {
                        long ahead = (long)PrefetchColumns * m + a;
                        int bytes = (end - a) * sizeof(double);
                        Prefetch(gj + ahead, bytes);
                        Prefetch(wj + ahead, bytes);
                        if (bj != null) Prefetch(bj + ahead, bytes);
                        if (bwj != null) Prefetch(bwj + ahead, bytes);
                    }
                    int i = a;
                    if (simd)
                    {
                        var gWv = Vector256.Create(gW);
                        var gDv = Vector256.Create(ideal ? 0 : gD);
                        for (; i + 4 <= end; i += 4)
                        {
                            var rhs = bwj == null ? Vector256<double>.Zero : Avx.LoadVector256(bwj + i);
                            if (bj != null) rhs = Fma.MultiplyAdd(Avx.LoadVector256(gj + i), Avx.LoadVector256(bj + i), rhs);
                            Vector256<double> x;
                            if (j > 0) x = Avx.Multiply(Fma.MultiplyAdd(gWv, Avx.LoadVector256(wPrev + i), rhs), Avx.LoadVector256(ej + i));
                            else
                            {
                                var vi = v == null ? Vector256<double>.Zero : Avx.LoadVector256(v + i);
                                x = ideal ? vi : Avx.Multiply(Fma.MultiplyAdd(gDv, vi, rhs), Avx.LoadVector256(ej + i));
                            }
                            Avx.Store(wj + i, x);
                        }
                    }
                    for (; i < end; i++)
                    {
                        double rhs = (bwj == null ? 0.0 : bwj[i]) + (bj == null ? 0.0 : gj[i] * bj[i]);
                        if (j > 0) wj[i] = (rhs + gW * wPrev[i]) * ej[i];
                        else
                        {
                            double vi = v == null ? 0.0 : v[i];
                            wj[i] = ideal ? vi : (rhs + gD * vi) * ej[i];
                        }
                    }
                }
                BackSubstituteWordLines(w, e, a, end, simd);
            }
        }
    }

    /// <summary>The backward sweep w_j += gW e_j w_{j+1} of word lines [a, end) (e = 0 keeps a driven node fixed; e of the block buffer, column j at e + j * RowBlock).</summary>
    [MethodImpl(HotPath.Options)]
    private unsafe void BackSubstituteWordLines(double* w, double* e, int a, int end, bool simd)
    {
        int m = _m;
        double gW = _gW;
        var gWv = Vector256.Create(gW);
        for (int j = _n - 2; j >= 0; j--)
        {
            double* wj = w + (long)j * m, wn = wj + m, ej = e + (long)j * RowBlock;
            if (simd && j >= PrefetchColumns) Prefetch(wj - (long)PrefetchColumns * m + a, (end - a) * sizeof(double));
            int i = a;
            if (simd)
                for (; i + 4 <= end; i += 4)
                    Avx.Store(wj + i, Fma.MultiplyAdd(Avx.Multiply(gWv, Avx.LoadVector256(ej + i)), Avx.LoadVector256(wn + i), Avx.LoadVector256(wj + i)));
            for (; i < end; i++) wj[i] += gW * ej[i] * wn[i];
        }
    }

    /// <summary>
    /// Pass A of a CG iteration on row chunk <paramref name="chunk"/> = rows [i0, i1): the new search
    /// direction p = z + Z cc + beta p (just z + Z cc on the first iteration), rounded to float as
    /// stored; the word-line solve u = T_W^{-1}(G∘p), of which only G∘(p - u) is kept (in
    /// <see cref="_u"/>: the cell part of S p, all pass B1 needs besides p); and this chunk's share of
    /// p·Sp. That product is formed without S p: p·T_B p = sum G p^2 + gB sum (p_i - p_{i+1})^2 +
    /// gT sum p_{m-1}^2 (bit-line wire edges, the edge to the next chunk's first row included, from
    /// its saved p), and p·G u = (G p)·T_W^{-1}(G p) = sum g^2 e over the forward sweep, with g the
    /// eliminated right-hand side (T_W = L D L^T).
    /// </summary>
    [MethodImpl(HotPath.Options)]
    private unsafe double DirectionRows(int chunk, int i0, int i1, double beta, bool first)
    {
        int m = _m, n = _n;
        double gW = _gW;
        bool simd = Simd, edgeBelow = i1 < m;
        var coarse = _coarse;
        double sumG = 0, sumE = 0, sumQ = 0, sumT = 0;
        var accG = Vector256<double>.Zero;
        var accE = Vector256<double>.Zero;
        var accQ = Vector256<double>.Zero;
        var betaV = Vector256.Create(beta);
        var gWv = Vector256.Create(gW);
        var firstLaneOff = Vector256.Create(0L, -1L, -1L, -1L).AsDouble();
        var pivots = RentPivots();
        fixed (float* z = _z, p = _p)
        fixed (double* g = G, eBlock = pivots, u = _u, cc = _cc, pEdge = _pEdge, next = _groupScratch[chunk])
        fixed (int* node = coarse?.Node)
        fixed (double* weight = coarse?.Weight1)
        {
            for (int a = i0; a < i1; a += RowBlock)
            {
                int end = Math.Min(i1, a + RowBlock);
                double* e = eBlock - a; // row i of column j at e[j * RowBlock + i]
                for (int j = 0; j < n; j++)
                {
                    long k0 = (long)j * m;
                    float* zj = z + k0, pj = p + k0;
                    double* gj = g + k0, ej = e + (long)j * RowBlock, uj = u + k0, uPrev = uj - m;
                    if (simd && j + PrefetchColumns < n)
                    {
                        long ahead = (long)PrefetchColumns * m + a;
                        Prefetch(zj + ahead, (end - a) * sizeof(float));
                        Prefetch(pj + ahead, (end - a) * sizeof(float));
                        Prefetch(gj + ahead, (end - a) * sizeof(double));
                        Prefetch(uj + ahead, (end - a) * sizeof(double));
                    }
                    WordLinePivots(j, gj, ej - RowBlock, ej, a, end, simd);
                    double* c0 = null, c1 = null;
                    double w0 = 0, w1 = 0;
                    if (cc != null)
                    {
                        w1 = weight[j]; w0 = 1 - w1;
                        c0 = cc + (long)node[j] * m; c1 = c0 + m;
                    }
                    int i = a;
                    if (simd)
                    {
                        var w0v = Vector256.Create(w0);
                        var w1v = Vector256.Create(w1);
                        // The edge above the block's first row belongs to this chunk unless the block starts it.
                        var mask = a > i0 ? Vector256<double>.AllBitsSet : firstLaneOff;
                        var prev = a > i0 ? Vector256.Create((double)pj[a - 1]) : Vector256<double>.Zero;
                        for (; i + 4 <= end; i += 4)
                        {
                            var pv = Avx.ConvertToVector256Double(Sse.LoadVector128(zj + i));
                            if (c0 != null) pv = Fma.MultiplyAdd(w1v, Avx.LoadVector256(c1 + i), Fma.MultiplyAdd(w0v, Avx.LoadVector256(c0 + i), pv));
                            if (!first) pv = Fma.MultiplyAdd(betaV, Avx.ConvertToVector256Double(Sse.LoadVector128(pj + i)), pv);
                            var pf = Avx.ConvertToVector128Single(pv);
                            Sse.Store(pj + i, pf);
                            pv = Avx.ConvertToVector256Double(pf);
                            var y = Avx.Multiply(Avx.LoadVector256(gj + i), pv);
                            accG = Fma.MultiplyAdd(y, pv, accG);
                            // [p_{i-1}, p_i, p_{i+1}, p_{i+2}] from the previous and this vector.
                            var above = Avx.Shuffle(Avx.Permute2x128(prev, pv, 0x21), pv, 0b0101);
                            var d = Avx.And(Avx.Subtract(above, pv), mask);
                            accE = Fma.MultiplyAdd(d, d, accE);
                            mask = Vector256<double>.AllBitsSet;
                            prev = pv;
                            var s = j == 0 ? y : Fma.MultiplyAdd(gWv, Avx.LoadVector256(uPrev + i), y);
                            var wv = Avx.Multiply(s, Avx.LoadVector256(ej + i));
                            Avx.Store(uj + i, wv);
                            accQ = Fma.MultiplyAdd(s, wv, accQ);
                        }
                    }
                    for (; i < end; i++)
                    {
                        double ps = NextDirection(zj[i], c0, c1, w0, w1, i, first ? null : pj + i, beta, simd);
                        pj[i] = (float)ps;
                        double y = gj[i] * ps;
                        sumG += y * ps;
                        if (i > i0)
                        {
                            double d = pj[i - 1] - ps;
                            sumE += d * d;
                        }
                        double s = j == 0 ? y : y + gW * uPrev[i];
                        double wv = s * ej[i];
                        uj[i] = wv;
                        sumQ += s * wv;
                    }
                    if (end == m) sumT += (double)pj[m - 1] * pj[m - 1];
                    if (edgeBelow && end == i1)
                    {
                        // The next chunk's first row as that chunk computes it, from the p saved before it changed.
                        float saved = (float)pEdge[(long)chunk * n + j];
                        double d = pj[i1 - 1] - NextDirection(zj[i1], c0, c1, w0, w1, i1, first ? null : &saved, beta, simd);
                        sumE += d * d;
                    }
                }
                CellPartOfSchur(a, end, e, next, simd);
            }
        }
        ReturnPivots(pivots);
        sumG += HorizontalSum(accG);
        sumE += HorizontalSum(accE);
        sumQ += HorizontalSum(accQ);
        return sumG + _gB * sumE + _gT * sumT - sumQ;
    }

    /// <summary>
    /// One node of the direction update, rounded to float: z + w0 c0 + w1 c1 (+ beta p_old), in the
    /// vector lanes' order of operations when they run, so a node computed here equals its lane.
    /// </summary>
    private static unsafe double NextDirection(float z, double* c0, double* c1, double w0, double w1, int i, float* pOld, double beta, bool fma)
    {
        double ps = z;
        if (fma)
        {
            if (c0 != null) ps = Math.FusedMultiplyAdd(w1, c1[i], Math.FusedMultiplyAdd(w0, c0[i], ps));
            if (pOld != null) ps = Math.FusedMultiplyAdd(beta, *pOld, ps);
        }
        else
        {
            if (c0 != null) ps += w0 * c0[i] + w1 * c1[i];
            if (pOld != null) ps += beta * *pOld;
        }
        return (float)ps;
    }

    /// <summary>
    /// The backward word-line sweep of pass A for rows [a, end): u_j = w'_j + gW e_j u_{j+1}, with
    /// u_{j+1} kept in <paramref name="next"/> and the pivots <paramref name="e"/> of the forward sweep
    /// (block buffer, column j at e + j * RowBlock); stores G∘(p - u) in place of u.
    /// </summary>
    [MethodImpl(HotPath.Options)]
    private unsafe void CellPartOfSchur(int a, int end, double* e, double* next, bool simd)
    {
        int m = _m, n = _n;
        double gW = _gW;
        var gWv = Vector256.Create(gW);
        fixed (double* g = G, u = _u)
        fixed (float* p = _p)
            for (int j = n - 1; j >= 0; j--)
            {
                long k0 = (long)j * m;
                double* gj = g + k0, ej = e + (long)j * RowBlock, uj = u + k0;
                float* pj = p + k0;
                if (simd && j >= PrefetchColumns)
                {
                    long behind = (long)PrefetchColumns * m - a;
                    Prefetch(uj - behind, (end - a) * sizeof(double));
                    Prefetch(gj - behind, (end - a) * sizeof(double));
                    Prefetch(pj - behind, (end - a) * sizeof(float));
                }
                bool last = j == n - 1;
                int i = a;
                if (simd)
                    for (; i + 4 <= end; i += 4)
                    {
                        var uv = Avx.LoadVector256(uj + i);
                        if (!last) uv = Fma.MultiplyAdd(Avx.Multiply(gWv, Avx.LoadVector256(ej + i)), Avx.LoadVector256(next + i - a), uv);
                        Avx.Store(next + i - a, uv);
                        var pv = Avx.ConvertToVector256Double(Sse.LoadVector128(pj + i));
                        Avx.Store(uj + i, Avx.Multiply(Avx.LoadVector256(gj + i), Avx.Subtract(pv, uv)));
                    }
                for (; i < end; i++)
                {
                    double uv = uj[i];
                    if (!last) uv += gW * ej[i] * next[i - a];
                    next[i - a] = uv;
                    uj[i] = gj[i] * (pj[i] - uv);
                }
            }
    }

    /// <summary>Sum of the four lanes (a fixed order). Inlined: crossgen does not precompile methods taking vectors.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static double HorizontalSum(Vector256<double> v) => (v.GetElement(0) + v.GetElement(1)) + (v.GetElement(2) + v.GetElement(3));
}
