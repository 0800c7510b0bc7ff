using System.Numerics;
using System.Runtime.CompilerServices;

namespace Xbar.Circuits.Nodal;

/// <summary>
/// The linearised crossbar (cell conductances G and cell current offsets) and its exact solve.
/// Unknowns are word-line voltages W and bit-line voltages B, both stored column-major
/// (index j*m + i). The nodal equations are
///   T_W W - G∘B = bW + driver terms,    T_B B - G∘W = bB,
/// where T_W (one tridiagonal per word line: wire conductances, driver, cells) and T_B (one per
/// bit line: wire, termination, cells) are symmetric positive definite. Eliminating W gives the
/// Schur complement S = T_B - G T_W^{-1} G on the bit lines alone, which is SPD and is solved by
/// conjugate gradients preconditioned with the bit-line tridiagonals T_B. For this two-cyclic
/// structure that halves the iterations of block-Jacobi-preconditioned CG on the whole system.
/// When the word lines are stiff against the cells over the array (N sqrt(G r) above 1), a
/// coarse space along the word lines (<see cref="WordLineCoarseSpace"/>) joins the bit-line solves
/// in a two-level preconditioner, which keeps the iteration count nearly flat in N.
/// Word-line solves run across all rows at once (vectorised over i), bit-line solves per column.
/// A zero-resistance line collapses to one node; a zero-resistance driver fixes node (i, 0).
/// </summary>
internal sealed class CrossbarLinearSystem
{
    private readonly int _m, _n, _size;
    private readonly double _gW, _gD, _gB, _gT;
    private readonly bool _rowCollapsed, _colCollapsed, _driverIdeal;
    private readonly ChunkedLoop _loop;

    public readonly double[] G;      // cell conductances (S)
    public readonly double[] BW;     // current injected into word-line nodes (A)
    public readonly double[] BB;     // current injected into bit-line nodes (A)
    private readonly double[] _eRow, _eCol, _rowSum, _colSum;
    private readonly double[] _r, _z, _p, _q, _t, _f;
    private readonly double[] _partials = new double[8];
    private readonly double[] _work;
    private WordLineCoarseSpace? _coarse;
    private bool _coarseChecked;
    private readonly bool _twoLevel;

    public CrossbarLinearSystem(int m, int n, double rWord, double rBit, double rDriver, double gTermination,
        bool parallel, bool twoLevel = true)
    {
        _twoLevel = twoLevel;
        _m = m; _n = n; _size = m * n;
        _rowCollapsed = rWord == 0;
        _colCollapsed = rBit == 0;
        _gW = _rowCollapsed ? 0 : 1.0 / rWord;
        _driverIdeal = rDriver == 0;
        _gD = _driverIdeal ? double.PositiveInfinity : 1.0 / rDriver;
        _gB = _colCollapsed ? 0 : 1.0 / rBit;
        _gT = gTermination;
        BitLinesGrounded = _colCollapsed && double.IsPositiveInfinity(gTermination);
        _loop = new ChunkedLoop(parallel);
        G = new double[_size]; BW = new double[_size]; BB = new double[_size];
        _eRow = new double[_size]; _eCol = new double[_size];
        _rowSum = new double[m]; _colSum = new double[n];
        _r = new double[_size]; _z = new double[_size]; _p = new double[_size];
        _q = new double[_size]; _t = new double[_size]; _f = new double[_size];
        _work = new double[_size];
        _bitLineSolve = (r, z) => SumChunks(_n, (j0, j1) => SolveBitLines(r, z, j0, j1));
    }

    private readonly Action<double[], double[]> _bitLineSolve;

    /// <summary>Hat functions in the coarse space (0: none, the bit-line preconditioner alone).</summary>
    public int CoarseSize => _coarse?.Size ?? 0;

    /// <summary>True when every bit-line node is held at 0 V (no bit-line resistance, virtual ground).</summary>
    public bool BitLinesGrounded { get; }

