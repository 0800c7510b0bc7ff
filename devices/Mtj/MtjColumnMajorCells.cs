using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Xbar.Devices.Mtj;

/// <summary>
/// The cells of an <see cref="MtjCellArray"/> in column-major order (<see cref="IColumnMajorCells"/>),
/// with the per-cell factors of <see cref="MtjLaw.CurrentAndConductance"/> that do not depend on the
/// bias formed once: x G_P and (1 - x) G_P. Evaluation then performs the same operations in the same
/// order as that law, so it gives the same values bit for bit (also in the AVX lanes, which use no
/// fused multiply-add for that reason). Built once per array
/// (<see cref="MtjCellArray.ColumnMajor"/>) and kept, as the array is immutable.
/// </summary>
internal sealed class MtjColumnMajorCells : IColumnMajorCells
{
    private readonly double[] _parallel;     // x G_P (S)
    private readonly double[] _antiparallel; // (1 - x) G_P (S)
    private readonly double[] _tmr0;
    private readonly double _inverseVh;      // 1 / V_h (1/V)

    /// <summary>From the flat row-major parameters of a rows x cols array.</summary>
    public MtjColumnMajorCells(int rows, int cols, double[] gp, double[] tmr0, double[] x, double vh)
    {
        int size = rows * cols;
        _parallel = GC.AllocateUninitializedArray<double>(size);
        _antiparallel = GC.AllocateUninitializedArray<double>(size);
        _tmr0 = GC.AllocateUninitializedArray<double>(size);
        _inverseVh = 1 / vh;
        for (int i = 0; i < rows; i++)
            for (int j = 0; j < cols; j++)
            {
                int from = i * cols + j, to = j * rows + i;
                _parallel[to] = x[from] * gp[from];
                _antiparallel[to] = (1 - x[from]) * gp[from];
                _tmr0[to] = tmr0[from];
            }
    }

    public unsafe void Evaluate(int k0, int k1, ReadOnlySpan<double> w, ReadOnlySpan<double> b, Span<double> current, Span<double> conductance)
    {
        if (k0 < 0 || k1 > _tmr0.Length || k0 > k1 || w.Length < k1 || b.Length < k1 || current.Length < k1 || conductance.Length < k1)
            throw new ArgumentOutOfRangeException(nameof(k1), $"cells [{k0}, {k1}) outside the array or the buffers");
        double inverseVh = _inverseVh;
        fixed (double* wp = w, bp = b, ip = current, gp = conductance, xg = _parallel, ap = _antiparallel, t = _tmr0)
        {
            int k = k0;
            if (Avx.IsSupported)
            {
                var one = Vector256.Create(1.0);
                var two = Vector256.Create(2.0);
                var inverseVhV = Vector256.Create(inverseVh);
                for (; k + 4 <= k1; k += 4)
                {
                    var v = Avx.Subtract(Avx.LoadVector256(wp + k), Avx.LoadVector256(bp + k));
                    var r = Avx.Multiply(v, inverseVhV);
                    var u = Avx.Multiply(r, r);
                    var tk = Avx.LoadVector256(t + k);
                    var onePlusU = Avx.Add(one, u);
                    var inverseD = Avx.Divide(one, Avx.Add(onePlusU, tk));
                    var apk = Avx.LoadVector256(ap + k);
                    var chord = Avx.Add(Avx.LoadVector256(xg + k), Avx.Multiply(Avx.Multiply(apk, onePlusU), inverseD));
                    Avx.Store(ip + k, Avx.Multiply(v, chord));
                    var slope = Avx.Multiply(Avx.Multiply(Avx.Multiply(Avx.Multiply(Avx.Multiply(apk, tk), two), u), inverseD), inverseD);
                    Avx.Store(gp + k, Avx.Add(chord, slope));
                }
            }
            for (; k < k1; k++)
            {
                // MtjLaw.CurrentAndConductance with x G_P and (1 - x) G_P precomputed (same operations).
                double v = wp[k] - bp[k];
                double r = v * inverseVh;
                double u = r * r;
                double inverseD = 1 / (1 + u + t[k]);
                double chord = xg[k] + ap[k] * (1 + u) * inverseD;
                ip[k] = v * chord;
                gp[k] = chord + ap[k] * t[k] * 2 * u * inverseD * inverseD;
            }
        }
    }
}
