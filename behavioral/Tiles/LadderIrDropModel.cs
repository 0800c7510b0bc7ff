namespace Xbar.Behavioral.Tiles;

/// <summary>The wires the IR-drop models see (Ohm), as <see cref="Circuits.Crossbars.CrossbarSpec"/> defines them.</summary>
/// <param name="WordLineSegmentOhm">Word-line segment between neighbouring cells.</param>
/// <param name="BitLineSegmentOhm">Bit-line segment between neighbouring cells, and from the last cell to the termination.</param>
/// <param name="DriverOhm">Word-line driver output resistance (source at column 0).</param>
/// <param name="SenseOhm">Load between the bit line's end and ground (0 = ideal virtual ground).</param>
public sealed record WireParameters(double WordLineSegmentOhm, double BitLineSegmentOhm, double DriverOhm, double SenseOhm);

/// <summary>Per-cell results of the ladder model for one programmed array, each [row, column], row-major.</summary>
/// <param name="CellBias">u_ij: voltage across cell (i,j) per volt on word line i when only that line is driven (V/V).</param>
/// <param name="ReachFraction">a'_ij: share of the current of cell (i,j) that reaches column j's termination.</param>
public sealed record LadderResponse(int Rows, int Cols, double[] CellBias, double[] ReachFraction);

/// <summary>
/// Xbar's fast IR-drop model: a decoupled-ladder Thevenin reduction of the crossbar.
/// </summary>
/// <remarks>
/// Published fast models (Luquin et al. 2025, IBM's tile-circuit model in aihwkit) collapse each
/// column to a Thevenin equivalent and ignore the word lines; on our structured 256x256 problems
/// such a column-only model is off by 8-120 % of the output range (xbar validate tile, docs/fast-tile.md). Here every word line and every bit line is solved exactly as a resistor ladder, each seeing
/// the others only through their driving-point impedances:
/// <list type="number">
/// <item>Bit line j is a ladder (segments r_b, one more r_b plus the sense load to ground) with each
/// cell as a shunt to its word line; its driving-point impedance Z_ij (diagonal of the inverse ladder
/// admittance) and the share a'_ij of a current injected at row i that reaches the termination
/// (one Thomas solve per column, by reciprocity).</item>
/// <item>Word line i is a ladder (driver R_d, segments r_w) whose cells are shunts g_ij in series
/// with the bit line's impedance Z'_ij; solving it for a 1 V source gives the word-line node voltage
/// w_ij and the cell bias u_ij = w_ij / (1 + g_ij Z'_ij).</item>
/// <item>Symmetrically the bit-line shunts see the word lines' impedances; the two are alternated
/// <c>rounds</c> times (2 is enough for the 1e-3 level).</item>
/// </list>
/// Superposition then gives the effective transfer matrix T_ji = a'_ij g_ij u_ij (A/V), exact for a
/// single driven row up to the coupling between lines through more than one cell, and following
/// column and row position (the severity growing as r * mean(G) * n^2). Cost O(m n) per array.
/// For bias-dependent cells the cubic term of <see cref="BehavioralCore"/> uses u_ij. On structured
/// problems at 256x256 (blocks of high-conductance cells far from drivers and read-out) it errs by
/// several percent; the exact and calibrated options (<see cref="TransferModel"/>) replace it there.
/// </remarks>
public static class LadderIrDropModel
{
    private const double MinOhm = 1e-9; // an ideal wire as a very small resistor (keeps the ladders regular)

