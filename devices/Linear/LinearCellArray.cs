namespace Xbar.Devices.Linear;

/// <summary>
/// An array of ohmic cells (I = G V) with one explicit conductance per cell, in S.
/// Used for linear devices, for RRAM without I-V nonlinearity, for PCM at read bias, and
/// directly by tests and solvers that need a given conductance matrix.
/// </summary>
/// <remarks>
/// A zero conductance is an open cell: its SPICE form is a comment only (no element), so
/// ngspice sees exactly the same (absent) current as <see cref="Current"/>.
/// </remarks>
public sealed class LinearCellArray : ICellArray
{
    private readonly double[,] g;

    /// <summary>Copies <paramref name="conductances"/> (rows x cols, S; finite and &gt;= 0).</summary>
    /// <exception cref="InvalidInputException">Empty matrix, or a non-finite/negative conductance (the message names the cell).</exception>
    public LinearCellArray(double[,] conductances)
    {
        g = CellCheck.ValidatedConductances(conductances);
    }

    public int Rows => g.GetLength(0);

    public int Cols => g.GetLength(1);

    public bool IsLinear => true;

    /// <summary>Conductance of cell (i, j), in S.</summary>
    public double ConductanceOf(int i, int j) => g[i, j];

    /// <summary>Row <paramref name="i"/> of the conductances (S) without a copy, for bulk readers (the nodal solver uses <see cref="CopyRow"/>).</summary>
    public ReadOnlySpan<double> Row(int i) => System.Runtime.InteropServices.MemoryMarshal.CreateReadOnlySpan(ref g[i, 0], g.GetLength(1));

    /// <summary>
    /// Copies row <paramref name="i"/>'s conductances (S) of columns [j0, j1) into
    /// target[offset + (j - j0) * stride]: the transposing copy of a bulk reader that keeps its cells
    /// column-major, such as the nodal solver. Plain indexing rather than <see cref="Row"/>, whose
    /// MemoryMarshal.CreateReadOnlySpan is a generic library method that a ReadyToRun build compiles
    /// on its first call in a process (it was the one method compiled on the nodal solver's first solve).
    /// </summary>
    public void CopyRow(int i, int j0, int j1, double[] target, long offset, long stride)
    {
        var a = g;
        for (int j = j0; j < j1; j++, offset += stride) target[offset] = a[i, j];
    }

    /// <summary>A copy of the conductance matrix, in S.</summary>
    public double[,] ToMatrix() => (double[,])g.Clone();

    public double Current(int i, int j, double v) => g[i, j] * v;

    public double Conductance(int i, int j, double v) => g[i, j];

    public IReadOnlyList<string> SpiceDefinitions() => [];

    public IReadOnlyList<string> SpiceInstance(string name, string wordLineNode, string bitLineNode, int i, int j)
    {
        CellCheck.Index(i, j, Rows, Cols);
        var element = SpiceName.With('R', name);
        double gij = g[i, j];
        return gij == 0
            ? [$"* {element} {wordLineNode} {bitLineNode} open (G = 0)"]
            : [$"{element} {wordLineNode} {bitLineNode} {SpiceText.Num(1.0 / gij)}"];
    }
}
