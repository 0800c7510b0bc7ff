using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Xbar.Circuits.Nodal;

/// <summary>
/// The check every nodal solution carries: the Kirchhoff current-law residual at every node,
/// max over nodes of |sum of currents into the node| divided by the max over nodes of the sum of
/// |branch currents|, together with the column currents (the sum of each bit line's cell
/// currents). Cell currents are G (W - B) for ohmic cells or the given array (Newton's last
/// evaluation). Zero-resistance lines count as one node; nodes held by an ideal source are skipped.
/// With resistive lines it is one vectorised pass over the columns (word-line and bit-line nodes
/// of a column together), since at 1024 x 1024 a scalar pass per line kind cost as much as two CG
/// iterations.
/// </summary>
internal readonly struct KirchhoffCheck
{
    private readonly int _m, _n;
    private readonly double _gW, _gD, _gB, _gT;
    private readonly bool _simd;

    /// <summary>Line conductances in S; +infinity for a zero-resistance line or ideal driver/termination.</summary>
    public KirchhoffCheck(int m, int n, double gW, double gD, double gB, double gT, bool scalarKernels = false)
    {
        _m = m; _n = n; _gW = gW; _gD = gD; _gB = gB; _gT = gT;
        _simd = CrossbarLinearSystem.SimdAvailable && !scalarKernels;
    }

    /// <summary>
    /// The relative KCL residual of node voltages <paramref name="w"/>, <paramref name="b"/> ([j*m + i])
    /// for drivers <paramref name="va"/>; fills <paramref name="columns"/> with the column currents (A).
    /// Cell currents from <paramref name="current"/>, or G (W - B) with <paramref name="g"/> when it is null.
    /// </summary>
    public double Residual(double[] va, double[] w, double[] b, double[] g, double[]? current, double[] columns)
    {
        bool resistive = double.IsFinite(_gW) && double.IsFinite(_gB) && _m >= 2 && _n >= 2;
        return resistive && _simd
            ? ResidualResistive(va, w, b, g, current, columns)
            : ResidualGeneral(va, w, b, g, current, columns);
    }

    [MethodImpl(HotPath.Options)]
    private unsafe double ResidualResistive(double[] vaArray, double[] wArray, double[] bArray, double[] gArray, double[]? currentArray, double[] columns)
    {
        int m = _m, n = _n;
        bool ideal = double.IsPositiveInfinity(_gD);
        var absMask = Vector256.Create(0x7FFF_FFFF_FFFF_FFFFL).AsDouble();
        var gWv = Vector256.Create(_gW);
        var gBv = Vector256.Create(_gB);
        var maxRes = Vector256<double>.Zero;
        var maxScale = Vector256<double>.Zero;
        double mRes = 0, mScale = 0;
        fixed (double* va = vaArray, w = wArray, b = bArray, g = gArray, cur = currentArray)
        {
            for (int j = 0; j < n; j++)
            {
                long k0 = (long)j * m;
                double* wj = w + k0, bj = b + k0, gj = g + k0, cj = cur == null ? null : cur + k0;
                bool skipWord = j == 0 && ideal;
                var colSum = Vector256<double>.Zero;
                double colTail = 0;
                // Interior rows 1..m-2 vectorised (bit-line neighbours above and below exist); the
                // end rows and the tail through Node.
                int i = 1;
                for (; i + 4 <= m - 1; i += 4)
                {
                    var wv = Avx.LoadVector256(wj + i);
                    var bv = Avx.LoadVector256(bj + i);
                    var cell = cj == null ? Avx.Multiply(Avx.LoadVector256(gj + i), Avx.Subtract(wv, bv)) : Avx.LoadVector256(cj + i);
                    colSum = Avx.Add(colSum, cell);
                    if (!skipWord)
                    {
                        var left = j == 0 ? Avx.Multiply(Vector256.Create(_gD), Avx.Subtract(Avx.LoadVector256(va + i), wv))
                            : Avx.Multiply(gWv, Avx.Subtract(Avx.LoadVector256(wj - m + i), wv));
                        var right = j < n - 1 ? Avx.Multiply(gWv, Avx.Subtract(Avx.LoadVector256(wj + m + i), wv)) : Vector256<double>.Zero;
                        var res = Avx.Subtract(Avx.Add(left, right), cell);
                        var scale = Avx.Add(Avx.Add(Avx.And(left, absMask), Avx.And(right, absMask)), Avx.And(cell, absMask));
                        maxRes = Avx.Max(maxRes, Avx.And(res, absMask));
                        maxScale = Avx.Max(maxScale, scale);
                    }
                    var up = Avx.Multiply(gBv, Avx.Subtract(Avx.LoadVector256(bj + i - 1), bv));
                    var down = Avx.Multiply(gBv, Avx.Subtract(Avx.LoadVector256(bj + i + 1), bv));
                    var resB = Avx.Add(Avx.Add(up, down), cell);
                    var scaleB = Avx.Add(Avx.Add(Avx.And(up, absMask), Avx.And(down, absMask)), Avx.And(cell, absMask));
                    maxRes = Avx.Max(maxRes, Avx.And(resB, absMask));
                    maxScale = Avx.Max(maxScale, scaleB);
                }
                colTail += Node(va, w, b, g, cur, 0, j, ref mRes, ref mScale);
                for (; i < m; i++) colTail += Node(va, w, b, g, cur, i, j, ref mRes, ref mScale);
                columns[j] = HorizontalSum(colSum) + colTail;
            }
        }
        mRes = Math.Max(mRes, HorizontalMax(maxRes));
        mScale = Math.Max(mScale, HorizontalMax(maxScale));
        return mScale > 0 ? mRes / mScale : 0.0;
    }

    /// <summary>Both nodes of cell (i, j) with resistive lines; returns the cell current.</summary>
    private unsafe double Node(double* va, double* w, double* b, double* g, double* cur, int i, int j, ref double maxRes, ref double maxScale)
    {
        int m = _m, n = _n;
        long k = (long)j * m + i;
        double cell = cur == null ? g[k] * (w[k] - b[k]) : cur[k];
        if (!(j == 0 && double.IsPositiveInfinity(_gD)))
        {
            double left = j == 0 ? _gD * (va[i] - w[k]) : _gW * (w[k - m] - w[k]);
            double right = j < n - 1 ? _gW * (w[k + m] - w[k]) : 0.0;
            maxRes = Math.Max(maxRes, Math.Abs(left + right - cell));
            maxScale = Math.Max(maxScale, Math.Abs(left) + Math.Abs(right) + Math.Abs(cell));
        }
        double up = i > 0 ? _gB * (b[k - 1] - b[k]) : 0.0;
        double down = i < m - 1 ? _gB * (b[k + 1] - b[k]) : -_gT * b[k];
        maxRes = Math.Max(maxRes, Math.Abs(up + down + cell));
        maxScale = Math.Max(maxScale, Math.Abs(up) + Math.Abs(down) + Math.Abs(cell));
        return cell;
    }

    /// <summary>Any line kinds, scalar (zero-resistance lines collapse to one node).</summary>
    private double ResidualGeneral(double[] va, double[] w, double[] b, double[] g, double[]? current, double[] columns)
    {
        int m = _m, n = _n;
        double maxRes = 0, maxScale = 0;
        double Cell(int k) => current?[k] ?? g[k] * (w[k] - b[k]);
        void Node(double res, double scale)
        {
            maxRes = Math.Max(maxRes, Math.Abs(res));
            maxScale = Math.Max(maxScale, scale);
        }
        for (int j = 0; j < n; j++)
        {
            double s = 0;
            for (int i = 0; i < m; i++) s += Cell(j * m + i);
            columns[j] = s;
        }
        // Word lines (swept column by column so memory is read in order).
        if (double.IsPositiveInfinity(_gW))
        {
            if (!double.IsPositiveInfinity(_gD))
            {
                var sum = new double[m];
                var abs = new double[m];
                for (int j = 0; j < n; j++)
                    for (int i = 0; i < m; i++)
                    {
                        double c = Cell(j * m + i);
                        sum[i] -= c;
                        abs[i] += Math.Abs(c);
                    }
                for (int i = 0; i < m; i++)
                {
                    double drive = _gD * (va[i] - w[i]);
                    Node(sum[i] + drive, abs[i] + Math.Abs(drive));
                }
            }
        }
        else
            for (int j = 0; j < n; j++)
            {
                if (j == 0 && double.IsPositiveInfinity(_gD)) continue;
                for (int i = 0; i < m; i++)
                {
                    int k = j * m + i;
                    double left = j == 0 ? _gD * (va[i] - w[k]) : _gW * (w[k - m] - w[k]);
                    double right = j < n - 1 ? _gW * (w[k + m] - w[k]) : 0.0;
                    double cell = Cell(k);
                    Node(left + right - cell, Math.Abs(left) + Math.Abs(right) + Math.Abs(cell));
                }
            }
        // Bit lines.
        for (int j = 0; j < n; j++)
        {
            int k0 = j * m;
            if (double.IsPositiveInfinity(_gB))
            {
                if (double.IsPositiveInfinity(_gT)) continue;
                double sink = -_gT * b[k0];
                double s = sink, a = Math.Abs(sink);
                for (int i = 0; i < m; i++) { s += Cell(k0 + i); a += Math.Abs(Cell(k0 + i)); }
                Node(s, a);
                continue;
            }
            for (int i = 0; i < m; i++)
            {
                int k = k0 + i;
                double up = i > 0 ? _gB * (b[k - 1] - b[k]) : 0.0;
                double down = i < m - 1 ? _gB * (b[k + 1] - b[k]) : -_gT * b[k];
                double cell = Cell(k);
                Node(up + down + cell, Math.Abs(up) + Math.Abs(down) + Math.Abs(cell));
            }
        }
        return maxScale > 0 ? maxRes / maxScale : 0.0;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static double HorizontalSum(Vector256<double> v) => (v.GetElement(0) + v.GetElement(1)) + (v.GetElement(2) + v.GetElement(3));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static double HorizontalMax(Vector256<double> v) => Math.Max(Math.Max(v.GetElement(0), v.GetElement(1)), Math.Max(v.GetElement(2), v.GetElement(3)));
}
