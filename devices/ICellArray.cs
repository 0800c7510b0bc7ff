namespace Xbar.Devices;

/// <summary>
/// A programmed array of memory cells as a circuit solver sees it: every cell (row i, column j)
/// with its own I(V) after programming and device-to-device variation have been drawn.
/// This is the contract between <c>devices/</c> (which draws and owns the cells) and
/// <c>circuits/</c> (the nodal solver and the SPICE netlist builder).
/// </summary>
/// <remarks>
/// Sign convention: <c>v</c> is the voltage across the cell from its word-line terminal to its
/// bit-line terminal (V); <see cref="Current"/> is the current flowing word line -> bit line (A).
/// Read noise is not part of this interface: it is drawn per read by the caller.
/// Implementations: <see cref="Linear.LinearCellArray"/> (ohmic, from explicit conductances),
/// <see cref="Mtj.MtjCellArray"/> (multi-state MTJ), <see cref="Rram.RramCellArray"/> (sinh RRAM);
/// programmed arrays come from <see cref="Arrays.CellArrayFactory.Program(IDeviceModel, int[,], NonIdealities.DeviceNonIdealities, int)"/>.
/// </remarks>
public interface ICellArray
{
    /// <summary>Number of rows (word lines).</summary>
    int Rows { get; }

    /// <summary>Number of columns (bit lines).</summary>
    int Cols { get; }

    /// <summary>True when every cell is ohmic (I = G V), so a solve needs no Newton iterations.</summary>
    bool IsLinear { get; }

    /// <summary>Current through cell (i, j) at bias <paramref name="v"/> (V), in A.</summary>
    double Current(int i, int j, double v);

    /// <summary>Small-signal conductance dI/dV of cell (i, j) at bias <paramref name="v"/>, in S (for Newton).</summary>
    double Conductance(int i, int j, double v);

    /// <summary>
    /// Evaluates cells (i, j0) .. (i, j0 + v.Length - 1) of one row at biases <paramref name="v"/> (V):
    /// their currents (A) into <paramref name="current"/> and small-signal conductances (S) into
    /// <paramref name="conductance"/>, the same values as <see cref="Current"/> and <see cref="Conductance"/>.
    /// A Newton solver evaluates every cell at every step, so arrays stored flat override this to
    /// spare two interface calls per cell; the default calls them cell by cell.
    /// </summary>
    void EvaluateRow(int i, int j0, ReadOnlySpan<double> v, Span<double> current, Span<double> conductance)
    {
        for (int t = 0; t < v.Length; t++)
        {
            current[t] = Current(i, j0 + t, v[t]);
            conductance[t] = Conductance(i, j0 + t, v[t]);
        }
    }

    /// <summary>
    /// The cells in column-major order for a solver that evaluates them all at every Newton step
    /// (<see cref="IColumnMajorCells"/>), or null (the default) when the array has no such layout;
    /// the solver then goes row by row through <see cref="EvaluateRow"/>.
    /// </summary>
    IColumnMajorCells? ColumnMajor => null;

    /// <summary>
    /// The SPICE definitions this array's cells need once per netlist (for example a
    /// <c>.subckt</c> wrapping a B source), as netlist lines. May be empty.
    /// </summary>
    IReadOnlyList<string> SpiceDefinitions();

    /// <summary>
    /// The SPICE line(s) for cell (i, j) named <paramref name="name"/> between nodes
    /// <paramref name="wordLineNode"/> (+) and <paramref name="bitLineNode"/> (-), carrying
    /// that cell's own drawn parameters, so ngspice solves the same physics as <see cref="Current"/>.
    /// </summary>
    IReadOnlyList<string> SpiceInstance(string name, string wordLineNode, string bitLineNode, int i, int j);
}
