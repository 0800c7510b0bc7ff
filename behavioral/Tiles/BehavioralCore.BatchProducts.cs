using System.Buffers;
using System.Numerics;
using Xbar.Circuits.Numerics;

namespace Xbar.Behavioral.Tiles;

public sealed partial class BehavioralCore
{
    /// <summary>
    /// The core's matrices in float, stacked by the power of V they multiply, so a batch is at most
    /// three products: V [T; B; A2]^T, V^2 [S; A1]^T and V^3 N^T (T, N, S: outputs x rows; B, A1,
    /// A2: load columns x rows). Stacking changes no sum (each output element is still one dot
    /// product over the rows), it only makes fewer, wider products, which is what the small 64x64
    /// tiles of a network need. The products run on the calling thread (<see cref="PackedProduct"/>,
    /// not OpenBLAS): the network engine already reads a layer's tiles in parallel, and OpenBLAS's
    /// own threads inside each read cost 1.6x the processor time, while its thread count cannot be
    /// changed for these calls alone.
    /// </summary>
    private sealed class BatchProducts
    {
        private readonly int _m, _outs, _lc, _noiseRows;
        private readonly PackedProduct _byV;      // [T; B; A2]: (outs + 2 lc) x m
        private readonly PackedProduct? _bySq;    // [S; A1]: (noise rows + lc) x m
        private readonly Lazy<PackedProduct?> _a1; // A1 alone, for reads without noise (the S rows skipped)
        private readonly PackedProduct? _byCube;  // N: outs x m
        private readonly Load? _load;

        public BatchProducts(int m, int outs, double[] t, double[]? n, double[]? noiseVar, Load? load)
        {
            _m = m; _outs = outs; _load = load;
            _lc = load?.Columns ?? 0;
            _noiseRows = noiseVar is null ? 0 : outs;
            _byV = Stack(m, t, load?.B, load?.A2);
            _bySq = _noiseRows + _lc > 0 ? Stack(m, noiseVar, load?.A1) : null;
            _a1 = new(() => load is null ? null : _noiseRows == 0 ? _bySq : Stack(m, load.A1));
            _byCube = n is null ? null : Stack(m, n);
        }

        private static PackedProduct Stack(int m, params double[]?[] parts)
        {
            var stacked = new float[parts.Sum(p => p?.Length ?? 0)];
            int at = 0;
            foreach (var p in parts)
                if (p is not null)
                    for (int k = 0; k < p.Length; k++) stacked[at++] = (float)p[k];
            return new PackedProduct(stacked, stacked.Length / m, m);
        }

        /// <summary>See <see cref="ReadCurrentsBatch"/>; <paramref name="noise"/> is null when no read noise is drawn.</summary>
        public void Read(ReadOnlySpan<double> v, int count, Span<double> y, ReadNoiseSource? noise)
        {
            int m = _m, outs = _outs, lc = _lc, size = count * m, wide = outs + 2 * lc;
            // Without read noise the variance rows S are skipped: the V^2 product is only A1.
            var bySqProduct = noise is null ? _a1.Value : _bySq;
            int sqWide = bySqProduct?.N ?? 0;
            var pool = ArrayPool<float>.Shared;
            float[] vf = pool.Rent(size), byV = pool.Rent(count * wide);
            float[]? sq = sqWide > 0 ? pool.Rent(size) : null, bySq = sqWide > 0 ? pool.Rent(count * sqWide) : null;
            float[]? cube = _byCube is not null ? pool.Rent(size) : null;
            try
            {
                Powers(v, vf, sq, cube);
                _byV.Multiply(vf.AsSpan(0, size), count, byV.AsSpan(0, count * wide));
                if (cube is not null)
                    _byCube!.Multiply(cube.AsSpan(0, size), count, byV.AsSpan(0, (count - 1) * wide + outs), ldc: wide, accumulate: true);
                if (sq is not null)
                    bySqProduct!.Multiply(sq.AsSpan(0, size), count, bySq.AsSpan(0, count * sqWide));
                Sum(byV, bySq, count, y, noise);
            }
            finally
            {
                pool.Return(vf); pool.Return(byV);
                if (sq is not null) pool.Return(sq);
                if (bySq is not null) pool.Return(bySq);
                if (cube is not null) pool.Return(cube);
            }
        }

        /// <summary>
        /// V, V^2 and V^3 in double, each rounded once to float (the squares and cubes when asked):
        /// on <see cref="Vector{T}"/> lanes, two double vectors narrowed into one float vector
        /// (round to nearest, as the cast), the same values as one element at a time.
        /// </summary>
        private static void Powers(ReadOnlySpan<double> v, float[] vf, float[]? sq, float[]? cube)
        {
            int size = v.Length, w = Vector<double>.Count, k = 0;
            for (; k <= size - 2 * w; k += 2 * w)
            {
                Vector<double> a = new(v.Slice(k, w)), b = new(v.Slice(k + w, w));
                Vector.Narrow(a, b).CopyTo(vf, k);
                Vector<double> a2 = a * a, b2 = b * b;
                if (sq is not null) Vector.Narrow(a2, b2).CopyTo(sq, k);
                if (cube is not null) Vector.Narrow(a2 * a, b2 * b).CopyTo(cube, k);
            }
            for (; k < size; k++)
            {
                double x = v[k], x2 = x * x;
                vf[k] = (float)x;
                if (sq is not null) sq[k] = (float)x2;
                if (cube is not null) cube[k] = (float)(x2 * x);
            }
        }

