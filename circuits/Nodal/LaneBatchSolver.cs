using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Xbar.Circuits.Crossbars;

namespace Xbar.Circuits.Nodal;

/// <summary>
/// Many single-row solves of one crossbar of linear cells at once, one right-hand side per SIMD
/// lane (<see cref="Vector{T}.Count"/> of them, 4 with AVX2): each lane is row k alone at 1 V
/// (or every row at 1 V), on the programmed array or on the array with row k's cells replaced.
/// The method is the nodal solver's: the word lines are eliminated exactly (a tridiagonal solve
/// per row) and conjugate gradients run on the bit-line voltages, preconditioned by the bit-line
/// tridiagonals (<see cref="NodalPreconditioner.BitLines"/>, Saad, "Iterative Methods for Sparse
/// Linear Systems", 2nd ed. 2003, ch. 9), to the same relative tolerance; only the arithmetic is
/// laid out differently. Every cell holds one vector of lane values, so each line solve and each
/// update is one SIMD operation for all lanes, the coefficients are shared (a replaced row differs
/// in its own lanes only), and one sweep serves a whole batch, where separate solves cost a solver
/// set-up and scalar recurrences each.
/// </summary>
/// <remarks>
/// A replaced row enters the operator exactly; the preconditioner stays the programmed array's
/// (the replacement changes one row's cells by a few per cent of their conductance, which costs
/// no extra iteration). Lanes iterate until every lane of the batch meets the tolerance.
/// </remarks>
internal sealed class LaneBatchSolver
{
    public static int Lanes => Vector<double>.Count;

    private readonly int _m, _n, _f0, _nf;
    private readonly double _gW, _gB, _gT, _drive, _tolerance;
    private readonly int _maxIterations;
    private readonly bool _ideal;
    private readonly double[] _g;            // cell conductances as seen (S), [i * n + j]
    private readonly double[] _wc, _wi;      // word-line Thomas: gW / piv_{a-1} and 1 / piv_a per cell
    private readonly double[] _w0;           // word line per volt on its source with the bit lines at 0 V
    private readonly double[] _d;            // bit-line diagonal (cell + segments + termination)
    private readonly double[] _bc, _bi;      // bit-line Thomas of the preconditioner

    public LaneBatchSolver(CrossbarSpec spec, double[] g, NodalSolverOptions options)
    {
        _m = spec.Rows; _n = spec.Cols;
        var (gW, gB, gT, gD, ideal) = BlockTransferMatrix.Conductances(spec);
        _gW = gW; _gB = gB; _gT = gT; _ideal = ideal;
        _f0 = ideal ? 1 : 0;
        _nf = _n - _f0;
        _drive = ideal ? gW : gD;
        _tolerance = options.LinearTolerance;
        _maxIterations = options.MaxLinearIterations;
        _g = g;
        int size = _m * _n;
        _wc = new double[size]; _wi = new double[size]; _w0 = new double[size];
        for (int i = 0; i < _m; i++)
            WordLine(g.AsSpan(i * _n, _n), _wc.AsSpan(i * _n, _n), _wi.AsSpan(i * _n, _n), _w0.AsSpan(i * _n, _n));
        _d = new double[size]; _bc = new double[size]; _bi = new double[size];
        for (int i = 0; i < _m; i++)
            for (int j = 0; j < _n; j++)
            {
                int q = i * _n + j;
                _d[q] = g[q] + BlockTransferMatrix.WireDiagonal(i, _m, gB, gT);
                double piv = i == 0 ? _d[q] : _d[q] - gB * gB * _bi[q - _n];
                _bi[q] = 1.0 / piv;
                _bc[q] = i == 0 ? 0 : gB * _bi[q - _n];
            }
    }

    public int Rows => _m;
    public int Cols => _n;

    /// <summary>The programmed conductances (S, as seen), [i * n + j].</summary>
    public ReadOnlySpan<double> Conductances => _g;