    /// <summary>Runs the model on zero-bias cell conductances <paramref name="g"/> (S), row-major rows x cols.</summary>
    public static LadderResponse Solve(double[] g, int rows, int cols, WireParameters wires, int rounds = 2)
    {
        int m = rows, n = cols;
        double gw = 1.0 / Math.Max(wires.WordLineSegmentOhm, MinOhm);
        double gb = 1.0 / Math.Max(wires.BitLineSegmentOhm, MinOhm);
        double gd = 1.0 / Math.Max(wires.DriverOhm, MinOhm);
        double gt = 1.0 / Math.Max(wires.BitLineSegmentOhm + wires.SenseOhm, MinOhm);

        var zbPrime = new double[m * n]; // bit-line impedance seen by each cell, without the cell (Ohm)
        var zwPrime = new double[m * n]; // word-line impedance seen by each cell, without the cell (Ohm)
        var reach = new double[m * n];
        var bias = new double[m * n];

        int len = Math.Max(m, n);
        var diag = new double[len]; var link = new double[len]; var rhs = new double[len];
        var x = new double[len]; var z = new double[len]; var s1 = new double[len];
        var shunt = new double[len];

        for (int round = 0; round < rounds; round++)
        {
            bool last = round == rounds - 1;
            // Word lines: impedances seen from each cell (shunts see the bit lines through zbPrime).
            for (int i = 0; i < m; i++)
            {
                AssembleWordLine(i);
                Tridiagonal.InverseDiagonal(diag.AsSpan(0, n), link.AsSpan(0, n), z.AsSpan(0, n), s1.AsSpan(0, n));
                for (int j = 0; j < n; j++)
                    zwPrime[i * n + j] = 1.0 / (1.0 / z[j] - shunt[j]);
            }
            // Bit lines: impedances and reach fractions (shunts see the word lines through zwPrime).
            for (int j = 0; j < n; j++)
            {
                for (int k = 0; k < m; k++)
                {
                    double gkj = g[k * n + j];
                    shunt[k] = gkj / (1 + gkj * zwPrime[k * n + j]);
                    diag[k] = shunt[k] + (k > 0 ? gb : 0) + (k < m - 1 ? gb : gt);
                    if (k < m - 1) link[k] = gb;
                    rhs[k] = 0;
                }
                rhs[m - 1] = 1.0;
                Tridiagonal.InverseDiagonal(diag.AsSpan(0, m), link.AsSpan(0, m), z.AsSpan(0, m), s1.AsSpan(0, m));
                Tridiagonal.Solve(diag.AsSpan(0, m), link.AsSpan(0, m), rhs.AsSpan(0, m), x.AsSpan(0, m), s1.AsSpan(0, m));
                for (int k = 0; k < m; k++)
                {
                    double zPrime = 1.0 / (1.0 / z[k] - shunt[k]);
                    zbPrime[k * n + j] = zPrime;
                    // a_k with the drawn shunt, then the share without the cell's own shunt: a' = a (1 + s Z').
                    reach[k * n + j] = gt * x[k] * (1 + shunt[k] * zPrime);
                }
            }
            if (!last) continue;
            // Word lines driven by 1 V: node voltages and the resulting cell biases.
            for (int i = 0; i < m; i++)
            {
                AssembleWordLine(i);
                rhs.AsSpan(0, n).Clear();
                rhs[0] = gd;
                Tridiagonal.Solve(diag.AsSpan(0, n), link.AsSpan(0, n), rhs.AsSpan(0, n), x.AsSpan(0, n), s1.AsSpan(0, n));
                for (int j = 0; j < n; j++)
                {
                    double gij = g[i * n + j];
                    bias[i * n + j] = x[j] / (1 + gij * zbPrime[i * n + j]);
                }
            }
        }
        return new LadderResponse(m, n, bias, reach);

        // Word line i as a ladder (driver, segments) whose cells are shunts g_ij in series with the
        // bit line's impedance Z'_ij: fills shunt, diag and link for the first n nodes.
        void AssembleWordLine(int i)
        {
            for (int j = 0; j < n; j++)
            {
                double gij = g[i * n + j];
                shunt[j] = gij / (1 + gij * zbPrime[i * n + j]);
                diag[j] = shunt[j] + (j > 0 ? gw : gd) + (j < n - 1 ? gw : 0);
                if (j < n - 1) link[j] = gw;
            }
        }
    }

    /// <summary>The response of ideal wires: every cell sees its full word-line voltage and all its current reaches the output.</summary>
    public static LadderResponse Ideal(int rows, int cols)
    {
        var one = new double[rows * cols];
        Array.Fill(one, 1.0);
        return new LadderResponse(rows, cols, one, (double[])one.Clone());
    }
}
