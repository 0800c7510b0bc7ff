namespace Xbar.Circuits.Nodal.Transient;

/// <summary>
/// One time step's linear system of the crossbar: the DC structure of <see cref="CrossbarLinearSystem"/>
/// (a tridiagonal per word line and per bit line, coupled by the cell conductances G) plus a shunt
/// to ground at every node (the capacitor's companion conductance C a0 of the integration formula).
/// Unknowns W (word-line nodes) and B (bit-line nodes), column-major (k = j m + i):
/// <code>
///   T_W W - G∘B = r_W,      T_B B - G∘W = r_B
/// </code>
/// with T_W = wires + driver + G + shunts on each word line, T_B = wires + last segment to the
/// virtual ground + G + shunts on each bit line, both symmetric positive definite. W is eliminated
/// and the bit-line Schur complement S = T_B - G T_W^{-1} G is solved by conjugate gradients
/// preconditioned with T_B (the method of the DC solver, here without its vectorised kernels, so
/// the DC classes stay untouched). The shunts make S better conditioned than at DC, and each step
/// starts from the previous step's B, so a step takes few iterations.
/// </summary>
internal sealed class TransientLineSystem
{
    private readonly int _m, _n, _size;
    private readonly double _gW, _gD, _gB;
    private readonly double[] _eW, _eB, _dB;
    private readonly double[] _r, _z, _p, _q, _u, _f, _t;

    /// <summary>Cell (companion) conductances G (S).</summary>
    public readonly double[] G;
    /// <summary>Shunt conductance to ground of each word-line node (S).</summary>
    public readonly double[] ShuntW;
    /// <summary>Shunt conductance to ground of each bit-line node (S).</summary>
    public readonly double[] ShuntB;

    public TransientLineSystem(int m, int n, double rWord, double rBit, double rDriver)
    {
        _m = m; _n = n; _size = m * n;
        _gW = 1.0 / rWord; _gB = 1.0 / rBit; _gD = 1.0 / rDriver;
        G = new double[_size]; ShuntW = new double[_size]; ShuntB = new double[_size];
        _eW = new double[_size]; _eB = new double[_size]; _dB = new double[_size];
        _r = new double[_size]; _z = new double[_size]; _p = new double[_size]; _q = new double[_size];
        _u = new double[_size]; _f = new double[_size]; _t = new double[_size];
    }

    /// <summary>Total iterations of conjugate gradients so far.</summary>
    public long Iterations { get; private set; }

    /// <summary>Factors every line's tridiagonal for the present G and shunts.</summary>
    public void Factor()
    {
        int m = _m, n = _n;
        double gW2 = _gW * _gW, gB2 = _gB * _gB;
        for (int j = 0; j < n; j++)
        {
            double wires = _gW * ((j > 0 ? 1 : 0) + (j < n - 1 ? 1 : 0)) + (j == 0 ? _gD : 0);
            for (int i = 0; i < m; i++)
            {
                int k = j * m + i;
                double d = G[k] + ShuntW[k] + wires;
                _eW[k] = 1.0 / (j == 0 ? d : d - gW2 * _eW[k - m]);
            }
        }
        for (int j = 0; j < n; j++)
        {
            int k0 = j * m;
            for (int i = 0; i < m; i++)
            {
                int k = k0 + i;
                // Every bit-line node has the segment below it (to the next node, or for the last
                // node to the virtual ground) and, except the top one, the segment above it.
                double d = G[k] + ShuntB[k] + _gB * (i > 0 ? 2 : 1);
                _dB[k] = d;
                _eB[k] = 1.0 / (i == 0 ? d : d - gB2 * _eB[k - 1]);
            }
        }
    }

