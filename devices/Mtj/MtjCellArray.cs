namespace Xbar.Devices.Mtj;

/// <summary>
/// A programmed array of multi-state MTJ cells, each with its own drawn G_P (S), TMR0 and parallel
/// fraction x (after device spread, programming error and resistance offsets), and a shared V_h (V).
/// Cell physics: <see cref="MtjLaw"/>. Stored flat, row-major, for fast per-cell evaluation.
/// </summary>
public sealed class MtjCellArray : ICellArray
{
    private readonly double[] gp;
    private readonly double[] tmr0;
    private readonly double[] x;
    private readonly double vh;
    private MtjColumnMajorCells? columnMajor;

    /// <summary>
    /// Builds the array from per-cell parameters (each rows x cols): <paramref name="conductanceParallel"/>
    /// G_P in S (&gt; 0), <paramref name="tmr0"/> (&gt;= 0), <paramref name="parallelFraction"/> x in [0, 1];
    /// <paramref name="halfBiasVoltage"/> V_h in V shared by all cells.
    /// </summary>
    /// <exception cref="InvalidInputException">Empty or mismatched matrices, or an invalid cell value (named by cell).</exception>
    public MtjCellArray(double[,] conductanceParallel, double[,] tmr0, double[,] parallelFraction, double halfBiasVoltage)
    {
        CellCheck.NotEmpty(conductanceParallel, "G_P matrix");
        Rows = conductanceParallel.GetLength(0);
        Cols = conductanceParallel.GetLength(1);
        RequireShape(tmr0, "TMR0 matrix");
        RequireShape(parallelFraction, "parallel-fraction matrix");
        vh = Guard.Positive(halfBiasVoltage, "HalfBiasVoltage", "V");
        int n = Rows * Cols;
        gp = new double[n];
        this.tmr0 = new double[n];
        x = new double[n];
        for (int i = 0; i < Rows; i++)
            for (int j = 0; j < Cols; j++)
            {
                int k = i * Cols + j;
                gp[k] = conductanceParallel[i, j];
                this.tmr0[k] = tmr0[i, j];
                x[k] = parallelFraction[i, j];
                if (!double.IsFinite(gp[k]) || gp[k] <= 0)
                    throw new InvalidInputException($"cell ({i}, {j}): G_P must be a finite positive conductance (S), got {Guard.Fmt(gp[k])}.");
                if (!double.IsFinite(this.tmr0[k]) || this.tmr0[k] < 0)
                    throw new InvalidInputException($"cell ({i}, {j}): TMR0 must be finite and >= 0, got {Guard.Fmt(this.tmr0[k])}.");
                if (!double.IsFinite(x[k]) || x[k] < 0 || x[k] > 1)
                    throw new InvalidInputException($"cell ({i}, {j}): parallel fraction x must lie in [0, 1], got {Guard.Fmt(x[k])}.");
            }
        IsLinear = Array.TrueForAll(this.tmr0, t => t == 0);
    }

    /// <summary>Takes ownership of already validated flat row-major arrays (used by <see cref="MtjProgramming"/>, which draws valid values).</summary>
    internal MtjCellArray(int rows, int cols, double[] conductanceParallel, double[] tmr0, double[] parallelFraction, double halfBiasVoltage)
    {
        Rows = rows;
        Cols = cols;
        gp = conductanceParallel;
        this.tmr0 = tmr0;
        x = parallelFraction;
        vh = halfBiasVoltage;
        IsLinear = Array.TrueForAll(tmr0, t => t == 0);
    }

