namespace Xbar.Devices.Rram;

/// <summary>
/// A programmed array of nonlinear RRAM cells (<see cref="RramLaw"/>), one low-bias conductance per
/// cell (S) and a shared V0 (V). Ohmic RRAM arrays are <see cref="Linear.LinearCellArray"/> instead.
/// </summary>
public sealed class RramCellArray : ICellArray
{
    private readonly double[,] g;
    private readonly double v0;

    /// <summary>Copies <paramref name="conductances"/> (S, finite, &gt;= 0); <paramref name="nonlinearityVoltage"/> V0 in V.</summary>
    public RramCellArray(double[,] conductances, double nonlinearityVoltage)
    {
        g = CellCheck.ValidatedConductances(conductances);
        v0 = Guard.Positive(nonlinearityVoltage, "NonlinearityVoltage", "V");
    }

    public int Rows => g.GetLength(0);

    public int Cols => g.GetLength(1);

    public bool IsLinear => false;

    /// <summary>V0, in V.</summary>
    public double NonlinearityVoltage => v0;

    /// <summary>Low-bias conductance of cell (i, j), in S.</summary>
    public double ConductanceOf(int i, int j) => g[i, j];

    public double Current(int i, int j, double v) => RramLaw.Current(v, g[i, j], v0);

    public double Conductance(int i, int j, double v) => RramLaw.Conductance(v, g[i, j], v0);

    public IReadOnlyList<string> SpiceDefinitions() => RramLaw.SpiceDefinitions();

    public IReadOnlyList<string> SpiceInstance(string name, string wordLineNode, string bitLineNode, int i, int j)
    {
        CellCheck.Index(i, j, Rows, Cols);
        return [RramLaw.SpiceInstance(name, wordLineNode, bitLineNode, g[i, j], v0)];
    }
}