    /// <summary>Factors every line's tridiagonal (and the coarse operator) for the current <see cref="G"/>.</summary>
    public void Factor()
    {
        int m = _m;
        // Row sums for collapsed lines; the word-line factors run vectorised over rows.
        Array.Clear(_rowSum);
        for (int j = 0; j < _n; j++)
            VectorOps.AddScaled(G.AsSpan(j * m, m), 1.0, _rowSum);
        if (!_rowCollapsed) _loop.Run(m, _size, (_, i0, i1) => FactorWordLines(i0, i1));
        _loop.Run(_n, _size, (_, j0, j1) => FactorBitLines(j0, j1));
        if (!_coarseChecked)
        {
            // The coarse space's size follows the mean cell conductance of the first factorisation
            // (Newton steps change it by a few per cent at most).
            _coarse = !_twoLevel || _rowCollapsed || _colCollapsed || BitLinesGrounded ? null
                : WordLineCoarseSpace.Create(m, _n, VectorOps.Sum(G) / _size, _gW, _gD, _gB, _gT);
            _coarseChecked = true;
        }
        _coarse?.Factor(G);
    }

    /// <summary>Thomas pivots (inverted) of word lines [i0, i1), swept along j for all those rows at once.</summary>
    [MethodImpl(HotPath.Options)]
    private void FactorWordLines(int i0, int i1)
    {
        int m = _m, n = _n;
        double gW = _gW, gW2 = gW * gW;
        for (int j = 0; j < n; j++)
        {
            double wires = gW * ((j > 0 ? 1 : 0) + (j < n - 1 ? 1 : 0));
            int k0 = j * m;
            for (int i = i0; i < i1; i++)
            {
                int k = k0 + i;
                if (j == 0)
                    _eRow[k] = _driverIdeal ? 0.0 : 1.0 / (G[k] + wires + _gD);
                else
                    _eRow[k] = 1.0 / (G[k] + wires - gW2 * _eRow[k - m]);
            }
        }
    }

    /// <summary>Column sums and Thomas pivots (inverted) of bit lines [j0, j1).</summary>
    [MethodImpl(HotPath.Options)]
    private void FactorBitLines(int j0, int j1)
    {
        int m = _m;
        for (int j = j0; j < j1; j++)
        {
            int k0 = j * m;
            _colSum[j] = VectorOps.Sum(G.AsSpan(k0, m));
            if (_colCollapsed) continue;
            double gB = _gB, gB2 = gB * gB, prev = 0;
            for (int i = 0; i < m; i++)
            {
                double d = G[k0 + i] + gB * ((i > 0 ? 1 : 0) + (i < m - 1 ? 1 : 0)) + (i == m - 1 ? _gT : 0);
                prev = 1.0 / (d - gB2 * prev);
                _eCol[k0 + i] = prev;
            }
        }
    }

    /// <summary>z = M^{-1} r with the (two-level) preconditioner; returns r·z.</summary>
    private double Precondition(double[] r, double[] z) =>
        _coarse is null ? SumChunks(_n, (j0, j1) => SolveBitLines(r, z, j0, j1)) : _coarse.Apply(r, z, _work, _bitLineSolve);

    /// <summary>
    /// W = T_W^{-1} (bW + G∘B + driver terms) with driver voltages <paramref name="va"/>
    /// (null: homogeneous, no bW, zero drivers).
    /// </summary>
    public void SolveWordLines(double[]? bitLine, double[]? bw, double[]? va, double[] w)
    {
        int m = _m, n = _n;
        if (_rowCollapsed)
        {
            _loop.Run(m, _size, (_, i0, i1) =>
            {
                for (int i = i0; i < i1; i++)
                {
                    double v = va?[i] ?? 0.0, x;
                    if (_driverIdeal) x = v;
                    else
                    {
                        double s = _gD * v;
                        for (int j = 0; j < n; j++)
                        {
                            int k = j * m + i;
                            s += (bw?[k] ?? 0.0) + (bitLine is null ? 0.0 : G[k] * bitLine[k]);
                        }
                        x = s / (_gD + _rowSum[i]);
                    }
                    for (int j = 0; j < n; j++) w[j * m + i] = x;
                }
            });
            return;
        }
        _loop.Run(m, _size, (_, i0, i1) => SolveWordLineRows(bitLine, bw, va, w, i0, i1));
    }

