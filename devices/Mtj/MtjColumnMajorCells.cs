namespace Xbar.Devices.Mtj;

/// <summary>
/// The cells of an <see cref="MtjCellArray"/> in column-major order (<see cref="IColumnMajorCells"/>),
/// with the per-cell factors of <see cref="MtjLaw.CurrentAndConductance"/> that do not depend on the
/// bias formed once: x G_P and (1 - x) G_P. Evaluation then performs the same operations in the same
/// order as that law, so it gives the same values bit for bit. Built once per array
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

    public void Evaluate(int k0, int k1, ReadOnlySpan<double> w, ReadOnlySpan<double> b, Span<double> current, Span<double> conductance)
    {
        int count = k1 - k0;
        var wk = w.Slice(k0, count);
        var bk = b.Slice(k0, count);
        var ik = current.Slice(k0, count);
        var gk = conductance.Slice(k0, count);
        var xg = _parallel.AsSpan(k0, count);
        var ap = _antiparallel.AsSpan(k0, count);
        var t = _tmr0.AsSpan(k0, count);
        double inverseVh = _inverseVh;
        for (int c = 0; c < count; c++)
        {
            // MtjLaw.CurrentAndConductance with x G_P and (1 - x) G_P precomputed (same operations).
            double v = wk[c] - bk[c];
            double r = v * inverseVh;
            double u = r * r;
            double inverseD = 1 / (1 + u + t[c]);
            double chord = xg[c] + ap[c] * (1 + u) * inverseD;
            ik[c] = v * chord;
            gk[c] = chord + ap[c] * t[c] * 2 * u * inverseD * inverseD;
        }
    }
}
