using Xbar.Devices.Linear;

namespace Xbar.Circuits.IO;

/// <summary>
/// A programmed array of ohmic cells read from a file: a conductance matrix (S) given as
/// <c>--g</c> or a resistance matrix (Ohm) given as <c>--r</c>, rows x cols, CSV or .npy. Errors
/// name the file and the cell.
/// </summary>
public static class CellMatrixFile
{
    /// <summary>The cells from exactly one of <paramref name="conductancePath"/> and <paramref name="resistancePath"/>; null when neither is given.</summary>
    public static LinearCellArray? Read(string? conductancePath, string? resistancePath)
    {
        if (conductancePath is not null && resistancePath is not null)
            throw new InvalidInputException("give either --g (conductances, S) or --r (resistances, Ohm), not both");
        if (conductancePath is not null)
        {
            var g = MatrixFile.ReadDoubles(conductancePath);
            for (int i = 0; i < g.GetLength(0); i++)
                for (int j = 0; j < g.GetLength(1); j++)
                    if (g[i, j] < 0)
                        throw new InvalidInputException($"{conductancePath}: cell ({i},{j}) has a negative conductance ({g[i, j]} S)");
            return new LinearCellArray(g);
        }
        if (resistancePath is not null)
        {
            var r = MatrixFile.ReadDoubles(resistancePath);
            var g = new double[r.GetLength(0), r.GetLength(1)];
            for (int i = 0; i < r.GetLength(0); i++)
                for (int j = 0; j < r.GetLength(1); j++)
                {
                    if (!(r[i, j] > 0))
                        throw new InvalidInputException($"{resistancePath}: cell ({i},{j}) has resistance {r[i, j]} Ohm; resistances must be positive");
                    g[i, j] = 1.0 / r[i, j];
                }
            return new LinearCellArray(g);
        }
        return null;
    }
}