    /// <summary>The resistive word-line solve of <see cref="SolveWordLines"/> for rows [i0, i1).</summary>
    [MethodImpl(HotPath.Options)]
    private void SolveWordLineRows(double[]? bitLine, double[]? bw, double[]? va, double[] w, int i0, int i1)
    {
        int m = _m, n = _n;
        double gW = _gW;
        // Forward sweep along j, all rows of the chunk side by side.
        for (int j = 0; j < n; j++)
        {
            int k0 = j * m;
            for (int i = i0; i < i1; i++)
            {
                int k = k0 + i;
                double rhs = (bw is null ? 0.0 : bw[k]) + (bitLine is null ? 0.0 : G[k] * bitLine[k]);
                if (j == 0)
                {
                    double v = va is null ? 0.0 : va[i];
                    w[k] = _driverIdeal ? v : (rhs + _gD * v) * _eRow[k];
                }
                else w[k] = (rhs + gW * w[k - m]) * _eRow[k];
            }
        }
        for (int j = n - 2; j >= 0; j--)
        {
            int k0 = j * m;
            for (int i = i0; i < i1; i++)
            {
                int k = k0 + i;
                w[k] += gW * _eRow[k] * w[k + m];
            }
        }
    }

    /// <summary>
    /// The CG hot path: first p = z + beta p (the search-direction update, fused to save a pass
    /// over memory), then the homogeneous word-line solve u = T_W^{-1}(G∘p), vectorised over rows.
    /// </summary>
    private void UpdateAndSolveWordLines(double[] z, double beta, double[] p, double[] u)
    {
        int m = _m, n = _n;
        if (_rowCollapsed || !Vector.IsHardwareAccelerated)
        {
            _loop.Run(n, _size, (_, j0, j1) =>
            {
                for (int k = j0 * m; k < j1 * m; k++) p[k] = z[k] + beta * p[k];
            });
            SolveWordLines(p, null, null, u);
            return;
        }
        _loop.Run(m, _size, (_, i0, i1) => UpdateAndSolveWordLineRows(z, beta, p, u, i0, i1));
    }

    /// <summary>The vectorised body of <see cref="UpdateAndSolveWordLines"/> for rows [i0, i1).</summary>
    [MethodImpl(HotPath.Options)]
    private void UpdateAndSolveWordLineRows(double[] z, double beta, double[] p, double[] u, int i0, int i1)
    {
        int m = _m, n = _n;
        double gW = _gW;
        int width = Vector<double>.Count;
        var gWv = new Vector<double>(gW);
        var bv = new Vector<double>(beta);
        for (int j = 0; j < n; j++)
        {
            int k0 = j * m;
            var gs = G.AsSpan(k0, m); var ps = p.AsSpan(k0, m); var zs = z.AsSpan(k0, m);
            var es = _eRow.AsSpan(k0, m); var us = u.AsSpan(k0, m);
            var prev = j == 0 ? us : u.AsSpan(k0 - m, m);
            var gPrev = j == 0 ? Vector<double>.Zero : gWv;
            double gPrevS = j == 0 ? 0.0 : gW;
            int i = i0;
            for (; i + width <= i1; i += width)
            {
                var pv = new Vector<double>(zs[i..]) + bv * new Vector<double>(ps[i..]);
                pv.CopyTo(ps[i..]);
                var up = j == 0 ? Vector<double>.Zero : new Vector<double>(prev[i..]);
                ((new Vector<double>(gs[i..]) * pv + gPrev * up) * new Vector<double>(es[i..])).CopyTo(us[i..]);
            }
            for (; i < i1; i++)
            {
                double pk = zs[i] + beta * ps[i];
                ps[i] = pk;
                double up = j == 0 ? 0.0 : prev[i];
                us[i] = (gs[i] * pk + gPrevS * up) * es[i];
            }
        }
        for (int j = n - 2; j >= 0; j--)
        {
            int k0 = j * m;
            var es = _eRow.AsSpan(k0, m); var us = u.AsSpan(k0, m); var next = u.AsSpan(k0 + m, m);
            int i = i0;
            for (; i + width <= i1; i += width)
                (new Vector<double>(us[i..]) + gWv * new Vector<double>(es[i..]) * new Vector<double>(next[i..])).CopyTo(us[i..]);
            for (; i < i1; i++) us[i] += gW * es[i] * next[i];
        }
    }

    /// <summary>Homogeneous word-line solve u = T_W^{-1}(G∘p).</summary>
    private void SolveWordLinesHomogeneous(double[] p, double[] u) => SolveWordLines(p, null, null, u);

