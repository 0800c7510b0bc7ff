using Xbar.Circuits.Crossbars;
using Xbar.Circuits.Nodal;
using Xbar.Devices;
using Xbar.Devices.Linear;

namespace Xbar.Behavioral.Tiles;

/// <summary>
/// The rank-1 bit-line load term of <see cref="TransferModel"/> for every physical column l:
/// with the column's load s_l = b_l . V (V), the extra current of its cells' bias-dependent
/// conductance is X_l = s_l (A1_l . V^2) + s_l^2 (A2_l . V) + s_l^3 A3_l. Arrays are [col * rows + row].
/// </summary>
/// <param name="Weights">b_l (dimensionless, summing to 1 per column): how much each row's input loads the column.</param>
/// <param name="Square">A1_l (A/V^3).</param>
/// <param name="Linear">A2_l (A/V^3).</param>
/// <param name="Constant">A3_l (A/V^3), one per column.</param>
public sealed record BitLineLoad(double[] Weights, double[] Square, double[] Linear, double[] Constant);

/// <summary>
/// The behavioral model of a programmed crossbar derived from exact nodal solves (the
/// <see cref="Config.IrDropModel.Exact"/> and <see cref="Config.IrDropModel.Calibrated"/> options):
/// column currents I = T V + N V^3 + X(V), with T and N physical columns x rows and X the bit-line
/// load term (<see cref="BitLineLoad"/>).
/// </summary>
/// <remarks>
/// <para>Linear part. With ohmic cells the crossbar is a linear network, so the column currents are
/// exactly I = T V for the nodal solver's transfer matrix T (superposition). For bias-dependent
/// cells T is taken at each cell's zero-bias conductance g1 = dI/dV(0).</para>
/// <para>Bias-dependent conductance. A multi-state MTJ conducts G(v) = x G_P + (1-x) G_P/(1+TMR(v))
/// with TMR(v) = TMR0/(1+(v/V_h)^2) (the Lorentzian bias dependence of compact MTJ models, Zhang et
/// al. 2012, IEEE Trans. Electron Devices 59(3):819, eq. for TMR(V); physically the quenching of TMR
/// by hot electrons, Zhang, Levy, Marley and Parkin 1997, Phys. Rev. Lett. 79:3744). So I(v) = g1 v + g3 v^3 + O(v^5)
/// with g3 = (1-x) G_P TMR0 / ((1+TMR0)^2 V_h^2) > 0: the AP share conducts more as the bias rises
/// (10 % more at 0.2 V for V_h = 0.5 V, TMR0 = 174 %). Each cell's extra current g3 v^3 is a current
/// source across the cell in the linear network; to first order it reaches the output through the
/// network's linear response (adjoint sensitivity, Director and Rohrer 1969, IEEE Trans. Circuit
/// Theory 16(3):318).</para>
/// <para>N (A/V^3) is that response when one row is driven: row k alone at V_ref puts cell (k,l) at
/// bias u_kl V_ref (u from the unit-row solve), where its chord conductance is G(u_kl V_ref); solving
/// the network with row k at those chord conductances gives T'_k, and N_k = (T'_k - T_k) / V_ref^2,
/// so a single driven row is right at 0 and at V_ref to first order in the conductance change.</para>
/// <para>X: when several rows are driven, the bit lines rise with the other rows' currents and every
/// cell's bias falls below u_kl V_k (and its conductance with it). The bias change of cell (k,l) is
/// approximated as rank one per column, delta_kl = p_kl s_l(V), with p the bias change of the
/// all-rows-at-1-V solve (so the approximation is exact there) and s_l = b_l . V weighting each row by
/// how much it moves the nonlinear cells of the column. Expanding g3 (u V_k + p s)^3 - g3 (u V_k)^3
/// and carrying it to the output with the cell's own-column reach a' = T_lk / (g1 u) gives the
/// three terms of <see cref="BitLineLoad"/>. Measured against the nodal solve on structured problems
/// (<c>xbar validate tile</c>, docs/fast-tile.md): worst family NRMSE 0.09 % at 64x64 and 0.36 % at
/// 256x256 (mtj4, 1 Ohm, uncalibrated); without X 0.8 % and up to 3 % (full-scale inputs).</para>
/// <para>Cost: m + 1 linear solves for T, u and p, m more for N and b (each on a network with one
/// row changed), so programming costs about 2m nodal solves; an MVM costs a few matrix-vector
/// products. Ohmic arrays need only T (the solver's transfer matrix).</para>
/// </remarks>
public sealed class TransferModel
{
    private TransferModel(int rows, int cols, double[] linear, double[]? cubic, BitLineLoad? load)
    {
        Rows = rows; Cols = cols; Linear = linear; Cubic = cubic; Load = load;
    }

    public int Rows { get; }
    public int Cols { get; }

