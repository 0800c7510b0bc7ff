using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Xbar.Circuits.Nodal;

// Bit-line kernels of the resistive-line path. A bit line's Thomas recurrence is sequential along
// i, so one line at a time is latency-bound and scalar. Four bit lines are solved side by side
// instead: 4 x 4 blocks of the column-major arrays are transposed in registers so that one
// Vector256 holds row i of four lines, and each step of the recurrence is one FMA for all four.
// The factors h = gB / pivot are stored as float, interleaved by groups of four columns (they
// only precondition: CG still converges to the double-precision solution), which halves their
// memory traffic. Scalar loops serve the columns left over from groups of four, the row tails
// and machines without AVX2. Helpers that take or return vectors are inlined: crossgen (make
// publish) does not precompile a method with a vector in its signature, nor its callers.
internal sealed partial class CrossbarLinearSystem
{
    /// <summary>Index of bit-line factor (i, j) in <see cref="_hCol"/>: groups of four columns interleaved row by row, leftover columns plain.</summary>
    private int HIndex(int i, int j) => j < (_n & ~3) ? ((j >> 2) * _m + i) * 4 + (j & 3) : j * _m + i;

    /// <summary>Diagonal of bit line T_B at row i without the cell: wire segments and the termination.</summary>
    private double BitLineWires(int i) => _gB * ((i > 0 ? 1 : 0) + (i < _m - 1 ? 1 : 0)) + (i == _m - 1 ? _gT : 0);

    /// <summary>Bit-line factors h_i = gB / pivot_i of columns [j0, j1) (T_B = L D L^T, L_{i+1,i} = -h_i, D_i = gB / h_i).</summary>
    [MethodImpl(HotPath.Options)]
    private unsafe void FactorBitLines(int j0, int j1)
    {
        int m = _m, groupsEnd = Math.Min(j1, _n & ~3);
        double gB = _gB, gB2 = gB * gB;
        int j = j0;
        fixed (double* g = G)
        fixed (float* h = _hCol)
        {
            if (Simd)
                for (; j + 4 <= groupsEnd; j += 4)
                {
                    double* g0 = g + (long)j * m, g1 = g0 + m, g2 = g1 + m, g3 = g2 + m;
                    float* hg = h + (long)j * m;
                    var gBv = Vector256.Create(gB);
                    var gB2v = Vector256.Create(gB2);
                    var one = Vector256.Create(1.0);
                    var e = Vector256<double>.Zero;
                    int i = 0;
                    for (; i + 4 <= m; i += 4)
                    {
                        Transpose(Avx.LoadVector256(g0 + i), Avx.LoadVector256(g1 + i), Avx.LoadVector256(g2 + i), Avx.LoadVector256(g3 + i),
                            out var r0, out var r1, out var r2, out var r3);
                        e = FactorRow(r0, i, e, hg); e = FactorRow(r1, i + 1, e, hg);
                        e = FactorRow(r2, i + 2, e, hg); e = FactorRow(r3, i + 3, e, hg);
                    }
                    for (; i < m; i++) e = FactorRow(Vector256.Create(g0[i], g1[i], g2[i], g3[i]), i, e, hg);
                }
            for (; j < j1; j++)
            {
                double* gj = g + (long)j * m;
                double e = 0;
                for (int i = 0; i < m; i++)
                {
                    e = 1.0 / (gj[i] + BitLineWires(i) - gB2 * e);
                    h[HIndex(i, j)] = (float)(gB * e);
                }
            }
        }
    }

    /// <summary>One row of four bit lines' factorisation: e_i = 1 / (d_i - gB^2 e_{i-1}), h_i = gB e_i stored as float.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private unsafe Vector256<double> FactorRow(Vector256<double> cells, int i, Vector256<double> ePrev, float* hg)
    {
        var d = Avx.Add(cells, Vector256.Create(BitLineWires(i)));
        var e = Avx.Divide(Vector256.Create(1.0), Fma.MultiplyAddNegated(Vector256.Create(_gB * _gB), ePrev, d));
        Sse.Store(hg + 4 * i, Avx.ConvertToVector128Single(Avx.Multiply(Vector256.Create(_gB), e)));
        return e;
    }