    /// <summary>z = T_B^{-1} r on columns [j0, j1); returns r·z over those columns.</summary>
    [MethodImpl(HotPath.Options)]
    private double SolveBitLines(double[] r, double[] z, int j0, int j1)
    {
        int m = _m;
        double dot = 0;
        for (int j = j0; j < j1; j++)
        {
            int k0 = j * m;
            if (_colCollapsed)
            {
                double s = 0;
                for (int i = 0; i < m; i++) s += r[k0 + i];
                double x = s / (_gT + _colSum[j]);
                for (int i = 0; i < m; i++) z[k0 + i] = x;
                dot += s * x;
                continue;
            }
            if (j + 4 <= j1)
            {
                // Four columns interleaved: four independent recurrences keep the pipeline full
                // (a single Thomas sweep is latency-bound).
                dot += SolveFourBitLines(r, z, j);
                j += 3;
                continue;
            }
            double gB = _gB, y = 0;
            for (int i = 0; i < m; i++)
            {
                y = (r[k0 + i] + gB * y) * _eCol[k0 + i];
                z[k0 + i] = y;
            }
            double x1 = z[k0 + m - 1];
            dot += r[k0 + m - 1] * x1;
            for (int i = m - 2; i >= 0; i--)
            {
                x1 = z[k0 + i] + gB * _eCol[k0 + i] * x1;
                z[k0 + i] = x1;
                dot += r[k0 + i] * x1;
            }
        }
        return dot;
    }

    /// <summary>z = T_B^{-1} r on columns j..j+3 (resistive bit lines); returns r·z over them.</summary>
    [MethodImpl(HotPath.Options)]
    private double SolveFourBitLines(double[] r, double[] z, int j)
    {
        int m = _m;
        double gB = _gB;
        var r0 = r.AsSpan(j * m, m); var r1 = r.AsSpan((j + 1) * m, m); var r2 = r.AsSpan((j + 2) * m, m); var r3 = r.AsSpan((j + 3) * m, m);
        var z0 = z.AsSpan(j * m, m); var z1 = z.AsSpan((j + 1) * m, m); var z2 = z.AsSpan((j + 2) * m, m); var z3 = z.AsSpan((j + 3) * m, m);
        var e0 = _eCol.AsSpan(j * m, m); var e1 = _eCol.AsSpan((j + 1) * m, m); var e2 = _eCol.AsSpan((j + 2) * m, m); var e3 = _eCol.AsSpan((j + 3) * m, m);
        double y0 = 0, y1 = 0, y2 = 0, y3 = 0;
        for (int i = 0; i < m; i++)
        {
            y0 = (r0[i] + gB * y0) * e0[i]; z0[i] = y0;
            y1 = (r1[i] + gB * y1) * e1[i]; z1[i] = y1;
            y2 = (r2[i] + gB * y2) * e2[i]; z2[i] = y2;
            y3 = (r3[i] + gB * y3) * e3[i]; z3[i] = y3;
        }
        double d0 = r0[m - 1] * y0, d1 = r1[m - 1] * y1, d2 = r2[m - 1] * y2, d3 = r3[m - 1] * y3;
        for (int i = m - 2; i >= 0; i--)
        {
            y0 = z0[i] + gB * e0[i] * y0; z0[i] = y0; d0 += r0[i] * y0;
            y1 = z1[i] + gB * e1[i] * y1; z1[i] = y1; d1 += r1[i] * y1;
            y2 = z2[i] + gB * e2[i] * y2; z2[i] = y2; d2 += r2[i] * y2;
            y3 = z3[i] + gB * e3[i] * y3; z3[i] = y3; d3 += r3[i] * y3;
        }
        return ((d0 + d1) + d2) + d3;
    }

    /// <summary>q = T_B p - G∘u on columns [j0, j1); returns p·q over those columns.</summary>
    [MethodImpl(HotPath.Options)]
    private double ApplySchur(double[] p, double[] u, double[] q, int j0, int j1)
    {
        int m = _m;
        double gB = _gB, gT = _gT, dot = 0;
        for (int j = j0; j < j1; j++)
        {
            int k0 = j * m;
            if (_colCollapsed || m == 1)
            {
                double anchor = _colCollapsed ? gT / m : gT;
                for (int k = k0; k < k0 + m; k++)
                {
                    double v = (anchor + G[k]) * p[k] - G[k] * u[k];
                    q[k] = v;
                    dot += p[k] * v;
                }
                continue;
            }
            // Top node (open end), interior nodes, bottom node (anchored to the termination).
            double v0 = G[k0] * (p[k0] - u[k0]) + gB * (p[k0] - p[k0 + 1]);
            q[k0] = v0;
            dot += p[k0] * v0;
            int kEnd = k0 + m - 1;
            for (int k = k0 + 1; k < kEnd; k++)
            {
                double pk = p[k];
                double v = G[k] * (pk - u[k]) + gB * (2 * pk - p[k - 1] - p[k + 1]);
                q[k] = v;
                dot += pk * v;
            }
            double vl = (G[kEnd] + gT) * p[kEnd] - G[kEnd] * u[kEnd] + gB * (p[kEnd] - p[kEnd - 1]);
            q[kEnd] = vl;
            dot += p[kEnd] * vl;
        }
        return dot;
    }