    /// <summary>T (S): zero-bias transfer of every physical column, [col * rows + row].</summary>
    public double[] Linear { get; }

    /// <summary>N (A/V^3), [col * rows + row]; null for ohmic cells.</summary>
    public double[]? Cubic { get; }

    /// <summary>The bit-line load term; null for ohmic cells.</summary>
    public BitLineLoad? Load { get; }

    /// <summary>The model with its bias-dependent terms scaled by a calibration (<see cref="IrDropCorrection"/>): N by the cubic scale, the load term by cubic x load scale.</summary>
    public TransferModel Scaled(IrDropCorrection k)
    {
        if (k == IrDropCorrection.Identity || Cubic is null) return this;
        double k3 = k.CubicScale, kl = k.CubicScale * k.LoadScale;
        static double[] Times(double[] a, double f) => a.Select(v => f * v).ToArray();
        var load = Load is null ? null : Load with { Square = Times(Load.Square, kl), Linear = Times(Load.Linear, kl), Constant = Times(Load.Constant, kl) };
        return new TransferModel(Rows, Cols, Linear, Times(Cubic, k3), load);
    }

    /// <summary>Column currents (A) for word-line voltages <paramref name="v"/> (V), by the model (for tests and checks).</summary>
    public double[] Currents(ReadOnlySpan<double> v)
    {
        var (linear, cubic, load) = Terms(v);
        return linear.Select((t, l) => t + cubic[l] + load[l]).ToArray();
    }

    /// <summary>The three terms of the column currents (A) apart: T v, N v^3 and the load term (zeros where absent).</summary>
    public (double[] Linear, double[] Cubic, double[] Load) Terms(ReadOnlySpan<double> v)
    {
        int m = Rows;
        if (v.Length != m) throw new ArgumentException($"expected {m} word-line voltages, got {v.Length}");
        double[] lin = new double[Cols], cub = new double[Cols], load = new double[Cols];
        for (int l = 0; l < Cols; l++)
        {
            double s = 0, s3 = 0, b = 0, a1 = 0, a2 = 0;
            for (int k = 0; k < m; k++)
            {
                int q = l * m + k;
                double x = v[k];
                s += Linear[q] * x;
                if (Cubic is not null) s3 += Cubic[q] * x * x * x;
                if (Load is not null)
                {
                    b += Load.Weights[q] * x;
                    a1 += Load.Square[q] * x * x;
                    a2 += Load.Linear[q] * x;
                }
            }
            lin[l] = s;
            cub[l] = s3;
            if (Load is not null) load[l] = b * a1 + b * b * a2 + b * b * b * Load.Constant[l];
        }
        return (lin, cub, load);
    }

