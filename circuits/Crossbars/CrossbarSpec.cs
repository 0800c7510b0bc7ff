namespace Xbar.Circuits.Crossbars;

/// <summary>How a cell is connected between its word line and its bit line.</summary>
public enum CellKind
{
    /// <summary>The memory element alone between WL(i,j) and BL(i,j) (1R, passive crossbar).</summary>
    OneR,
    /// <summary>
    /// The memory element in series with an access transistor modelled as its on-resistance
    /// (<see cref="CrossbarSpec.AccessResistance"/>, Ohm), as in 1T1R arrays read with the gate fully on.
    /// </summary>
    OneT1R,
}

/// <summary>What terminates every bit line at its row m-1 end.</summary>
public enum ColumnTermination
{
    /// <summary>An ideal virtual ground at 0 V (the input of a transimpedance amplifier).</summary>
    VirtualGround,
    /// <summary>A load resistor (<see cref="CrossbarSpec.LoadResistance"/>, Ohm) to ground.</summary>
    LoadResistor,
}

/// <summary>
/// The electrical description of a crossbar array, independent of the cells' state:
/// m word lines (rows) driven at their column-0 end through <see cref="DriverResistance"/>,
/// n bit lines (columns) read at their row m-1 end, a wire segment of
/// <see cref="WordLineSegmentResistance"/> between neighbouring cells of a word line and of
/// <see cref="BitLineSegmentResistance"/> between neighbouring cells of a bit line (plus one more
/// bit-line segment from the row m-1 cell to the column termination). All resistances in Ohm.
/// </summary>
/// <remarks>
/// Typical values: about 1-5 Ohm per cell-pitch segment for narrow Cu lines at sub-100 nm pitch
/// (line resistance per length from the ITRS/IRDS interconnect tables times the pitch), 0 Ohm for
/// an ideal driver, a few kOhm on-resistance for a minimum-size access transistor. Immutable; validated at
/// construction with an <see cref="InvalidInputException"/> naming the bad field.
/// </remarks>
public sealed record CrossbarSpec
{
    public CrossbarSpec(int rows, int cols, double wordLineSegmentResistance, double bitLineSegmentResistance,
        double driverResistance = 0.0, CellKind cellKind = CellKind.OneR, double accessResistance = 0.0,
        ColumnTermination termination = ColumnTermination.VirtualGround, double loadResistance = 0.0,
        bool differentialColumns = false)
    {
        if (rows <= 0) throw new InvalidInputException($"crossbar rows must be at least 1 (got {rows})");
        if (cols <= 0) throw new InvalidInputException($"crossbar cols must be at least 1 (got {cols})");
        CheckResistance("wire-r (word-line segment resistance)", wordLineSegmentResistance);
        CheckResistance("wire-r-bl (bit-line segment resistance)", bitLineSegmentResistance);
        CheckResistance("driver resistance", driverResistance);
        CheckResistance("access resistance", accessResistance);
        CheckResistance("load resistance", loadResistance);
        if (termination == ColumnTermination.LoadResistor && loadResistance <= 0)
            throw new InvalidInputException(
                $"load resistance must be positive for a load-resistor termination (got {loadResistance.ToString(System.Globalization.CultureInfo.InvariantCulture)} Ohm); use the virtual-ground termination for 0 Ohm");
        if (differentialColumns && cols % 2 != 0)
            throw new InvalidInputException($"differential columns need an even number of cols (got {cols})");
        Rows = rows;
        Cols = cols;
        WordLineSegmentResistance = wordLineSegmentResistance;
        BitLineSegmentResistance = bitLineSegmentResistance;
        DriverResistance = driverResistance;
        CellKind = cellKind;
        AccessResistance = accessResistance;
        Termination = termination;
        LoadResistance = loadResistance;
        DifferentialColumns = differentialColumns;
    }