    /// <summary>Word-line factors of one row for conductances g: c_a = gW/piv_{a-1}, 1/piv_a, and the response w0 to 1 V on the source.</summary>
    private void WordLine(ReadOnlySpan<double> g, Span<double> c, Span<double> inv, Span<double> w0)
    {
        int n = _n, f0 = _f0;
        double piv = 0;
        for (int a = 0; a < _nf; a++)
        {
            int j = a + f0;
            double d = g[j] + _gW * ((j > 0 ? 1 : 0) + (j < n - 1 ? 1 : 0)) + (j == 0 && !_ideal ? _drive : 0);
            c[j] = a == 0 ? 0 : _gW / piv;
            piv = a == 0 ? d : d - _gW * c[j];
            inv[j] = 1.0 / piv;
        }
        // w0: T_W w0 = drive e_0.
        double y = 0;
        for (int a = 0; a < _nf; a++) { int j = a + f0; y = (a == 0 ? _drive : 0) + c[j] * y; w0[j] = y; }
        double w = 0;
        for (int a = _nf - 1; a >= 0; a--) { int j = a + f0; w = (w0[j] + _gW * w) * inv[j]; w0[j] = w; }
        if (_ideal) { c[0] = 0; inv[0] = 0; w0[0] = 1; }
    }

    /// <summary>One lane's job: <see cref="Row"/> alone at 1 V (every row when negative), with that row's conductances replaced by <see cref="Replaced"/> (as seen) unless null.</summary>
    public readonly record struct Job(int Row, double[]? Replaced);

    /// <summary>The lanes' state: solution X and the conjugate-gradient vectors, one vector of lanes per cell.</summary>
    public sealed class Workspace
    {
        internal readonly Vector<double>[] X, R, Z, P, Q, Line, Line2;
        internal SpecialRow?[] SpecialOf;
        internal Job[] Jobs = [];

        /// <summary>The jobs of the last batch, one per lane.</summary>
        public Job[] BatchJobs => Jobs;
        internal readonly List<SpecialRow> Special = [];

        public Workspace(int m, int n)
        {
            int size = m * n;
            X = new Vector<double>[size]; R = new Vector<double>[size]; Z = new Vector<double>[size];
            P = new Vector<double>[size]; Q = new Vector<double>[size]; Line = new Vector<double>[n]; Line2 = new Vector<double>[n];
            SpecialOf = new SpecialRow?[m];
        }

        /// <summary>Iterations of the last batch.</summary>
        public int Iterations { get; internal set; }
    }

    /// <summary>Per-lane coefficients of a row some lane replaces.</summary>
    internal sealed class SpecialRow(int row, int n)
    {
        public readonly int Row = row;
        public readonly Vector<double>[] G = new Vector<double>[n], C = new Vector<double>[n], Inv = new Vector<double>[n], D = new Vector<double>[n], W0 = new Vector<double>[n];
    }

    /// <summary>Solves up to <see cref="Lanes"/> jobs in <paramref name="ws"/> (lanes beyond the jobs stay zero).</summary>
    [MethodImpl(HotPath.Options)]
    public void Solve(Workspace ws, Job[] jobs)
    {
        if (jobs.Length > Lanes) throw new ArgumentException($"at most {Lanes} jobs per batch");
        ws.Jobs = jobs;
        BuildSpecialRows(ws);
        Array.Clear(ws.X);
        Array.Clear(ws.P);
        RightHandSide(ws, ws.R);
        UpdateAndPrecondition(ws, Vector<double>.Zero);
        var rz = FinishPreconditioner(ws);
        var tol2 = new Vector<double>(_tolerance * _tolerance) * rz;
        var beta = Vector<double>.Zero;
        int it = 0;
        while (Vector.GreaterThanAny(rz, tol2))
        {
            if (it >= _maxIterations)
                throw new NodalSolverException($"nodal solver: conjugate gradients did not reach relative residual {_tolerance:g3} in {_maxIterations} iterations (batched row solves)");
            it++;
            var pq = UpdateDirectionAndApply(ws, beta);
            UpdateAndPrecondition(ws, SafeDivide(rz, pq));
            var rzNew = FinishPreconditioner(ws);
            beta = SafeDivide(rzNew, rz);
            rz = rzNew;
        }
        ws.Iterations = it;
    }

    private static Vector<double> SafeDivide(Vector<double> a, Vector<double> b) =>
        Vector.ConditionalSelect(Vector.GreaterThan(b, Vector<double>.Zero), a / b, Vector<double>.Zero);

