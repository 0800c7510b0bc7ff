using MathNet.Numerics.LinearAlgebra;
using Xbar.Circuits.Crossbars;

namespace Xbar.Circuits.Tests.Nodal;

/// <summary>
/// An independent direct solve for tests: the whole nodal system of a 1R crossbar with resistive
/// word and bit lines (every word-line and bit-line node an unknown, Kirchhoff's current law
/// written out node by node) solved by MathNet's dense LU. Small arrays only (2 m n unknowns).
/// </summary>
internal static class DenseNodalReference
{
    /// <summary>Column currents (A) for cell conductances g (S, as the lines see them) and source voltages v (V).</summary>
    public static double[] ColumnCurrents(CrossbarSpec spec, double[,] g, double[] v)
    {
        int m = spec.Rows, n = spec.Cols, size = 2 * m * n;
        double gW = 1.0 / spec.WordLineSegmentResistance, gB = 1.0 / spec.BitLineSegmentResistance;
        double gT = spec.Termination == ColumnTermination.LoadResistor ? 1.0 / (spec.BitLineSegmentResistance + spec.LoadResistance) : gB;
        int W(int i, int j) => i * n + j;
        int B(int i, int j) => m * n + i * n + j;
        var a = Matrix<double>.Build.Dense(size, size);
        var rhs = Vector<double>.Build.Dense(size);
        void Branch(int p, int q, double c) { a[p, p] += c; a[p, q] -= c; if (q >= 0) { a[q, q] += c; a[q, p] -= c; } }
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++)
            {
                // Cells and line segments, each once.
                a[W(i, j), W(i, j)] += g[i, j]; a[W(i, j), B(i, j)] -= g[i, j];
                a[B(i, j), B(i, j)] += g[i, j]; a[B(i, j), W(i, j)] -= g[i, j];
                if (j + 1 < n) Branch(W(i, j), W(i, j + 1), gW);
                if (i + 1 < m) Branch(B(i, j), B(i + 1, j), gB);
                else a[B(i, j), B(i, j)] += gT; // to the 0 V termination
            }
        for (int i = 0; i < m; i++)
        {
            int k = W(i, 0);
            if (spec.DriverResistance == 0)
            {
                // The source holds the node: replace its equation by W = V.
                for (int c = 0; c < size; c++) a[k, c] = 0;
                a[k, k] = 1;
                rhs[k] = v[i];
            }
            else
            {
                a[k, k] += 1.0 / spec.DriverResistance;
                rhs[k] += v[i] / spec.DriverResistance;
            }
        }
        var x = a.LU().Solve(rhs);
        return Enumerable.Range(0, n).Select(j => gT * x[B(m - 1, j)]).ToArray();
    }
}
