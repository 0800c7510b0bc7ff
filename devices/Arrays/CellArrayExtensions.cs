namespace Xbar.Devices.Arrays;

/// <summary>Whole-array views of an <see cref="ICellArray"/>.</summary>
public static class CellArrayExtensions
{
    /// <summary>Small-signal conductance dI/dV of every cell at bias <paramref name="v"/> (V; default 0, the low-bias value), in S.</summary>
    public static double[,] ConductanceMatrix(this ICellArray cells, double v = 0)
    {
        var g = new double[cells.Rows, cells.Cols];
        for (int i = 0; i < cells.Rows; i++)
            for (int j = 0; j < cells.Cols; j++)
                g[i, j] = cells.Conductance(i, j, v);
        return g;
    }

    /// <summary>Chord conductance I(v)/v of every cell at bias <paramref name="v"/> (V, non-zero), in S.</summary>
    public static double[,] ChordConductanceMatrix(this ICellArray cells, double v)
    {
        if (v == 0 || !double.IsFinite(v))
            throw new ArgumentOutOfRangeException(nameof(v), v, "chord conductance needs a finite non-zero bias.");
        var g = new double[cells.Rows, cells.Cols];
        for (int i = 0; i < cells.Rows; i++)
            for (int j = 0; j < cells.Cols; j++)
                g[i, j] = cells.Current(i, j, v) / v;
        return g;
    }
}