    private void BuildSpecialRows(Workspace ws)
    {
        foreach (var old in ws.Special) ws.SpecialOf[old.Row] = null;
        ws.Special.Clear();
        int n = _n;
        var c = new double[n]; var inv = new double[n]; var w0 = new double[n];
        var lanes = new double[Lanes];
        foreach (int row in ws.Jobs.Where(j => j.Replaced is not null).Select(j => j.Row).Distinct())
        {
            var s = new SpecialRow(row, n);
            var perLane = new (double[] G, double[] C, double[] Inv, double[] W0)[Lanes];
            for (int l = 0; l < Lanes; l++)
            {
                var job = l < ws.Jobs.Length ? ws.Jobs[l] : default;
                if (job.Replaced is not null && job.Row == row)
                {
                    var lc = new double[n]; var li = new double[n]; var lw = new double[n];
                    WordLine(job.Replaced, lc, li, lw);
                    perLane[l] = (job.Replaced, lc, li, lw);
                }
                else
                    perLane[l] = (_g.AsSpan(row * n, n).ToArray(), _wc.AsSpan(row * n, n).ToArray(), _wi.AsSpan(row * n, n).ToArray(), _w0.AsSpan(row * n, n).ToArray());
            }
            double wires = BlockTransferMatrix.WireDiagonal(row, _m, _gB, _gT);
            for (int j = 0; j < n; j++)
            {
                for (int l = 0; l < Lanes; l++) lanes[l] = perLane[l].G[j];
                s.G[j] = new Vector<double>(lanes);
                for (int l = 0; l < Lanes; l++) lanes[l] = perLane[l].G[j] + wires;
                s.D[j] = new Vector<double>(lanes);
                for (int l = 0; l < Lanes; l++) lanes[l] = perLane[l].C[j];
                s.C[j] = new Vector<double>(lanes);
                for (int l = 0; l < Lanes; l++) lanes[l] = perLane[l].Inv[j];
                s.Inv[j] = new Vector<double>(lanes);
                for (int l = 0; l < Lanes; l++) lanes[l] = perLane[l].W0[j];
                s.W0[j] = new Vector<double>(lanes);
            }
            ws.Special.Add(s);
            ws.SpecialOf[row] = s;
        }
    }

    /// <summary>f = G W0 on the driven rows of each lane (the cell currents into the grounded bit lines).</summary>
    private void RightHandSide(Workspace ws, Vector<double>[] f)
    {
        int m = _m, n = _n;
        Array.Clear(f);
        var lanes = new double[Lanes];
        for (int i = 0; i < m; i++)
        {
            var special = ws.SpecialOf[i];
            bool any = false;
            var on = new bool[Lanes];
            for (int l = 0; l < ws.Jobs.Length; l++)
                if (ws.Jobs[l].Row == i || ws.Jobs[l].Row < 0) { on[l] = true; any = true; }
            if (!any) continue;
            for (int j = 0; j < n; j++)
            {
                var full = special is not null ? special.G[j] * special.W0[j] : new Vector<double>(_g[i * n + j] * _w0[i * n + j]);
                for (int l = 0; l < Lanes; l++) lanes[l] = on[l] ? full[l] : 0;
                f[i * n + j] = new Vector<double>(lanes);
            }
        }
    }

    /// <summary>
    /// x += alpha p, r -= alpha q, and the forward half of z = T_B^{-1} r (each bit line's
    /// tridiagonal, all columns and lanes at once, row by row).
    /// </summary>
    [MethodImpl(HotPath.Options)]
    private void UpdateAndPrecondition(Workspace ws, Vector<double> alpha)
    {
        int m = _m, n = _n;
        ref var x = ref MemoryMarshal.GetArrayDataReference(ws.X);
        ref var r = ref MemoryMarshal.GetArrayDataReference(ws.R);
        ref var z = ref MemoryMarshal.GetArrayDataReference(ws.Z);
        ref var p = ref MemoryMarshal.GetArrayDataReference(ws.P);
        ref var q = ref MemoryMarshal.GetArrayDataReference(ws.Q);
        ref double bc = ref MemoryMarshal.GetArrayDataReference(_bc);
        for (int k = 0; k < n; k++)
        {
            Unsafe.Add(ref x, k) += alpha * Unsafe.Add(ref p, k);
            Unsafe.Add(ref z, k) = Unsafe.Add(ref r, k) -= alpha * Unsafe.Add(ref q, k);
        }
        for (int k = n; k < m * n; k++)
        {
            Unsafe.Add(ref x, k) += alpha * Unsafe.Add(ref p, k);
            var rk = Unsafe.Add(ref r, k) -= alpha * Unsafe.Add(ref q, k);
            Unsafe.Add(ref z, k) = rk + new Vector<double>(Unsafe.Add(ref bc, k)) * Unsafe.Add(ref z, k - n);
        }
    }

