namespace Xbar.Behavioral.Mapping;

/// <summary>
/// A weight matrix placed on a physical array: the target (nominal) conductance and state of every
/// cell, which physical columns make each output, and the scale back to weight units.
/// Rows = inputs (word lines); physical columns = bit lines.
/// </summary>
/// <param name="Conductance">Target zero-bias conductance of each cell (S), [row, physical column].</param>
/// <param name="States">Programmed state index of each cell, [row, physical column].</param>
/// <param name="LevelFractions">Position of each state between the lowest (0) and highest (1) conductance.</param>
/// <param name="PlusColumn">Physical column whose current counts + for output o.</param>
/// <param name="MinusColumn">Physical column whose current counts - for output o (pair partner or reference).</param>
/// <param name="WeightPerSiemens">Weight units per siemens of G+ - G-.</param>
/// <param name="QuantizedWeights">The weights the tile represents after clipping and quantization, [output, input].</param>
public sealed record MappedWeights(
    double[,] Conductance,
    int[,] States,
    double[] LevelFractions,
    int[] PlusColumn,
    int[] MinusColumn,
    double WeightPerSiemens,
    double[,] QuantizedWeights)
{
    public int Rows => Conductance.GetLength(0);
    public int PhysicalCols => Conductance.GetLength(1);
    public int Outputs => PlusColumn.Length;
}
