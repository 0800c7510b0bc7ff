using Xbar.Circuits.Crossbars;

namespace Xbar.Circuits.Nodal;

/// <summary>How <see cref="NodalCrossbarSolver.RowResponses"/> computes the row responses.</summary>
public enum RowResponseMethod
{
    /// <summary>The batched solves where they apply (resistive word and bit lines), row solves otherwise.</summary>
    Auto,
    /// <summary>One iterative nodal solve per row and per replaced row (2m + 1 solves): the reference, and the former path.</summary>
    RowSolves,
    /// <summary>The same iterative solves, many at once (<see cref="LaneBatchSolver"/>, one per SIMD lane).</summary>
    Batched,
}

/// <summary>
/// How a crossbar of linear cells responds to each row driven alone: the column currents (the
/// transfer matrix), the bias of the driven row's own cells, and the biases with every row at 1 V;
/// then, by <see cref="ReplaceRows"/>, the same single-row solves with the driven row's cells
/// replaced. These are the nodal solves the behavioral tile's transfer model is built from (a
/// bias-dependent cell linearized at zero bias and at its chord through the one-row operating point).
/// Layouts: per cell [row * cols + col]; per output and row [col * rows + row].
/// </summary>
public abstract class RowResponses
{
    protected RowResponses(int rows, int cols, double[] transfer, double[] ownRowBias, double[] allRowsBias)
    {
        Rows = rows; Cols = cols; Transfer = transfer; OwnRowBias = ownRowBias; AllRowsBias = allRowsBias;
    }

    public int Rows { get; }
    public int Cols { get; }

    /// <summary>T (S): column currents per volt on each row alone, [col * rows + row].</summary>
    public double[] Transfer { get; }

    /// <summary>u (V/V): the bias W - B of cell (k, l) when row k alone is at 1 V, [k * cols + l].</summary>
    public double[] OwnRowBias { get; }

    /// <summary>The bias W - B (V) of every cell with every row at 1 V, [row * cols + col].</summary>
    public double[] AllRowsBias { get; }

    /// <summary>
    /// For every row k: the array with row k's cells at <paramref name="conductances"/> (S, of the
    /// memory element as <see cref="Devices.ICellArray"/> gives it; an access transistor stays in
    /// series), the other rows as programmed, row k alone at 1 V. Returns the column currents and,
    /// per column l, the sum over the other rows i != k of <paramref name="weights"/>[i, l] times the
    /// bias of cell (i, l). Both arguments [row * cols + col].
    /// </summary>
    public abstract ReplacedRowResponses ReplaceRows(double[] conductances, double[] weights);

    /// <summary>Checks the shape of <see cref="ReplaceRows"/>'s arguments.</summary>
    protected void CheckReplacement(double[] conductances, double[] weights)
    {
        ArgumentNullException.ThrowIfNull(conductances);
        ArgumentNullException.ThrowIfNull(weights);
        int size = Rows * Cols;
        if (conductances.Length != size || weights.Length != size)
            throw new ArgumentException($"expected {Rows} x {Cols} conductances and weights, got {conductances.Length} and {weights.Length}");
    }
}

/// <param name="Transfer">T' (A/V): column currents with row k replaced and alone at 1 V, [col * rows + row k].</param>
/// <param name="WeightedBias">sum over i != k of w[i, l] times the bias of cell (i, l) in that solve, [col l * rows + row k].</param>
public sealed record ReplacedRowResponses(double[] Transfer, double[] WeightedBias);
