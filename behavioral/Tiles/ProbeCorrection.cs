using Xbar.Circuits.Crossbars;
using Xbar.Circuits.Nodal;
using Xbar.Devices;
using Xbar.Devices.Linear;

namespace Xbar.Behavioral.Tiles;

/// <summary>
/// The probed IR-drop option (<see cref="Config.IrDropModel.Probed"/>): the ladder model's transfer
/// matrix made exact on a few probe reads of the programmed array, each a group of neighbouring rows
/// driven at 1 V with the other rows at 0 V, solved by the nodal solver.
/// </summary>
/// <remarks>
/// <para>With ohmic cells the crossbar is a linear network, so the column currents are exactly
/// I = T V for one transfer matrix T (superposition); the ladder model (<see cref="LadderIrDropModel"/>)
/// gives T_L = T - E. With the rows split into P contiguous groups and W (rows x P) the group indicators,
/// the P probe reads give Y = T W exactly, and the correction is the orthogonal projection of the
/// error onto the probes: T_P = T_L + (Y - T_L W)(W^T W)^-1 W^T. For disjoint groups W^T W is diagonal
/// (the group sizes), so for every column the ladder's error on each group's summed transfer is
/// spread evenly over that group's rows; the cell-by-cell pattern inside a group stays the ladder's.
/// (Superposition: Desoer and Kuh 1969, Basic Circuit Theory, ch. 16. Correcting a cheap model of a
/// linear operator by its products with a few probe vectors is the idea of randomized low-rank
/// approximation, Halko, Martinsson and Tropp 2011, SIAM Review 53(2):217; the deterministic row-group
/// probes and the projection here are our construction.)</para>
/// <para>Why so few probes suffice. T_P is exact on every input that is constant over each group:
/// full-scale inputs, and a partly filled tile whose used rows are whole groups. For any input the
/// error is E (v - v_g), with v_g the input's mean over each group: only the within-group fluctuation
/// of the input meets the ladder's error. The ladder's error is largest where it is coherent over many
/// rows: it leaves out current that leaks from a bit line through a cell into another word line and
/// re-enters other bit lines, and that current is summed over all the driven rows of the tile, so it
/// grows with how many rows push current into the same bit lines at the same sign (a block of
/// high-conductance cells driven at full scale: 1.7 % NRMSE at 256x256, 1 Ohm). That sum is what
/// the group means carry and the probes make exact. The fluctuation part meets E with signs that
/// vary from row to row, so its errors add up incoherently, about sqrt(rows) smaller. Measured
/// (docs/fast-tile.md, xbar validate tile): worst structured family 0.0085 % -> 0.0002 % at 64x64 and
/// 1.7 % -> 0.014 % at 256x256 (1 Ohm); a correction multiplying the ladder's entries by a smooth
/// function of the row, fitted to the same probes, stays at 0.37 % (it bends the cell-by-cell pattern
/// the ladder gets right to fit an error that is not proportional to it).</para>
/// <para>Bias-dependent cells: the probes solve the array linearized at zero bias, so they correct
/// the linear transfer only (the ladder's cubic term is kept). Cost: P nodal solves of a linear
/// network (about 15 ms each at 256x256 on one core) and O(P rows cols) arithmetic; an MVM is unchanged.</para>
/// </remarks>
public static class ProbeCorrection
{
    /// <summary>Probe groups of the probed option: at 256x256, 4 groups give a worst family of 0.021 %, 8 of 0.015 %, 16 of 0.008 % (docs/fast-tile.md).</summary>
    public const int DefaultGroups = 8;

    /// <summary>The group of row <paramref name="row"/> when <paramref name="rows"/> rows are split into <paramref name="groups"/> contiguous groups of nearly equal size.</summary>
    public static int GroupOf(int row, int rows, int groups) => (int)((long)row * groups / rows);

    /// <summary>
    /// Corrects <paramref name="tPhys"/> (the ladder's transfer of every physical column, S,
    /// [col * rows + row]) in place with <paramref name="groups"/> probe reads of the programmed array.
    /// </summary>
    public static void Apply(double[] tPhys, CrossbarSpec spec, ICellArray cells, int groups = DefaultGroups, NodalCrossbarSolver? solver = null)
    {
        ArgumentNullException.ThrowIfNull(tPhys);
        ArgumentNullException.ThrowIfNull(spec);
        spec.CheckShape(cells);
        int m = spec.Rows, c = spec.Cols;
        if (tPhys.Length != m * c) throw new ArgumentException($"expected {m * c} transfer entries, got {tPhys.Length}");
        if (groups < 1) throw new ArgumentOutOfRangeException(nameof(groups), "at least one probe group");
        groups = Math.Min(groups, m);
        solver ??= new NodalCrossbarSolver();
        var size = new int[groups];
        for (int k = 0; k < m; k++) size[GroupOf(k, m, groups)]++;
        var probes = Enumerable.Range(0, groups)
            .Select(q => (IReadOnlyList<double>)Enumerable.Range(0, m).Select(k => GroupOf(k, m, groups) == q ? 1.0 : 0.0).ToArray())
            .ToList();
        var reads = solver.SolveBatch(spec, cells.IsLinear ? cells : ZeroBias(cells), probes);
        for (int q = 0; q < groups; q++)
        {
            var y = reads[q].ColumnCurrents;
            int first = FirstRow(q, m, groups);
            for (int l = 0; l < c; l++)
            {
                var column = tPhys.AsSpan(l * m + first, size[q]);
                double ladder = 0;
                foreach (double t in column) ladder += t;
                double shift = (y[l] - ladder) / size[q];
                for (int k = 0; k < column.Length; k++) column[k] += shift;
            }
        }
    }

    /// <summary>The first row of group <paramref name="q"/> (the smallest k with <see cref="GroupOf"/>(k) = q).</summary>
    private static int FirstRow(int q, int rows, int groups) => (int)(((long)q * rows + groups - 1) / groups);

    /// <summary>The array linearized at zero bias (each cell at dI/dV(0)).</summary>
    private static LinearCellArray ZeroBias(ICellArray cells)
    {
        var g = new double[cells.Rows, cells.Cols];
        for (int i = 0; i < cells.Rows; i++) for (int j = 0; j < cells.Cols; j++) g[i, j] = cells.Conductance(i, j, 0.0);
        return new LinearCellArray(g);
    }
}
