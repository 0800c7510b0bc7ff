namespace Xbar.Circuits.Nodal;

/// <summary>
/// The DC operating point of a crossbar for one input vector: column currents and every
/// word-line and bit-line node voltage, with the solver's iteration counts and its final
/// Kirchhoff current-law residual.
/// </summary>
public sealed class CrossbarSolution
{
    // Layout of both voltage arrays: index j * Rows + i (column-major), the solver's own layout.
    private readonly double[] _wordLine;
    private readonly double[] _bitLine;

    internal CrossbarSolution(int rows, int cols, double[] inputs, double[] wordLine, double[] bitLine,
        double[] columnCurrents, int newtonIterations, int linearIterations, double relativeResidual, bool differential)
    {
        Rows = rows;
        Cols = cols;
        Inputs = inputs;
        _wordLine = wordLine;
        _bitLine = bitLine;
        ColumnCurrents = columnCurrents;
        NewtonIterations = newtonIterations;
        LinearIterations = linearIterations;
        RelativeResidual = relativeResidual;
        if (differential)
        {
            var d = new double[cols / 2];
            for (int k = 0; k < d.Length; k++) d[k] = columnCurrents[2 * k] - columnCurrents[2 * k + 1];
            DifferentialCurrents = d;
        }
    }

    public int Rows { get; }
    public int Cols { get; }

    /// <summary>The word-line source voltages this solution is for (V).</summary>
    public IReadOnlyList<double> Inputs { get; }

    /// <summary>Current into each column termination (A), positive for positive inputs.</summary>
    public double[] ColumnCurrents { get; }

    /// <summary>I(2k) - I(2k+1) for differential column pairs (A); null unless the spec asks for pairs.</summary>
    public double[]? DifferentialCurrents { get; }

    /// <summary>Newton iterations (1 for linear cells).</summary>
    public int NewtonIterations { get; }

    /// <summary>Conjugate-gradient iterations summed over all Newton steps.</summary>
    public int LinearIterations { get; }

    /// <summary>max |KCL residual| over nodes / max branch-current sum over nodes.</summary>
    public double RelativeResidual { get; }

    /// <summary>Hat functions in the solver's coarse space (0: bit-line preconditioner alone).</summary>
    public int CoarseSize { get; init; }

    /// <summary>Voltage of word-line node (i, j), at cell (i, j) (V).</summary>
    public double WordLineVoltage(int i, int j) => _wordLine[Index(i, j)];

    /// <summary>Voltage of bit-line node (i, j), at cell (i, j) (V).</summary>
    public double BitLineVoltage(int i, int j) => _bitLine[Index(i, j)];

    /// <summary>Every word-line node voltage as [row, col] (V).</summary>
    public double[,] WordLineVoltages() => ToMatrix(_wordLine);

    /// <summary>Every bit-line node voltage as [row, col] (V).</summary>
    public double[,] BitLineVoltages() => ToMatrix(_bitLine);

    internal double[] RawWordLine => _wordLine;
    internal double[] RawBitLine => _bitLine;

    private int Index(int i, int j)
    {
        if ((uint)i >= (uint)Rows || (uint)j >= (uint)Cols)
            throw new ArgumentOutOfRangeException(nameof(i), $"cell ({i},{j}) is outside the {Rows}x{Cols} array");
        return j * Rows + i;
    }

    private double[,] ToMatrix(double[] raw)
    {
        var a = new double[Rows, Cols];
        for (int j = 0; j < Cols; j++)
            for (int i = 0; i < Rows; i++)
                a[i, j] = raw[j * Rows + i];
        return a;
    }
}
