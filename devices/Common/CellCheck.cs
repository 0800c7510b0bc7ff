namespace Xbar.Devices;

/// <summary>Validation of arrays and cell indices shared by every <see cref="ICellArray"/>.</summary>
public static class CellCheck
{
    /// <summary>Rejects an array with no rows or no columns.</summary>
    public static void NotEmpty<T>(T[,] values, string what)
    {
        ArgumentNullException.ThrowIfNull(values, what);
        if (values.GetLength(0) == 0 || values.GetLength(1) == 0)
            throw new InvalidInputException(
                $"{what} is empty ({values.GetLength(0)} x {values.GetLength(1)}); an array needs at least one row and one column.");
    }

    /// <summary>Rejects a non-finite or negative conductance, naming the cell.</summary>
    public static void Conductance(double g, int i, int j)
    {
        if (!double.IsFinite(g) || g < 0)
            throw new InvalidInputException(
                $"cell ({i}, {j}): conductance must be a finite number >= 0 S, got {Guard.Fmt(g)}.");
    }

    /// <summary>A copy of a conductance matrix (S) after checking it is non-empty and every cell is finite and &gt;= 0.</summary>
    public static double[,] ValidatedConductances(double[,] conductances)
    {
        NotEmpty(conductances, "conductance matrix");
        var g = (double[,])conductances.Clone();
        for (int i = 0; i < g.GetLength(0); i++)
            for (int j = 0; j < g.GetLength(1); j++)
                Conductance(g[i, j], i, j);
        return g;
    }

    /// <summary>Rejects a state index outside 0..states-1, naming the cell.</summary>
    public static void State(int state, int states, int i, int j)
    {
        if (state < 0 || state >= states)
            throw new InvalidInputException(
                $"cell ({i}, {j}): state {state} is outside 0..{states - 1} (the device has {states} states).");
    }

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> for an index outside the array (a caller bug, not user input).</summary>
    public static void Index(int i, int j, int rows, int cols)
    {
        if ((uint)i >= (uint)rows || (uint)j >= (uint)cols)
            throw new ArgumentOutOfRangeException(nameof(i), $"cell ({i}, {j}) is outside the {rows} x {cols} array.");
    }

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> for a state index outside 0..states-1 (a caller bug).</summary>
    public static void ModelState(int state, int states)
    {
        if ((uint)state >= (uint)states)
            throw new ArgumentOutOfRangeException(nameof(state), state, $"state must be in 0..{states - 1}.");
    }
}