    /// <summary>f = bB + G∘W on columns [j0, j1).</summary>
    [MethodImpl(HotPath.Options)]
    private unsafe void RightHandSide(double[] wArray, double[] fArray, int j0, int j1)
    {
        long k0 = (long)j0 * _m, k1 = (long)j1 * _m, k = k0;
        fixed (double* g = G, w = wArray, f = fArray, bb = _bb)
        {
            if (Simd)
                for (; k + 4 <= k1; k += 4)
                {
                    var x = Avx.Multiply(Avx.LoadVector256(g + k), Avx.LoadVector256(w + k));
                    Avx.Store(f + k, bb == null ? x : Avx.Add(x, Avx.LoadVector256(bb + k)));
                }
            for (; k < k1; k++) f[k] = (bb == null ? 0.0 : bb[k]) + g[k] * w[k];
        }
    }

    /// <summary>r = f - S b = f - (T_B b - G∘u) on columns [j0, j1), with u = T_W^{-1}(G∘b) in <see cref="_u"/> (warm starts).</summary>
    [MethodImpl(HotPath.Options)]
    private unsafe void ResidualOfWarmStart(double[] bArray, int j0, int j1)
    {
        int m = _m;
        fixed (double* g = G, b = bArray, u = _u, f = _f, r = _r)
            for (int j = j0; j < j1; j++)
            {
                long k0 = (long)j * m;
                for (int i = 0; i < m; i++)
                    r[k0 + i] = f[k0 + i] - BitLineSchur(g + k0, b + k0, u + k0, i);
            }
    }

    /// <summary>(T_B x - G∘u)_i on one bit line (x, u, g at the line's first row).</summary>
    private unsafe double BitLineSchur(double* g, double* x, double* u, int i)
    {
        int m = _m;
        double q = g[i] * (x[i] - u[i]);
        if (i > 0) q += _gB * (x[i] - x[i - 1]);
        if (i < m - 1) q += _gB * (x[i] - x[i + 1]);
        else q += _gT * x[i];
        return q;
    }

    /// <summary>
    /// Pass B1 with a coarse space: r -= alpha S p (S p = the wire part of T_B p plus the cell part
    /// G∘(p - u) left by pass A), b += alpha p, and c = Z^T r restricted into this chunk's buffer,
    /// on columns [j0, j1).
    /// </summary>
    private unsafe void UpdateColumns(double[] bArray, double alpha, int chunk, int j0, int j1)
    {
        var part = Part(chunk, _c!);
        fixed (double* r = _r, b = bArray, cellPart = _u, c = part)
        fixed (float* p = _p)
        fixed (int* node = _coarse!.Node)
        fixed (double* weight = _coarse.Weight1)
            for (int j = j0; j < j1; j++)
            {
                double w1 = weight[j];
                double* c0 = c + (long)node[j] * _m;
                UpdateColumn(j, alpha, r, b, p, cellPart, c0, c0 + _m, 1 - w1, w1);
            }
    }

    /// <summary>c = Z^T src restricted into this chunk's buffer, on columns [j0, j1).</summary>
    [MethodImpl(HotPath.Options)]
    private unsafe void RestrictColumns(double[] srcArray, int chunk, int j0, int j1)
    {
        var part = Part(chunk, _c!);
        int m = _m;
        fixed (double* src = srcArray, c = part)
        fixed (int* node = _coarse!.Node)
        fixed (double* weight = _coarse.Weight1)
            for (int j = j0; j < j1; j++)
            {
                double w1 = weight[j];
                double* c0 = c + (long)node[j] * m;
                VectorOps.AddScaled(new ReadOnlySpan<double>(src + (long)j * m, m), 1 - w1, new Span<double>(c0, m));
                if (w1 != 0) VectorOps.AddScaled(new ReadOnlySpan<double>(src + (long)j * m, m), w1, new Span<double>(c0 + m, m));
            }
    }