    /// <summary>
    /// Builds the model of <paramref name="cells"/> on <paramref name="spec"/> by nodal solves;
    /// <paramref name="vRef"/> (V) is the bias at which N matches a single driven row (the read voltage).
    /// </summary>
    public static TransferModel Build(CrossbarSpec spec, ICellArray cells, double vRef, NodalCrossbarSolver? solver = null)
    {
        ArgumentNullException.ThrowIfNull(spec);
        spec.CheckShape(cells);
        if (!(vRef > 0)) throw new ArgumentOutOfRangeException(nameof(vRef), "the reference bias must be positive");
        solver ??= new NodalCrossbarSolver();
        int m = cells.Rows, c = cells.Cols;
        if (cells.IsLinear)
        {
            var t = solver.TransferMatrix(spec, cells);
            var linear = new double[c * m];
            for (int j = 0; j < c; j++) for (int i = 0; i < m; i++) linear[j * m + i] = t[j, i];
            return new TransferModel(m, c, linear, null, null);
        }

        var g1 = new double[m, c];
        for (int i = 0; i < m; i++) for (int j = 0; j < c; j++) g1[i, j] = cells.Conductance(i, j, 0.0);
        var zeroBias = new LinearCellArray(g1);
        var serial = new NodalCrossbarSolver(solver.Options with { Parallel = false });
        // Rows in parallel chunks of at least a few thousand cells each (small tiles: one chunk, no thread hand-offs).
        int chunks = solver.Options.Parallel ? (int)Math.Clamp((long)m * c * m / 262_144, 1, Math.Min(m, Environment.ProcessorCount)) : 1;

        // Unit-row solves: T and each cell's own-row bias u (V/V); one solver session (buffers, factorization) per chunk.
        var tLin = new double[c * m];
        var u = new double[m * c];
        Parallel.For(0, chunks, new ParallelOptions { MaxDegreeOfParallelism = chunks }, chunk =>
        {
            int k0 = chunk * m / chunks, k1 = (chunk + 1) * m / chunks;
            var solutions = serial.SolveBatch(spec, zeroBias, Enumerable.Range(k0, k1 - k0).Select(k => (IReadOnlyList<double>)Unit(m, k, 1.0)).ToList());
            for (int k = k0; k < k1; k++)
            {
                var s = solutions[k - k0];
                for (int l = 0; l < c; l++)
                {
                    tLin[l * m + k] = s.ColumnCurrents[l];
                    u[k * c + l] = s.WordLineVoltage(k, l) - s.BitLineVoltage(k, l);
                }
            }
        });
        // All rows at 1 V: the bias change p of every cell caused by the other rows.
        var all = (chunks > 1 ? solver : serial).Solve(spec, zeroBias, Enumerable.Repeat(1.0, m).ToArray());
        var p = new double[m * c];
        var reachG3 = new double[m * c]; // a' g3: the cell's cubic coefficient seen at the output (A/V^3)
        var weight = new double[m * c];  // (3 a' g3 u^2)^2 p: each cell's share in the column load
        for (int k = 0; k < m; k++)
            for (int l = 0; l < c; l++)
            {
                int q = k * c + l;
                p[q] = all.WordLineVoltage(k, l) - all.BitLineVoltage(k, l) - u[q];
                double g = g1[k, l], uu = u[q];
                double g3 = (cells.Current(k, l, vRef) - g * vRef) / (vRef * vRef * vRef);
                double reach = g > 0 && uu != 0 ? tLin[l * m + k] / (g * uu) : 0;
                reachG3[q] = reach * g3;
                double cc = 3 * reachG3[q] * uu * uu;
                weight[q] = cc * cc * p[q];
            }

        // Row k at its chord conductances: N, and (from the other rows' biases in the same solve) b.
        var cubic = new double[c * m];
        var b = new double[c * m];
        Parallel.For(0, m, new ParallelOptions { MaxDegreeOfParallelism = chunks }, k =>
        {
            var chord = new double[c];
            for (int l = 0; l < c; l++)
            {
                double bias = u[k * c + l] * vRef;
                chord[l] = bias != 0 ? cells.Current(k, l, bias) / bias : g1[k, l];
            }
            var s = serial.Solve(spec, new RowReplacedCells(zeroBias, k, chord), Unit(m, k, 1.0));
            for (int l = 0; l < c; l++)
            {
                cubic[l * m + k] = (s.ColumnCurrents[l] - tLin[l * m + k]) / (vRef * vRef);
                double sum = 0;
                for (int i = 0; i < m; i++)
                    if (i != k) sum += (s.WordLineVoltage(i, l) - s.BitLineVoltage(i, l)) * weight[i * c + l];
                b[l * m + k] = sum;
            }
        });

        var square = new double[c * m];
        var lin = new double[c * m];
        var constant = new double[c];
        for (int l = 0; l < c; l++)
        {
            double total = 0;
            for (int k = 0; k < m; k++) total += b[l * m + k];
            for (int k = 0; k < m; k++)
            {
                b[l * m + k] = total != 0 ? b[l * m + k] / total : 0;
                int q = k * c + l;
                double uu = u[q], pk = p[q], rg = reachG3[q];
                square[l * m + k] = 3 * rg * uu * uu * pk;
                lin[l * m + k] = 3 * rg * uu * pk * pk;
                constant[l] += rg * pk * pk * pk;
            }
            // A row alone loads its own column through the rank-one term too (s = b_k v_k), though its
            // own bias is already in u: that part is cubic in v_k, so N takes it back and one driven
            // row stays exact to first order.
            for (int k = 0; k < m; k++)
            {
                int q = l * m + k;
                double bk = b[q];
                cubic[q] -= bk * square[q] + bk * bk * lin[q] + bk * bk * bk * constant[l];
            }
        }
        return new TransferModel(m, c, tLin, cubic, new BitLineLoad(b, square, lin, constant));
    }

    private static double[] Unit(int m, int k, double volts)
    {
        var v = new double[m];
        v[k] = volts;
        return v;
    }

    /// <summary>An ohmic array equal to <paramref name="baseCells"/> except row <paramref name="row"/>, whose conductances are replaced.</summary>
    private sealed class RowReplacedCells(LinearCellArray baseCells, int row, double[] rowConductance) : ICellArray
    {
        public int Rows => baseCells.Rows;
        public int Cols => baseCells.Cols;
        public bool IsLinear => true;
        public double Conductance(int i, int j, double v) => i == row ? rowConductance[j] : baseCells.ConductanceOf(i, j);
        public double Current(int i, int j, double v) => Conductance(i, j, v) * v;
        public IReadOnlyList<string> SpiceDefinitions() => [];
        public IReadOnlyList<string> SpiceInstance(string name, string wordLineNode, string bitLineNode, int i, int j) =>
            throw new NotSupportedException("a modelling intermediate, never written to SPICE");
    }
}