    /// <summary>Number of word lines m.</summary>
    public int Rows { get; }
    /// <summary>Number of bit lines n.</summary>
    public int Cols { get; }
    /// <summary>Resistance of one word-line segment between neighbouring cells (Ohm, >= 0).</summary>
    public double WordLineSegmentResistance { get; }
    /// <summary>Resistance of one bit-line segment between neighbouring cells, and from the last cell to the termination (Ohm, >= 0).</summary>
    public double BitLineSegmentResistance { get; }
    /// <summary>Output resistance of each word-line driver, between the ideal source and the column-0 cell (Ohm, >= 0).</summary>
    public double DriverResistance { get; }
    /// <summary>1R or 1T1R.</summary>
    public CellKind CellKind { get; }
    /// <summary>Access-transistor on-resistance for <see cref="CellKind.OneT1R"/> (Ohm, >= 0; ignored for 1R).</summary>
    public double AccessResistance { get; }
    /// <summary>Column termination.</summary>
    public ColumnTermination Termination { get; }
    /// <summary>Load resistance for <see cref="ColumnTermination.LoadResistor"/> (Ohm, > 0).</summary>
    public double LoadResistance { get; }
    /// <summary>
    /// True when columns (2k, 2k+1) form a differential pair encoding a signed weight as
    /// G+ - G-; <see cref="Nodal.CrossbarSolution.DifferentialCurrents"/> then gives I(2k) - I(2k+1).
    /// </summary>
    public bool DifferentialColumns { get; }

    /// <summary>True when the access transistor adds a series resistance to every cell.</summary>
    public bool HasAccessResistance => CellKind == CellKind.OneT1R && AccessResistance > 0;

    /// <summary>An ideal crossbar: no wire, driver or access resistance, virtual-ground columns (I = G^T V exactly).</summary>
    public static CrossbarSpec Ideal(int rows, int cols) => new(rows, cols, 0, 0);

    /// <summary>Throws a clear error when the cell array does not match this spec's shape.</summary>
    public void CheckShape(Xbar.Devices.ICellArray cells)
    {
        ArgumentNullException.ThrowIfNull(cells);
        if (cells.Rows != Rows || cells.Cols != Cols)
            throw new InvalidInputException(
                $"cell array is {cells.Rows}x{cells.Cols} but the crossbar is {Rows}x{Cols} (rows x cols)");
    }

    /// <summary>Throws a clear error when the word-line voltage vector does not match the rows or is not finite.</summary>
    public void CheckInputs(IReadOnlyList<double> wordLineVoltages)
    {
        ArgumentNullException.ThrowIfNull(wordLineVoltages);
        CheckInputs(wordLineVoltages as double[] ?? wordLineVoltages.ToArray());
    }

    /// <inheritdoc cref="CheckInputs(IReadOnlyList{double})"/>
    /// <remarks>
    /// An array is read directly: through <see cref="IReadOnlyList{T}"/> every element was an
    /// interface call into a generic helper that a ReadyToRun build compiles on the first solve.
    /// </remarks>
    public void CheckInputs(double[] wordLineVoltages)
    {
        ArgumentNullException.ThrowIfNull(wordLineVoltages);
        if (wordLineVoltages.Length != Rows)
            throw new InvalidInputException(
                $"input vector has {wordLineVoltages.Length} word-line voltages but the crossbar has {Rows} rows");
        for (int i = 0; i < wordLineVoltages.Length; i++)
            if (!double.IsFinite(wordLineVoltages[i]))
                throw new InvalidInputException($"word-line voltage {i} is not a finite number ({wordLineVoltages[i]})");
    }

    private static void CheckResistance(string field, double value)
    {
        if (!double.IsFinite(value))
            throw new InvalidInputException($"{field} must be a finite number of Ohm (got {value})");
        if (value < 0)
            throw new InvalidInputException(
                $"{field} must not be negative (got {value.ToString(System.Globalization.CultureInfo.InvariantCulture)} Ohm)");
    }
}