    /// <summary>
    /// Column j's update: q = (G∘(p - u))_i + gB (2 p_i - p_{i-1} - p_{i+1}) (one neighbour at the
    /// ends, plus gT p at the terminated end), r -= alpha q, b += alpha p, and (with c0 non-null)
    /// c0 += w0 r, c1 += w1 r. Also saves p on the first row of every row chunk for the next pass A.
    /// </summary>
    [MethodImpl(HotPath.Options)]
    private unsafe void UpdateColumn(int j, double alpha, double* r, double* b, float* p, double* cellPart,
        double* c0, double* c1, double w0, double w1)
    {
        int m = _m;
        long k0 = (long)j * m;
        double* rj = r + k0, bj = b + k0, qj = cellPart + k0;
        float* pj = p + k0;
        for (int c = 0; c < _rowStarts.Length; c++) _pEdge[c * _n + j] = pj[_rowStarts[c]];
        UpdateNode(0, alpha, rj, bj, pj, qj, c0, c1, w0, w1);
        if (m == 1) return;
        int i = 1;
        if (Simd)
        {
            var av = Vector256.Create(alpha);
            var gBv = Vector256.Create(_gB);
            var w0v = Vector256.Create(w0);
            var w1v = Vector256.Create(w1);
            for (; i + 4 <= m - 1; i += 4)
            {
                var pv = Avx.ConvertToVector256Double(Sse.LoadVector128(pj + i));
                var wires = Avx.Subtract(Avx.Subtract(Avx.Add(pv, pv), Avx.ConvertToVector256Double(Sse.LoadVector128(pj + i - 1))),
                    Avx.ConvertToVector256Double(Sse.LoadVector128(pj + i + 1)));
                var q = Fma.MultiplyAdd(gBv, wires, Avx.LoadVector256(qj + i));
                var rv = Fma.MultiplyAddNegated(av, q, Avx.LoadVector256(rj + i));
                Avx.Store(rj + i, rv);
                Avx.Store(bj + i, Fma.MultiplyAdd(av, pv, Avx.LoadVector256(bj + i)));
                if (c0 != null)
                {
                    Avx.Store(c0 + i, Fma.MultiplyAdd(w0v, rv, Avx.LoadVector256(c0 + i)));
                    Avx.Store(c1 + i, Fma.MultiplyAdd(w1v, rv, Avx.LoadVector256(c1 + i)));
                }
            }
        }
        for (; i < m; i++) UpdateNode(i, alpha, rj, bj, pj, qj, c0, c1, w0, w1);
    }

    private unsafe void UpdateNode(int i, double alpha, double* r, double* b, float* p, double* cellPart,
        double* c0, double* c1, double w0, double w1)
    {
        int m = _m;
        double pi = p[i], wires = 0;
        if (i > 0) wires += pi - p[i - 1];
        if (i < m - 1) wires += pi - p[i + 1];
        double q = cellPart[i] + _gB * wires + (i == m - 1 ? _gT * pi : 0.0);
        double rv = r[i] - alpha * q;
        r[i] = rv;
        b[i] += alpha * pi;
        if (c0 != null)
        {
            c0[i] += w0 * rv;
            c1[i] += w1 * rv;
        }
    }

    /// <summary>
    /// Pass B2 on columns [j0, j1): z_raw = T_B^{-1} Q src (Q src = src - Z M^{-1} c with a coarse
    /// space, src without), and c2 = Z^T z_raw into this chunk's buffer; returns src·z_raw over these
    /// columns. With <paramref name="b"/> non-null (no coarse space) each group of columns is first
    /// updated as in pass B1, so the residual is read once.
    /// </summary>
    [MethodImpl(HotPath.Options)]
    private unsafe double PreconditionColumns(double[] srcArray, int chunk, int j0, int j1, double[]? bArray, double alpha)
    {
        int m = _m, groupsEnd = Math.Min(j1, _n & ~3);
        var coarse = _coarse;
        var part = coarse is null ? null : Part(chunk, _c2!);
        double rz = 0;
        int j = j0;
        fixed (double* src = srcArray, r = _r, b = bArray, u = _u, cm = _cm, c2 = part, ys = _groupScratch[chunk])
        fixed (float* h = _hCol, z = _z, p = _p)
        fixed (int* node = coarse?.Node)
        fixed (double* weight = coarse?.Weight1)
        {
            if (Simd)
                for (; j + 4 <= groupsEnd; j += 4)
                {
                    if (b != null)
                        for (int c = 0; c < 4; c++) UpdateColumn(j + c, alpha, r, b, p, u, null, null, 0, 0);
                    rz += SolveGroup(j, src, z, h + (long)j * m, ys, cm, c2, node, weight);
                }
            for (; j < j1; j++)
            {
                if (b != null) UpdateColumn(j, alpha, r, b, p, u, null, null, 0, 0);
                rz += SolveColumn(j, src, z, h, ys, cm, c2, node, weight);
            }
        }
        return rz;
    }