    /// <summary>
    /// Solves for W and B given the right-hand sides (A). On entry <paramref name="b"/> holds the
    /// warm start of the bit-line voltages; on exit both W and B hold the solution.
    /// </summary>
    public void Solve(double[] rW, double[] rB, double[] w, double[] b, double tolerance, int maxIterations)
    {
        int size = _size;
        // f = r_B + G∘(T_W^{-1} r_W): the right-hand side of the bit-line system.
        SolveWordLines(rW, _t);
        for (int k = 0; k < size; k++) _f[k] = rB[k] + G[k] * _t[k];
        SolveBitLines(_f, _z);
        double fMf = Dot(_f, _z);
        if (!(fMf > 0))
        {
            Array.Clear(b);
            ApplyWordLines(rW, b, w);
            return;
        }
        // r = f - S b.
        ApplySchur(b, _q);
        for (int k = 0; k < size; k++) _r[k] = _f[k] - _q[k];
        SolveBitLines(_r, _z);
        double rz = Dot(_r, _z);
        Array.Copy(_z, _p, size);
        double tol2 = tolerance * tolerance * fMf;
        int it = 0;
        while (rz > tol2)
        {
            if (it++ >= maxIterations)
                throw new NodalSolverException(
                    $"transient solver: conjugate gradients did not reach relative residual {tolerance:g3} in {maxIterations} iterations (reached {Math.Sqrt(rz / fMf):g3})");
            ApplySchur(_p, _q);
            double alpha = rz / Dot(_p, _q);
            for (int k = 0; k < size; k++)
            {
                b[k] += alpha * _p[k];
                _r[k] -= alpha * _q[k];
            }
            SolveBitLines(_r, _z);
            double rzNew = Dot(_r, _z);
            double beta = rzNew / rz;
            rz = rzNew;
            for (int k = 0; k < size; k++) _p[k] = _z[k] + beta * _p[k];
        }
        Iterations += it;
        ApplyWordLines(rW, b, w);
    }

    /// <summary>w = T_W^{-1}(r_W + G∘b).</summary>
    private void ApplyWordLines(double[] rW, double[] b, double[] w)
    {
        for (int k = 0; k < _size; k++) _u[k] = rW[k] + G[k] * b[k];
        SolveWordLines(_u, w);
    }

    /// <summary>q = S p = T_B p - G∘T_W^{-1}(G∘p).</summary>
    private void ApplySchur(double[] p, double[] q)
    {
        int m = _m, size = _size;
        for (int k = 0; k < size; k++) _u[k] = G[k] * p[k];
        SolveWordLines(_u, _u);
        for (int j = 0; j < _n; j++)
        {
            int k0 = j * m;
            for (int i = 0; i < m; i++)
            {
                int k = k0 + i;
                double v = _dB[k] * p[k];
                if (i > 0) v -= _gB * p[k - 1];
                if (i < m - 1) v -= _gB * p[k + 1];
                q[k] = v - G[k] * _u[k];
            }
        }
    }

    /// <summary>x = T_W^{-1} r along every word line (x may alias r).</summary>
    private void SolveWordLines(double[] r, double[] x)
    {
        int m = _m, n = _n;
        double g = _gW;
        for (int i = 0; i < m; i++) x[i] = r[i] * _eW[i];
        for (int j = 1; j < n; j++)
        {
            int k0 = j * m;
            for (int i = 0; i < m; i++)
            {
                int k = k0 + i;
                x[k] = (r[k] + g * x[k - m]) * _eW[k];
            }
        }
        for (int j = n - 2; j >= 0; j--)
        {
            int k0 = j * m;
            for (int i = 0; i < m; i++)
            {
                int k = k0 + i;
                x[k] += g * _eW[k] * x[k + m];
            }
        }
    }

    /// <summary>x = T_B^{-1} r along every bit line.</summary>
    private void SolveBitLines(double[] r, double[] x)
    {
        int m = _m;
        double g = _gB;
        for (int j = 0; j < _n; j++)
        {
            int k0 = j * m;
            double y = 0;
            for (int i = 0; i < m; i++)
            {
                y = (r[k0 + i] + g * y) * _eB[k0 + i];
                x[k0 + i] = y;
            }
            for (int i = m - 2; i >= 0; i--)
            {
                y = x[k0 + i] + g * _eB[k0 + i] * y;
                x[k0 + i] = y;
            }
        }
    }

    private double Dot(double[] a, double[] b)
    {
        double s = 0;
        for (int k = 0; k < _size; k++) s += a[k] * b[k];
        return s;
    }
}
