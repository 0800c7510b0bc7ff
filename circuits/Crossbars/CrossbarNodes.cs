using Xbar.Devices;

namespace Xbar.Circuits.Crossbars;

/// <summary>
/// The one place that names the nodes and elements of a crossbar, shared by the SPICE netlist
/// and the nodal solver's results. Nodes: <c>in_i</c> (word-line source), <c>wl_i_j</c> and
/// <c>bl_i_j</c> (the two terminals of cell (i, j)), <c>col_j</c> (column output, held at 0 V by
/// the sense source <c>vcol_j</c> whose current i(vcol_j) is the column current), <c>ld_j</c>
/// (load-resistor node), <c>ac_i_j</c> (1T1R internal node). A zero-resistance segment merges
/// its two nodes under one name, so no 0 Ohm resistor is ever written.
/// </summary>
public sealed class CrossbarNodes
{
    private readonly CrossbarSpec _spec;

    public CrossbarNodes(CrossbarSpec spec) => _spec = spec ?? throw new ArgumentNullException(nameof(spec));

    /// <summary>Node driven by the ideal source of word line i.</summary>
    public static string Input(int i) => $"in_{i}";

    /// <summary>Column j's output node (the termination side of the last bit-line segment).</summary>
    public static string ColumnOutput(int j) => $"col_{j}";

    /// <summary>Node between the sense source and the load resistor of column j.</summary>
    public static string LoadNode(int j) => $"ld_{j}";

    /// <summary>Source driving word line i.</summary>
    public static string InputSource(int i) => $"vin_{i}";

    /// <summary>0 V source in series with column j's termination; ngspice's i(vcol_j) is the column current.</summary>
    public static string ColumnSource(int j) => $"vcol_{j}";

    /// <summary>Instance name of cell (i, j) (devices prefix it with their element letter).</summary>
    public static string Cell(int i, int j) => $"c_{i}_{j}";

    /// <summary>1T1R internal node between the access transistor and the memory element.</summary>
    public static string AccessNode(int i, int j) => $"ac_{i}_{j}";

    /// <summary>Word-line terminal node of cell (i, j).</summary>
    public string WordLine(int i, int j)
    {
        if (_spec.WordLineSegmentResistance == 0) j = 0;
        if (j == 0 && _spec.DriverResistance == 0) return Input(i);
        return $"wl_{i}_{j}";
    }

    /// <summary>Bit-line terminal node of cell (i, j).</summary>
    public string BitLine(int i, int j) =>
        _spec.BitLineSegmentResistance == 0 ? ColumnOutput(j) : $"bl_{i}_{j}";

    /// <summary>The cells as the crossbar's terminals see them (with the 1T1R access resistance in series).</summary>
    public ICellArray CellsAsSeen(ICellArray cells) =>
        _spec.HasAccessResistance ? new SeriesAccessCellArray(cells, _spec.AccessResistance, AccessNode) : cells;
}