    /// <summary>
    /// Bit lines j..j+3 at once (returns src·z_raw over them): forward sweep s_i = x_i + h_{i-1} s_{i-1}, y_i = s_i h_i / gB (into the
    /// interleaved scratch), backward sweep z_i = y_i + h_i z_{i+1}, each a Vector256 over the four
    /// lines; columns are transposed to rows on the way in and back on the way out.
    /// </summary>
    [MethodImpl(HotPath.Options)]
    private unsafe double SolveGroup(int j, double* src, float* z, float* hg, double* ys,
        double* cm, double* c2, int* node, double* weight)
    {
        var acc = Vector256<double>.Zero;
        int m = _m;
        long k0 = (long)j * m;
        double* s0 = src + k0, s1 = s0 + m, s2 = s1 + m, s3 = s2 + m;
        float* z0 = z + k0, z1 = z0 + m, z2 = z1 + m, z3 = z2 + m;
        // Coarse prolongation per line: x = src - w0 cm[node] - w1 cm[node + 1].
        double* a0 = null, a1 = null, a2 = null, a3 = null;
        Vector256<double> v00 = default, v01 = default, v10 = default, v11 = default, v20 = default, v21 = default, v30 = default, v31 = default;
        if (cm != null)
        {
            a0 = cm + (long)node[j] * m; a1 = cm + (long)node[j + 1] * m; a2 = cm + (long)node[j + 2] * m; a3 = cm + (long)node[j + 3] * m;
            v01 = Vector256.Create(weight[j]); v00 = Vector256.Create(1 - weight[j]);
            v11 = Vector256.Create(weight[j + 1]); v10 = Vector256.Create(1 - weight[j + 1]);
            v21 = Vector256.Create(weight[j + 2]); v20 = Vector256.Create(1 - weight[j + 2]);
            v31 = Vector256.Create(weight[j + 3]); v30 = Vector256.Create(1 - weight[j + 3]);
        }
        var scale = Vector256.Create(1.0 / _gB);
        var s = Vector256<double>.Zero;
        var hPrev = Vector256<double>.Zero;
        int i = 0;
        for (; i + 4 <= m; i += 4)
        {
            var x0 = Avx.LoadVector256(s0 + i);
            var x1 = Avx.LoadVector256(s1 + i);
            var x2 = Avx.LoadVector256(s2 + i);
            var x3 = Avx.LoadVector256(s3 + i);
            if (cm != null)
            {
                x0 = Fma.MultiplyAddNegated(v01, Avx.LoadVector256(a0 + m + i), Fma.MultiplyAddNegated(v00, Avx.LoadVector256(a0 + i), x0));
                x1 = Fma.MultiplyAddNegated(v11, Avx.LoadVector256(a1 + m + i), Fma.MultiplyAddNegated(v10, Avx.LoadVector256(a1 + i), x1));
                x2 = Fma.MultiplyAddNegated(v21, Avx.LoadVector256(a2 + m + i), Fma.MultiplyAddNegated(v20, Avx.LoadVector256(a2 + i), x2));
                x3 = Fma.MultiplyAddNegated(v31, Avx.LoadVector256(a3 + m + i), Fma.MultiplyAddNegated(v30, Avx.LoadVector256(a3 + i), x3));
            }
            Transpose(x0, x1, x2, x3, out var r0, out var r1, out var r2, out var r3);
            s = ForwardRow(r0, hg, ys, i, scale, s, ref hPrev);
            s = ForwardRow(r1, hg, ys, i + 1, scale, s, ref hPrev);
            s = ForwardRow(r2, hg, ys, i + 2, scale, s, ref hPrev);
            s = ForwardRow(r3, hg, ys, i + 3, scale, s, ref hPrev);
        }
        for (; i < m; i++)
        {
            var x = Vector256.Create(s0[i], s1[i], s2[i], s3[i]);
            if (cm != null)
                x = Avx.Subtract(x, Vector256.Create(
                    v00.GetElement(0) * a0[i] + v01.GetElement(0) * a0[m + i], v10.GetElement(0) * a1[i] + v11.GetElement(0) * a1[m + i],
                    v20.GetElement(0) * a2[i] + v21.GetElement(0) * a2[m + i], v30.GetElement(0) * a3[i] + v31.GetElement(0) * a3[m + i]));
            s = ForwardRow(x, hg, ys, i, scale, s, ref hPrev);
        }
        // Backward: the row tail first (rows m4..m-1), then blocks of four rows transposed back to columns.
        var zv = Vector256<double>.Zero;
        int m4 = m & ~3;
        double* b0 = null, b1 = null, b2 = null, b3 = null;
        if (c2 != null)
        {
            b0 = c2 + (long)node[j] * m; b1 = c2 + (long)node[j + 1] * m; b2 = c2 + (long)node[j + 2] * m; b3 = c2 + (long)node[j + 3] * m;
        }
        double tailDot = 0;
        for (i = m - 1; i >= m4; i--)
        {
            zv = Fma.MultiplyAdd(Avx.ConvertToVector256Double(Sse.LoadVector128(hg + 4 * i)), zv, Avx.LoadVector256(ys + 4 * i));
            // Stored as float; the dot product and the restriction use the stored values.
            float f0 = (float)zv.GetElement(0), f1 = (float)zv.GetElement(1), f2 = (float)zv.GetElement(2), f3 = (float)zv.GetElement(3);
            z0[i] = f0; z1[i] = f1; z2[i] = f2; z3[i] = f3;
            double x0 = f0, x1 = f1, x2 = f2, x3 = f3;
            tailDot += s0[i] * x0 + s1[i] * x1 + s2[i] * x2 + s3[i] * x3;
            if (c2 != null)
            {
                b0[i] += v00.GetElement(0) * x0; b0[m + i] += v01.GetElement(0) * x0;
                b1[i] += v10.GetElement(0) * x1; b1[m + i] += v11.GetElement(0) * x1;
                b2[i] += v20.GetElement(0) * x2; b2[m + i] += v21.GetElement(0) * x2;
                b3[i] += v30.GetElement(0) * x3; b3[m + i] += v31.GetElement(0) * x3;
            }
        }
        for (i = m4 - 4; i >= 0; i -= 4)
        {
            var y3 = Fma.MultiplyAdd(Avx.ConvertToVector256Double(Sse.LoadVector128(hg + 4 * (i + 3))), zv, Avx.LoadVector256(ys + 4 * (i + 3)));
            var y2 = Fma.MultiplyAdd(Avx.ConvertToVector256Double(Sse.LoadVector128(hg + 4 * (i + 2))), y3, Avx.LoadVector256(ys + 4 * (i + 2)));
            var y1 = Fma.MultiplyAdd(Avx.ConvertToVector256Double(Sse.LoadVector128(hg + 4 * (i + 1))), y2, Avx.LoadVector256(ys + 4 * (i + 1)));
            var y0 = Fma.MultiplyAdd(Avx.ConvertToVector256Double(Sse.LoadVector128(hg + 4 * i)), y1, Avx.LoadVector256(ys + 4 * i));
            zv = y0;
            Transpose(y0, y1, y2, y3, out var x0, out var x1, out var x2, out var x3);
            x0 = StoreRounded(z0 + i, x0); x1 = StoreRounded(z1 + i, x1); x2 = StoreRounded(z2 + i, x2); x3 = StoreRounded(z3 + i, x3);
            acc = Fma.MultiplyAdd(x0, Avx.LoadVector256(s0 + i), acc);
            acc = Fma.MultiplyAdd(x1, Avx.LoadVector256(s1 + i), acc);
            acc = Fma.MultiplyAdd(x2, Avx.LoadVector256(s2 + i), acc);
            acc = Fma.MultiplyAdd(x3, Avx.LoadVector256(s3 + i), acc);
            if (c2 != null)
            {
                Restrict(x0, b0 + i, m, v00, v01); Restrict(x1, b1 + i, m, v10, v11);
                Restrict(x2, b2 + i, m, v20, v21); Restrict(x3, b3 + i, m, v30, v31);
            }
        }
        return HorizontalSum(acc) + tailDot;
    }

