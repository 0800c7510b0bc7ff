namespace Xbar.Circuits.Nodal;

// The path for zero-resistance word or bit lines, where a line collapses to one node: conjugate
// gradients with the bit-line preconditioner alone, written plainly (scalar). Such arrays are the
// ideal-wire limit used by tests and by the behavioral reference, not a speed case. A collapsed bit
// line is kept as m copies of one voltage (the preconditioner returns equal values along the
// line), so the same Schur-complement iteration serves both line kinds.
internal sealed partial class CrossbarLinearSystem
{
    // Set by InitCollapsed, for collapsed lines only. Not "= []": that is Array.Empty<double>(), a
    // generic method a ReadyToRun build compiles on the first solve of a process.
    private double[] _rowSum = null!, _colSum = null!, _eCol = null!, _q = null!, _pc = null!, _zc = null!;

    private void InitCollapsed()
    {
        _rowSum = new double[_m];
        _colSum = new double[_n];
        _eCol = new double[_size];
        _q = new double[_size];
        _pc = new double[_size];
        _zc = new double[_size];
        _u = new double[_size];
    }

    /// <summary>Line sums of collapsed lines and Thomas pivots (inverted) of resistive bit lines (resistive word lines recompute theirs per sweep).</summary>
    private void FactorCollapsed()
    {
        int m = _m, n = _n;
        Array.Clear(_rowSum);
        for (int j = 0; j < n; j++)
        {
            double s = 0;
            for (int i = 0; i < m; i++)
            {
                _rowSum[i] += G[j * m + i];
                s += G[j * m + i];
            }
            _colSum[j] = s;
        }
        if (_colCollapsed) return;
        double gB2 = _gB * _gB;
        for (int j = 0; j < n; j++)
        {
            double prev = 0;
            for (int i = 0; i < m; i++)
            {
                prev = 1.0 / (G[j * m + i] + BitLineWires(i) - gB2 * prev);
                _eCol[j * m + i] = prev;
            }
        }
    }

    private int SolveCollapsed(double[] va, double[] w, double[] b, double tolerance, int maxIterations)
    {
        if (BitLinesGrounded)
        {
            Array.Clear(b);
            WordLinesCollapsed(b, _bw, va, w);
            return 0;
        }
        var f = _f ??= new double[_size];
        WordLinesCollapsed(null, _bw, va, _u);
        for (int k = 0; k < _size; k++) f[k] = (_bb?[k] ?? 0.0) + G[k] * _u[k];
        double fMf = BitLinesCollapsed(f, _zc);
        if (!(fMf > 0))
        {
            Array.Clear(b);
            WordLinesCollapsed(b, _bw, va, w);
            return 0;
        }
        WordLinesCollapsed(b, null, null, _u);
        SchurCollapsed(b, _u, _q);
        for (int k = 0; k < _size; k++) _r[k] = f[k] - _q[k];
        double rz = BitLinesCollapsed(_r, _zc), tol2 = tolerance * tolerance * fMf;
        Array.Clear(_pc);
        double beta = 0;
        int it = 0;
        while (rz > tol2 && it < maxIterations)
        {
            it++;
            for (int k = 0; k < _size; k++) _pc[k] = _zc[k] + beta * _pc[k];
            WordLinesCollapsed(_pc, null, null, _u);
            double alpha = rz / SchurCollapsed(_pc, _u, _q);
            for (int k = 0; k < _size; k++)
            {
                b[k] += alpha * _pc[k];
                _r[k] -= alpha * _q[k];
            }
            double rzNew = BitLinesCollapsed(_r, _zc);
            beta = rzNew / rz;
            rz = rzNew;
        }
        if (rz > tol2)
            throw new NodalSolverException(
                $"nodal solver: conjugate gradients did not reach relative residual {tolerance:g3} in {maxIterations} iterations (reached {Math.Sqrt(rz / fMf):g3})");
        WordLinesCollapsed(b, _bw, va, w);
        return it;
    }

    /// <summary>W = T_W^{-1}(bW + G∘B + drivers) (null arguments: zero) with either line kind.</summary>
    private void WordLinesCollapsed(double[]? bitLine, double[]? bw, double[]? va, double[] w)
    {
        int m = _m, n = _n;
        if (!_rowCollapsed)
        {
            var pivots = RentPivots();
            SolveWordLineRows(bitLine, bw, va, w, pivots, 0, m);
            ReturnPivots(pivots);
            return;
        }
        for (int i = 0; i < m; i++)
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
    }

    /// <summary>z = T_B^{-1} r for every bit line (a collapsed line: the sum over its nodes); returns r·z.</summary>
    private double BitLinesCollapsed(double[] r, double[] z)
    {
        int m = _m;
        double dot = 0, gB = _gB;
        for (int j = 0; j < _n; j++)
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
            double y = 0;
            for (int i = 0; i < m; i++)
            {
                y = (r[k0 + i] + gB * y) * _eCol[k0 + i];
                z[k0 + i] = y;
            }
            for (int i = m - 1; i >= 0; i--)
            {
                if (i < m - 1) z[k0 + i] += gB * _eCol[k0 + i] * z[k0 + i + 1];
                dot += r[k0 + i] * z[k0 + i];
            }
        }
        return dot;
    }

    /// <summary>q = T_B p - G∘u (a collapsed line's termination spread over its m copies); returns p·q.</summary>
    private unsafe double SchurCollapsed(double[] p, double[] u, double[] q)
    {
        int m = _m;
        double dot = 0;
        fixed (double* g = G, pp = p, uu = u)
            for (int j = 0; j < _n; j++)
            {
                int k0 = j * m;
                for (int i = 0; i < m; i++)
                {
                    double v = _colCollapsed
                        ? (_gT / m + G[k0 + i]) * p[k0 + i] - G[k0 + i] * u[k0 + i]
                        : BitLineSchur(g + k0, pp + k0, uu + k0, i);
                    q[k0 + i] = v;
                    dot += p[k0 + i] * v;
                }
            }
        return dot;
    }
}