    /// <summary>The backward half of z = T_B^{-1} r; returns r.z per lane.</summary>
    [MethodImpl(HotPath.Options)]
    private Vector<double> FinishPreconditioner(Workspace ws)
    {
        int m = _m, n = _n;
        ref var r = ref MemoryMarshal.GetArrayDataReference(ws.R);
        ref var z = ref MemoryMarshal.GetArrayDataReference(ws.Z);
        ref double bi = ref MemoryMarshal.GetArrayDataReference(_bi);
        var gB = new Vector<double>(_gB);
        var rz = Vector<double>.Zero;
        int last = (m - 1) * n;
        for (int k = last; k < m * n; k++)
        {
            var zk = Unsafe.Add(ref z, k) *= new Vector<double>(Unsafe.Add(ref bi, k));
            rz += Unsafe.Add(ref r, k) * zk;
        }
        for (int k = last - 1; k >= 0; k--)
        {
            var zk = Unsafe.Add(ref z, k) = (Unsafe.Add(ref z, k) + gB * Unsafe.Add(ref z, k + n)) * new Vector<double>(Unsafe.Add(ref bi, k));
            rz += Unsafe.Add(ref r, k) * zk;
        }
        return rz;
    }

    /// <summary>p = z + beta p, q = S p (S: the bit-line Schur complement of each lane's array); returns p.q per lane.</summary>
    [MethodImpl(HotPath.Options)]
    private Vector<double> UpdateDirectionAndApply(Workspace ws, Vector<double> beta)
    {
        int m = _m, n = _n;
        var p = ws.P; var z = ws.Z;
        // p runs two rows ahead of q (the stencil reads row i + 1, a pair of word lines rows i and i + 1).
        UpdateDirection(p, z, beta, 0, Math.Min(2, m) * n);
        var pq = Vector<double>.Zero;
        for (int i = 0; i < m; i += 2)
        {
            int ahead = Math.Min(i + 2, m), end = Math.Min(i + 4, m);
            UpdateDirection(p, z, beta, ahead * n, end * n);
            bool pair = i + 1 < m && ws.SpecialOf[i] is null && ws.SpecialOf[i + 1] is null;
            if (pair)
            {
                WordLinePair(i, p, ws.Line, ws.Line2);
                pq += Stencil(ws, i, ws.Line) + Stencil(ws, i + 1, ws.Line2);
            }
            else
                for (int r = i; r < Math.Min(i + 2, m); r++)
                {
                    WordLineOfBitLines(r, ws.SpecialOf[r], p.AsSpan(r * n, n), ws.Line);
                    pq += Stencil(ws, r, ws.Line);
                }
        }
        return pq;
    }

    [MethodImpl(HotPath.Options)]
    private static void UpdateDirection(Vector<double>[] p, Vector<double>[] z, Vector<double> beta, int k0, int k1)
    {
        ref var pp = ref MemoryMarshal.GetArrayDataReference(p);
        ref var zz = ref MemoryMarshal.GetArrayDataReference(z);
        for (int k = k0; k < k1; k++) Unsafe.Add(ref pp, k) = Unsafe.Add(ref zz, k) + beta * Unsafe.Add(ref pp, k);
    }

