using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Xbar.Circuits.Nodal;

/// <summary>
/// AVX lanes for the per-row K x K work of <see cref="WordLineCoarseSpace.Factor"/> (Cholesky of
/// the pivot block, its inverse, the mass product): the serial part of the set-up, about 7 ms at
/// 1024 x 1024 (K = 18) in scalar code. Each lane runs the scalar code's operations on one matrix
/// element in the same order, with separate multiplies and adds (no fused multiply-add), so the
/// factors are the same bits as the scalar paths, which remain for machines without AVX.
/// Vectorising across the dot products' index instead would change the summation order.
/// </summary>
internal sealed partial class WordLineCoarseSpace
{
    /// <summary>
    /// In-place Cholesky A = L L^T as <see cref="Cholesky"/> (row-major k x k, lower triangle, upper
    /// cleared), row by row with the updates of a row vectorised over its columns: for each t the
    /// finished L[r, t] updates every later entry of the row, so entry c still receives its terms
    /// in the order t = 0, 1, ..., c - 1. <paramref name="u"/> (kp x kp) keeps L^T so that
    /// column t of L is a contiguous row; <paramref name="acc"/> (kp) holds the row being factored.
    /// Lanes beyond the row's diagonal compute values that are never read.
    /// </summary>
    [MethodImpl(HotPath.Options)]
    private static unsafe bool CholeskyAvx(double[] a, int k, int kp, double[] u, double[] acc)
    {
        fixed (double* ap = a, up = u, v = acc)
        {
            for (int r = 0; r < k; r++)
            {
                int ro = r * k;
                for (int c = 0; c <= r; c++) v[c] = ap[ro + c];
                for (int t = 0; t < r; t++)
                {
                    double lrt = v[t] / ap[t * k + t];
                    ap[ro + t] = lrt;
                    up[t * kp + r] = lrt;
                    var l = Vector256.Create(lrt);
                    double* ut = up + t * kp;
                    // Entries t+1 .. r; lanes below t+1 are finished and above r unused.
                    for (int c = (t + 1) & ~3; c <= r; c += 4)
                        Avx.Store(v + c, Avx.Subtract(Avx.LoadVector256(v + c), Avx.Multiply(l, Avx.LoadVector256(ut + c))));
                }
                double d = v[r];
                if (!(d > 0)) return false;
                double s = Math.Sqrt(d);
                ap[ro + r] = s;
                up[r * kp + r] = s;
                for (int c = r + 1; c < k; c++) ap[ro + c] = 0;
            }
        }
        return true;
    }

    /// <summary>
    /// inv = (L L^T)^{-1} as <see cref="CholeskyInverse"/>, with <paramref name="linv"/> (kp x kp,
    /// stride kp) and both products vectorised over columns. Row r of L^{-1} is -dr sum_t L[r,t]
    /// row t, t ascending; the terms with t below the column are L[r,t] times a zero of the strict
    /// upper triangle, which leave a +0 accumulator +0, so every entry is the scalar code's sum.
    /// Row a of the inverse likewise sums L^{-1}[t,a] row t for t = a .. k-1; for columns b &gt; a
    /// the leading terms are zero products again, so the upper half comes out as the transposed
    /// lower half, bit for bit (products commute exactly).
    /// </summary>
    [MethodImpl(HotPath.Options)]
    private static unsafe void CholeskyInverseAvx(double[] l, int k, int kp, double[] linv, double[] inv)
    {
        Array.Clear(linv);
        fixed (double* lp = l, li = linv, ip = inv)
        {
            for (int r = 0; r < k; r++)
            {
                double* row = li + r * kp;
                for (int t = 0; t < r; t++)
                {
                    var lrt = Vector256.Create(lp[r * k + t]);
                    double* src = li + t * kp;
                    for (int c = 0; c <= t; c += 4)
                        Avx.Store(row + c, Avx.Add(Avx.LoadVector256(row + c), Avx.Multiply(lrt, Avx.LoadVector256(src + c))));
                }
                double dr = 1.0 / lp[r * k + r];
                for (int c = 0; c < r; c++) row[c] = -row[c] * dr;
                row[r] = dr;
                // Lanes from r + 1 to the next multiple of four took zero products: still +0.
            }
            for (int a = 0; a < k; a++)
            {
                // Accumulated in the destination row, t outer: the column blocks are independent
                // chains (one register sum per block would wait on each add's latency).
                double* dst = ip + a * kp;
                for (int c = 0; c < kp; c += 4) Avx.Store(dst + c, Vector256<double>.Zero);
                for (int t = a; t < k; t++)
                {
                    var lta = Vector256.Create(li[t * kp + a]);
                    double* src = li + t * kp;
                    for (int c = 0; c < kp; c += 4)
                        Avx.Store(dst + c, Avx.Add(Avx.LoadVector256(dst + c), Avx.Multiply(lta, Avx.LoadVector256(src + c))));
                }
            }
        }
    }