    /// <summary>Stores four values as float and returns them as stored.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe Vector256<double> StoreRounded(float* z, Vector256<double> x)
    {
        var f = Avx.ConvertToVector128Single(x);
        Sse.Store(z, f);
        return Avx.ConvertToVector256Double(f);
    }

    /// <summary>One forward step of four bit lines: s = x + h_{i-1} s, y_i = s h_i / gB stored interleaved.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe Vector256<double> ForwardRow(Vector256<double> x, float* hg, double* ys, int i, Vector256<double> scale,
        Vector256<double> s, ref Vector256<double> hPrev)
    {
        var hi = Avx.ConvertToVector256Double(Sse.LoadVector128(hg + 4 * i));
        s = Fma.MultiplyAdd(hPrev, s, x);
        Avx.Store(ys + 4 * i, Avx.Multiply(Avx.Multiply(s, hi), scale));
        hPrev = hi;
        return s;
    }

    /// <summary>c[b] += w0 x, c[b+1] += w1 x for four rows of one column (c at the hat's row i, hats m apart).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void Restrict(Vector256<double> x, double* c, int m, Vector256<double> w0, Vector256<double> w1)
    {
        Avx.Store(c, Fma.MultiplyAdd(w0, x, Avx.LoadVector256(c)));
        Avx.Store(c + m, Fma.MultiplyAdd(w1, x, Avx.LoadVector256(c + m)));
    }

    /// <summary>One bit line, scalar: the same sweeps as <see cref="SolveGroup"/> (forward results in <paramref name="ys"/>); returns src·z_raw over the column.</summary>
    [MethodImpl(HotPath.Options)]
    private unsafe double SolveColumn(int j, double* src, float* z, float* h, double* ys, double* cm, double* c2, int* node, double* weight)
    {
        int m = _m;
        long k0 = (long)j * m;
        double* sj = src + k0;
        float* zj = z + k0;
        double w1 = cm == null ? 0 : weight[j], w0 = 1 - w1;
        double* a = cm == null ? null : cm + (long)node[j] * m;
        double scale = 1.0 / _gB, s = 0, hPrev = 0;
        for (int i = 0; i < m; i++)
        {
            double x = sj[i];
            if (a != null) x -= w0 * a[i] + w1 * a[m + i];
            double hi = h[HIndex(i, j)];
            s = x + hPrev * s;
            ys[i] = s * hi * scale;
            hPrev = hi;
        }
        double zi = 0, dot = 0;
        double* c = c2 == null ? null : c2 + (long)node[j] * m;
        for (int i = m - 1; i >= 0; i--)
        {
            zi = ys[i] + h[HIndex(i, j)] * zi;
            float stored = (float)zi;
            zj[i] = stored;
            dot += sj[i] * stored;
            if (c != null)
            {
                c[i] += w0 * stored;
                c[m + i] += w1 * stored;
            }
        }
        return dot;
    }

    /// <summary>4 x 4 transpose: a_c holds rows i..i+3 of column c; r_t gets row i+t of columns 0..3.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Transpose(Vector256<double> a0, Vector256<double> a1, Vector256<double> a2, Vector256<double> a3,
        out Vector256<double> r0, out Vector256<double> r1, out Vector256<double> r2, out Vector256<double> r3)
    {
        var t0 = Avx.UnpackLow(a0, a1);
        var t1 = Avx.UnpackHigh(a0, a1);
        var t2 = Avx.UnpackLow(a2, a3);
        var t3 = Avx.UnpackHigh(a2, a3);
        r0 = Avx.Permute2x128(t0, t2, 0x20);
        r1 = Avx.Permute2x128(t1, t3, 0x20);
        r2 = Avx.Permute2x128(t0, t2, 0x31);
        r3 = Avx.Permute2x128(t1, t3, 0x31);
    }
}