    /// <summary>q_i = T_B p - G w for row i given its word-line voltages w; returns p_i.q_i.</summary>
    [MethodImpl(HotPath.Options)]
    private Vector<double> Stencil(Workspace ws, int i, Vector<double>[] line)
    {
        int m = _m, n = _n, row = i * n;
        ref var p = ref MemoryMarshal.GetArrayDataReference(ws.P);
        ref var q = ref MemoryMarshal.GetArrayDataReference(ws.Q);
        ref var w = ref MemoryMarshal.GetArrayDataReference(line);
        var gB = new Vector<double>(_gB);
        var pq = Vector<double>.Zero;
        var special = ws.SpecialOf[i];
        if (special is null)
        {
            ref double d = ref MemoryMarshal.GetArrayDataReference(_d);
            ref double g = ref MemoryMarshal.GetArrayDataReference(_g);
            for (int j = 0; j < n; j++)
            {
                int k = row + j;
                var pk = Unsafe.Add(ref p, k);
                var neighbours = (i > 0 ? Unsafe.Add(ref p, k - n) : Vector<double>.Zero) + (i + 1 < m ? Unsafe.Add(ref p, k + n) : Vector<double>.Zero);
                var v = new Vector<double>(Unsafe.Add(ref d, k)) * pk - gB * neighbours - new Vector<double>(Unsafe.Add(ref g, k)) * Unsafe.Add(ref w, j);
                Unsafe.Add(ref q, k) = v;
                pq += pk * v;
            }
        }
        else
            for (int j = 0; j < n; j++)
            {
                int k = row + j;
                var pk = Unsafe.Add(ref p, k);
                var neighbours = (i > 0 ? Unsafe.Add(ref p, k - n) : Vector<double>.Zero) + (i + 1 < m ? Unsafe.Add(ref p, k + n) : Vector<double>.Zero);
                var v = special.D[j] * pk - gB * neighbours - special.G[j] * Unsafe.Add(ref w, j);
                Unsafe.Add(ref q, k) = v;
                pq += pk * v;
            }
        return pq;
    }

    /// <summary>The word lines of rows i and i + 1 (both unreplaced, no source) for bit-line voltages p, interleaved so the two recurrences overlap.</summary>
    [MethodImpl(HotPath.Options)]
    private void WordLinePair(int i, Vector<double>[] p, Vector<double>[] w0, Vector<double>[] w1)
    {
        int n = _n, f0 = _f0, r0 = i * n, r1 = r0 + n;
        ref var pp = ref MemoryMarshal.GetArrayDataReference(p);
        ref var a = ref MemoryMarshal.GetArrayDataReference(w0);
        ref var b = ref MemoryMarshal.GetArrayDataReference(w1);
        ref double g = ref MemoryMarshal.GetArrayDataReference(_g);
        ref double c = ref MemoryMarshal.GetArrayDataReference(_wc);
        ref double inv = ref MemoryMarshal.GetArrayDataReference(_wi);
        var gW = new Vector<double>(_gW);
        Vector<double> y0 = Vector<double>.Zero, y1 = Vector<double>.Zero;
        for (int j = f0; j < n; j++)
        {
            y0 = new Vector<double>(Unsafe.Add(ref g, r0 + j)) * Unsafe.Add(ref pp, r0 + j) + new Vector<double>(Unsafe.Add(ref c, r0 + j)) * y0;
            y1 = new Vector<double>(Unsafe.Add(ref g, r1 + j)) * Unsafe.Add(ref pp, r1 + j) + new Vector<double>(Unsafe.Add(ref c, r1 + j)) * y1;
            Unsafe.Add(ref a, j) = y0;
            Unsafe.Add(ref b, j) = y1;
        }
        Vector<double> x0 = Vector<double>.Zero, x1 = Vector<double>.Zero;
        for (int j = n - 1; j >= f0; j--)
        {
            x0 = (Unsafe.Add(ref a, j) + gW * x0) * new Vector<double>(Unsafe.Add(ref inv, r0 + j));
            x1 = (Unsafe.Add(ref b, j) + gW * x1) * new Vector<double>(Unsafe.Add(ref inv, r1 + j));
            Unsafe.Add(ref a, j) = x0;
            Unsafe.Add(ref b, j) = x1;
        }
        if (f0 == 1) { a = Vector<double>.Zero; b = Vector<double>.Zero; }
    }