    /// <summary>An ideal programmed array: every cell the nominal cell of its state (no variation).</summary>
    public static MtjCellArray Nominal(MtjDevice device, int[,] states)
    {
        CellCheck.NotEmpty(states, "state matrix");
        int m = states.GetLength(0), n = states.GetLength(1);
        var g = new double[m, n];
        var t = new double[m, n];
        var f = new double[m, n];
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++)
            {
                CellCheck.State(states[i, j], device.States, i, j);
                g[i, j] = device.Parameters.ConductanceParallel;
                t[i, j] = device.Parameters.Tmr0;
                f[i, j] = device.ParallelFraction(states[i, j]);
            }
        return new MtjCellArray(g, t, f, device.Parameters.HalfBiasVoltage);
    }

    public int Rows { get; }

    public int Cols { get; }

    public bool IsLinear { get; }

    /// <summary>Shared V_h, in V.</summary>
    public double HalfBiasVoltage => vh;

    /// <summary>Drawn G_P of cell (i, j), in S.</summary>
    public double ConductanceParallelOf(int i, int j) => gp[Flat(i, j)];

    /// <summary>Drawn TMR0 of cell (i, j).</summary>
    public double Tmr0Of(int i, int j) => tmr0[Flat(i, j)];

    /// <summary>Drawn parallel fraction x of cell (i, j).</summary>
    public double ParallelFractionOf(int i, int j) => x[Flat(i, j)];

    /// <summary>Low-bias conductance of cell (i, j), in S.</summary>
    public double LowBiasConductanceOf(int i, int j)
    {
        int k = Flat(i, j);
        return MtjLaw.LowBiasConductance(gp[k], tmr0[k], x[k]);
    }

    public double Current(int i, int j, double v)
    {
        int k = i * Cols + j;
        return MtjLaw.Current(v, gp[k], tmr0[k], vh, x[k]);
    }

    public double Conductance(int i, int j, double v)
    {
        int k = i * Cols + j;
        return MtjLaw.Conductance(v, gp[k], tmr0[k], vh, x[k]);
    }

    /// <summary>One row's cells in one loop over the flat row-major parameters, one division per cell (<see cref="MtjLaw.CurrentAndConductance"/>; see <see cref="ICellArray.EvaluateRow"/>).</summary>
    public void EvaluateRow(int i, int j0, ReadOnlySpan<double> v, Span<double> current, Span<double> conductance)
    {
        if (v.IsEmpty) return;
        CellCheck.Index(i, j0, Rows, Cols);
        CellCheck.Index(i, j0 + v.Length - 1, Rows, Cols);
        int k0 = i * Cols + j0, count = v.Length;
        var g = gp.AsSpan(k0, count);
        var t = tmr0.AsSpan(k0, count);
        var f = x.AsSpan(k0, count);
        current = current[..count];
        conductance = conductance[..count];
        double inverseVh = 1 / vh;
        for (int c = 0; c < count; c++)
            (current[c], conductance[c]) = MtjLaw.CurrentAndConductance(v[c], g[c], t[c], inverseVh, f[c]);
    }

    /// <summary>
    /// The cells column-major for the nodal solver's Newton steps (<see cref="MtjColumnMajorCells"/>),
    /// built on first use (three arrays of Rows x Cols) and kept for later solves of this array.
    /// </summary>
    public IColumnMajorCells ColumnMajor =>
        LazyInitializer.EnsureInitialized(ref columnMajor, () => new MtjColumnMajorCells(Rows, Cols, gp, tmr0, x, vh));

    public IReadOnlyList<string> SpiceDefinitions() => MtjLaw.SpiceDefinitions();

    public IReadOnlyList<string> SpiceInstance(string name, string wordLineNode, string bitLineNode, int i, int j)
    {
        int k = Flat(i, j);
        return [MtjLaw.SpiceInstance(name, wordLineNode, bitLineNode, gp[k], tmr0[k], vh, x[k])];
    }

    private int Flat(int i, int j)
    {
        CellCheck.Index(i, j, Rows, Cols);
        return i * Cols + j;
    }

    private void RequireShape(double[,] m, string what)
    {
        ArgumentNullException.ThrowIfNull(m, what);
        if (m.GetLength(0) != Rows || m.GetLength(1) != Cols)
            throw new InvalidInputException($"{what} is {m.GetLength(0)} x {m.GetLength(1)}, expected {Rows} x {Cols}.");
    }
}