    /// <summary>s -= scale M X M as <see cref="SubtractMassProduct"/>, the interior columns of X M and every row of M (X M) in lanes.</summary>
    [MethodImpl(HotPath.Options)]
    private unsafe void SubtractMassProductAvx(double[] x, double scale, double[] s)
    {
        int k = _k, kp = _kp;
        fixed (double* xp = x, tp = _scratch2, sp = s, md = _massD, mo = _massO)
        {
            // T = X M, stride kp: columns 0 and k-1 (one neighbour) in scalar code, 1 .. k-2 in lanes.
            for (int a = 0; a < k; a++)
            {
                double* xa = xp + a * kp, ta = tp + a * kp;
                ta[0] = xa[0] * md[0] + xa[1] * mo[0];
                int b = 1;
                for (; b + 4 <= k - 1; b += 4)
                {
                    var v = Avx.Multiply(Avx.LoadVector256(xa + b), Avx.LoadVector256(md + b));
                    v = Avx.Add(v, Avx.Multiply(Avx.LoadVector256(xa + b - 1), Avx.LoadVector256(mo + b - 1)));
                    v = Avx.Add(v, Avx.Multiply(Avx.LoadVector256(xa + b + 1), Avx.LoadVector256(mo + b)));
                    Avx.Store(ta + b, v);
                }
                for (; b < k - 1; b++) ta[b] = xa[b] * md[b] + xa[b - 1] * mo[b - 1] + xa[b + 1] * mo[b];
                ta[k - 1] = xa[k - 1] * md[k - 1] + xa[k - 2] * mo[k - 2];
            }
            var sc = Vector256.Create(scale);
            for (int a = 0; a < k; a++)
            {
                var d = Vector256.Create(md[a]);
                var lo = Vector256.Create(a > 0 ? mo[a - 1] : 0);
                var hi = Vector256.Create(a + 1 < k ? mo[a] : 0);
                double* ta = tp + a * kp, sa = sp + a * k;
                int b = 0;
                for (; b + 4 <= k; b += 4)
                {
                    var v = Avx.Multiply(d, Avx.LoadVector256(ta + b));
                    if (a > 0) v = Avx.Add(v, Avx.Multiply(lo, Avx.LoadVector256(ta - kp + b)));
                    if (a + 1 < k) v = Avx.Add(v, Avx.Multiply(hi, Avx.LoadVector256(ta + kp + b)));
                    Avx.Store(sa + b, Avx.Subtract(Avx.LoadVector256(sa + b), Avx.Multiply(sc, v)));
                }
                for (; b < k; b++)
                {
                    double v = md[a] * ta[b];
                    if (a > 0) v += mo[a - 1] * ta[b - kp];
                    if (a + 1 < k) v += mo[a] * ta[b + kp];
                    sa[b] -= scale * v;
                }
            }
        }
    }

    /// <summary>s[so..so+k) -= scale y[yo..yo+k) in lanes (elementwise: the scalar code's bits).</summary>
    [MethodImpl(HotPath.Options)]
    private static unsafe void SubtractScaledRowAvx(double[] y, int yo, double scale, double[] s, int so, int k)
    {
        if (scale == 0) return;
        fixed (double* yp = y, sp = s)
        {
            var sc = Vector256.Create(scale);
            int c = 0;
            for (; c + 4 <= k; c += 4)
                Avx.Store(sp + so + c, Avx.Subtract(Avx.LoadVector256(sp + so + c), Avx.Multiply(sc, Avx.LoadVector256(yp + yo + c))));
            for (; c < k; c++) sp[so + c] -= scale * yp[yo + c];
        }
    }

    /// <summary><see cref="ThomasInPlace"/> with the updates of each row's right-hand sides in lanes (elementwise: the same bits).</summary>
    [MethodImpl(HotPath.Options)]
    private static unsafe void ThomasInPlaceAvx(double[] d, double[] o, double[] y, int rows, int cols)
    {
        Span<double> piv = stackalloc double[rows];
        fixed (double* yp = y)
        {
            piv[0] = d[0];
            for (int a = 1; a < rows; a++)
            {
                double l = o[a - 1] / piv[a - 1];
                piv[a] = d[a] - l * o[a - 1];
                double* ya = yp + a * cols, yb = ya - cols;
                var lv = Vector256.Create(l);
                int c = 0;
                for (; c + 4 <= cols; c += 4)
                    Avx.Store(ya + c, Avx.Subtract(Avx.LoadVector256(ya + c), Avx.Multiply(lv, Avx.LoadVector256(yb + c))));
                for (; c < cols; c++) ya[c] -= l * yb[c];
            }
            for (int a = rows - 1; a >= 0; a--)
            {
                double inv = 1.0 / piv[a], off = a + 1 < rows ? o[a] : 0;
                double* ya = yp + a * cols, yn = ya + cols;
                var iv = Vector256.Create(inv);
                var ov = Vector256.Create(off);
                int c = 0;
                if (off == 0)
                    for (; c + 4 <= cols; c += 4) Avx.Store(ya + c, Avx.Multiply(Avx.LoadVector256(ya + c), iv));
                else
                    for (; c + 4 <= cols; c += 4)
                        Avx.Store(ya + c, Avx.Multiply(Avx.Subtract(Avx.LoadVector256(ya + c), Avx.Multiply(ov, Avx.LoadVector256(yn + c))), iv));
                for (; c < cols; c++) ya[c] = (ya[c] - (off == 0 ? 0 : off * yn[c])) * inv;
            }
        }
    }
}