    /// <summary>The word-line voltages of row i (no source) for bit-line voltages b: T_W w = G b; the source node (ideal driver) is 0.</summary>
    [MethodImpl(HotPath.Options)]
    private void WordLineOfBitLines(int i, SpecialRow? special, ReadOnlySpan<Vector<double>> b, Span<Vector<double>> w)
    {
        int n = _n, f0 = _f0, row = i * n;
        var gW = new Vector<double>(_gW);
        var y = Vector<double>.Zero;
        if (special is null)
        {
            for (int j = f0; j < n; j++) { y = new Vector<double>(_g[row + j]) * b[j] + new Vector<double>(_wc[row + j]) * y; w[j] = y; }
            var x = Vector<double>.Zero;
            for (int j = n - 1; j >= f0; j--) { x = (w[j] + gW * x) * new Vector<double>(_wi[row + j]); w[j] = x; }
        }
        else
        {
            for (int j = f0; j < n; j++) { y = special.G[j] * b[j] + special.C[j] * y; w[j] = y; }
            var x = Vector<double>.Zero;
            for (int j = n - 1; j >= f0; j--) { x = (w[j] + gW * x) * special.Inv[j]; w[j] = x; }
        }
        if (f0 == 1) w[0] = Vector<double>.Zero;
    }

    /// <summary>Column currents (A) of lane <paramref name="lane"/>: the current through each termination, g_T B_{m-1}.</summary>
    public void ColumnCurrents(Workspace ws, int lane, Span<double> currents)
    {
        int last = (_m - 1) * _n;
        for (int j = 0; j < _n; j++) currents[j] = _gT * ws.X[last + j][lane];
    }

    /// <summary>Cell biases W - B (V) of row <paramref name="row"/> in lane <paramref name="lane"/>, with <paramref name="volts"/> on its source and its conductances replaced by <paramref name="replaced"/> (as seen) when given.</summary>
    public void RowBias(Workspace ws, int lane, int row, double volts, double[]? replaced, Span<double> bias)
    {
        int n = _n, f0 = _f0, q0 = row * n;
        ReadOnlySpan<double> g = replaced ?? _g.AsSpan(q0, n);
        double[]? lc = null, li = null;
        if (replaced is not null)
        {
            lc = new double[n]; li = new double[n];
            WordLine(replaced, lc, li, new double[n]);
        }
        ReadOnlySpan<double> cc = lc ?? _wc.AsSpan(q0, n), ii = li ?? _wi.AsSpan(q0, n);
        Span<double> w = n <= 1024 ? stackalloc double[n] : new double[n];
        double y = 0;
        for (int j = f0; j < n; j++) { y = g[j] * ws.X[q0 + j][lane] + (j == f0 ? _drive * volts : 0) + cc[j] * y; w[j] = y; }
        double x = 0;
        for (int j = n - 1; j >= f0; j--) { x = (w[j] + _gW * x) * ii[j]; w[j] = x; }
        if (_ideal) w[0] = volts;
        for (int j = 0; j < n; j++) bias[j] = w[j] - ws.X[q0 + j][lane];
    }

    /// <summary>
    /// For every lane: the sum over rows i other than the lane's own row of weights[i, j] times the
    /// bias of cell (i, j) (those rows have no source), per column, into <paramref name="sums"/> [j][lane].
    /// </summary>
    [MethodImpl(HotPath.Options)]
    public void WeightedOtherRowBiases(Workspace ws, double[] weights, Vector<double>[] sums)
    {
        int m = _m, n = _n;
        Array.Clear(sums);
        var lanes = new double[Lanes];
        for (int i = 0; i < m; i++)
        {
            // Lanes whose own row is i are masked out (their row has a source and is excluded).
            for (int l = 0; l < Lanes; l++) lanes[l] = l < ws.Jobs.Length && ws.Jobs[l].Row == i ? 0 : 1;
            var mask = new Vector<double>(lanes);
            WordLineOfBitLines(i, null, ws.X.AsSpan(i * n, n), ws.Line);
            for (int j = 0; j < n; j++)
            {
                double wt = weights[i * n + j];
                if (wt == 0) continue;
                sums[j] += new Vector<double>(wt) * mask * (ws.Line[j] - ws.X[i * n + j]);
            }
        }
    }
}