    /// <summary>
    /// Solves the linearised system for driver voltages <paramref name="va"/>: on entry
    /// <paramref name="b"/> holds the warm start of the bit-line voltages (or zeros); on exit W and B.
    /// Returns the number of CG iterations.
    /// </summary>
    [MethodImpl(HotPath.Options)]
    public int Solve(double[] va, double[] w, double[] b, double tolerance, int maxIterations)
    {
        if (BitLinesGrounded)
        {
            Array.Clear(b);
            SolveWordLines(b, BW, va, w);
            return 0;
        }
        int m = _m, n = _n;
        // f = bB + G∘W0 with W0 the word lines for B = 0.
        SolveWordLines(null, BW, va, _t);
        for (int k = 0; k < _size; k++) _f[k] = BB[k] + G[k] * _t[k];
        // Reference norm f·M^{-1}f.
        double fMf = Precondition(_f, _z);
        if (!(fMf > 0))
        {
            Array.Clear(b);
            SolveWordLines(b, BW, va, w);
            return 0;
        }
        // r = f - S b (skipped when the warm start is zero).
        bool zeroStart = Array.TrueForAll(b, x => x == 0);
        if (zeroStart) Array.Copy(_f, _r, _size);
        else
        {
            SolveWordLinesHomogeneous(b, _t);
            SumChunks(n, (j0, j1) => ApplySchur(b, _t, _q, j0, j1));
            for (int k = 0; k < _size; k++) _r[k] = _f[k] - _q[k];
        }
        double rz = Precondition(_r, _z);
        double beta = 0; // the first search direction is z itself
        Array.Clear(_p);
        double tol2 = tolerance * tolerance * fMf;
        int it = 0;
        while (rz > tol2 && it < maxIterations)
        {
            it++;
            UpdateAndSolveWordLines(_z, beta, _p, _t);
            double pq = SumChunks(n, (j0, j1) => ApplySchur(_p, _t, _q, j0, j1));
            double alpha = rz / pq;
            double rzNew;
            if (_coarse is null)
                rzNew = SumChunks(n, (j0, j1) =>
                {
                    Update(b, alpha, j0 * m, j1 * m);
                    return SolveBitLines(_r, _z, j0, j1);
                });
            else
            {
                _loop.Run(n, _size, (_, j0, j1) => Update(b, alpha, j0 * m, j1 * m));
                rzNew = Precondition(_r, _z);
            }
            beta = rzNew / rz;
            rz = rzNew;
        }
        if (rz > tol2)
            throw new NodalSolverException(
                $"nodal solver: conjugate gradients did not reach relative residual {tolerance:g3} in {maxIterations} iterations (reached {Math.Sqrt(rz / fMf):g3})");
        SolveWordLines(b, BW, va, w);
        return it;
    }

    /// <summary>b += alpha p, r -= alpha q on [k0, k1).</summary>
    [MethodImpl(HotPath.Options)]
    private void Update(double[] b, double alpha, int k0, int k1)
    {
        VectorOps.AddScaled(_p.AsSpan(k0, k1 - k0), alpha, b.AsSpan(k0, k1 - k0));
        VectorOps.AddScaled(_q.AsSpan(k0, k1 - k0), -alpha, _r.AsSpan(k0, k1 - k0));
    }

    private double SumChunks(int count, Func<int, int, double> body)
    {
        int chunks = ChunkedLoop.ChunkCount(count, _size);
        var partials = _partials;
        _loop.Run(count, _size, (c, a, e) => partials[c] = body(a, e));
        double s = 0;
        for (int c = 0; c < chunks; c++) s += partials[c];
        return s;
    }
}