        /// <summary>
        /// The load currents of one sample, X_l = s p1 + s^2 p2 + s^3 a3 (<see cref="LoadCurrent"/>) from
        /// the float products s, p1, p2 widened to double: on <see cref="Vector{T}"/> lanes, the same
        /// operations in the same order (no fused multiply-adds), so the same values as one at a time.
        /// </summary>
        private static void SampleLoadCurrents(ReadOnlySpan<float> s, ReadOnlySpan<float> p1, ReadOnlySpan<float> p2, double[] a3, Span<double> x)
        {
            int lc = x.Length, w = Vector<float>.Count, h = Vector<double>.Count, c = 0;
            for (; c <= lc - w; c += w)
            {
                Vector.Widen(new Vector<float>(s.Slice(c, w)), out var sLo, out var sHi);
                Vector.Widen(new Vector<float>(p1.Slice(c, w)), out var p1Lo, out var p1Hi);
                Vector.Widen(new Vector<float>(p2.Slice(c, w)), out var p2Lo, out var p2Hi);
                Vector<double> aLo = new(a3, c), aHi = new(a3, c + h);
                (sLo * p1Lo + sLo * sLo * p2Lo + sLo * sLo * sLo * aLo).CopyTo(x.Slice(c, h));
                (sHi * p1Hi + sHi * sHi * p2Hi + sHi * sHi * sHi * aHi).CopyTo(x.Slice(c + h, h));
            }
            for (; c < lc; c++) x[c] = LoadCurrent(s[c], p1[c], p2[c], a3[c]);
        }

        /// <summary>Y, the load term and read noise from the products, in double, sample by sample and output by output (the per-sample path's draw order).</summary>
        private void Sum(float[] byV, float[]? bySq, int count, Span<double> y, ReadNoiseSource? noise)
        {
            int outs = _outs, lc = _lc, wide = outs + 2 * lc;
            int sqWide = (noise is null ? 0 : _noiseRows) + lc, a1At = noise is null ? 0 : _noiseRows;
            Span<double> x = lc <= 1024 ? stackalloc double[lc] : new double[lc];
            Span<double> sd = noise is null ? default : outs <= 1024 ? stackalloc double[outs] : new double[outs];
            Span<double> deviates = noise is null ? default : outs <= 1024 ? stackalloc double[outs] : new double[outs];
            int[] plus = _load?.Plus ?? [], minus = _load?.Minus ?? [];
            for (int r = 0; r < count; r++)
            {
                var rowV = byV.AsSpan(r * wide, wide);
                var rowSq = bySq is null ? default : bySq.AsSpan(r * sqWide, sqWide);
                if (lc > 0) SampleLoadCurrents(rowV.Slice(outs, lc), rowSq.Slice(a1At, lc), rowV.Slice(outs + lc, lc), _load!.A3, x);
                int drawn = 0, used = 0;
                if (noise is not null)
                {
                    StandardDeviations(rowSq[..outs], sd);
                    // One deviate per output of non-zero variance, drawn together in the same order.
                    for (int o = 0; o < outs; o++) if (rowSq[o] > 0) drawn++;
                    noise.Fill(deviates[..drawn]);
                }
                var yr = y.Slice(r * outs, outs);
                for (int o = 0; o < outs; o++)
                {
                    double yo = rowV[o];
                    if (lc > 0) yo += x[plus[o]] - x[minus[o]];
                    if (noise is not null && rowSq[o] > 0) yo += sd[o] * deviates[used++];
                    yr[o] = yo;
                }
            }
        }

        /// <summary>sqrt of each float variance widened to double, on <see cref="Vector{T}"/> lanes (a correctly rounded square root, as <see cref="Math.Sqrt"/>).</summary>
        private static void StandardDeviations(ReadOnlySpan<float> variance, Span<double> sd)
        {
            int n = variance.Length, w = Vector<float>.Count, h = Vector<double>.Count, k = 0;
            for (; k <= n - w; k += w)
            {
                Vector.Widen(new Vector<float>(variance.Slice(k, w)), out var lo, out var hi);
                Vector.SquareRoot(lo).CopyTo(sd.Slice(k, h));
                Vector.SquareRoot(hi).CopyTo(sd.Slice(k + h, h));
            }
            for (; k < n; k++) sd[k] = Math.Sqrt(variance[k]);
        }
    }
}
