namespace Xbar.Devices;

/// <summary>
/// A programmed array's cells laid out in a nodal solver's order, column-major (cell (i, j) at
/// k = j * Rows + i), so that a Newton step evaluates every cell in one pass over contiguous memory
/// instead of gathering each row of cells across the columns (<see cref="ICellArray.EvaluateRow"/>).
/// </summary>
public interface IColumnMajorCells
{
    /// <summary>
    /// Evaluates cells k0 .. k1 - 1 (k = j * Rows + i) at biases w[k] - b[k] (V, word-line minus
    /// bit-line node voltage): their currents (A) into <paramref name="current"/>[k] and small-signal
    /// conductances dI/dV (S) into <paramref name="conductance"/>[k], the values of
    /// <see cref="ICellArray.Current"/> and <see cref="ICellArray.Conductance"/> to round-off.
    /// </summary>
    void Evaluate(int k0, int k1, ReadOnlySpan<double> w, ReadOnlySpan<double> b, Span<double> current, Span<double> conductance);
}
