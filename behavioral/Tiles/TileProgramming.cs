using Xbar.Behavioral.Config;
using Xbar.Behavioral.Mapping;
using Xbar.Circuits.Crossbars;
using Xbar.Devices;

namespace Xbar.Behavioral.Tiles;

/// <summary>
/// The steps every tile kind shares: check that W fits the array, map it to conductances, pad it to
/// the physical array (unused cells at the lowest state, unused rows at 0 V, since they still load
/// the wires), and program the cells with non-idealities drawn from the seed.
/// </summary>
public static class TileProgramming
{
    public sealed record Programmed(MappedWeights Mapped, ICellArray Cells, CrossbarSpec Spec, WireParameters Wires, int Inputs, int Outputs);

    public static Programmed Program(TileConfig config, double[,] w, int seed, bool pad)
    {
        config.Validate();
        ArgumentNullException.ThrowIfNull(w);
        int outs = w.GetLength(0), ins = w.GetLength(1);
        if (outs == 0 || ins == 0) throw new InvalidInputException("weights: the matrix is empty");
        var (lo, hi) = CellProgrammer.ConductanceRange(config.Device);
        var mapped = WeightMapper.Map(w, config.Mapping, config.Device.States, lo, hi);
        if (mapped.Rows > config.Array.Rows)
            throw new InvalidInputException($"weights: {ins} inputs do not fit the tile's {config.Array.Rows} rows (array.rows)");
        if (mapped.PhysicalCols > config.Array.Cols)
            throw new InvalidInputException(
                $"weights: {outs} outputs need {mapped.PhysicalCols} columns ({config.Mapping.Signed.ToString().ToLowerInvariant()} mapping) but the tile has {config.Array.Cols} (array.cols)");
        if (pad) mapped = Pad(mapped, config.Array.Rows, config.Array.Cols, lo);
        var cells = CellProgrammer.Program(config.Device, mapped, seed);
        var a = config.Array;
        var spec = new CrossbarSpec(mapped.Rows, mapped.PhysicalCols, a.WireROhm, a.BitLineROhm, a.DriverROhm,
            termination: a.SenseROhm > 0 ? ColumnTermination.LoadResistor : ColumnTermination.VirtualGround,
            loadResistance: a.SenseROhm);
        var wires = new WireParameters(a.WireROhm, a.BitLineROhm, a.DriverROhm, a.SenseROhm);
        return new Programmed(mapped, cells, spec, wires, ins, outs);
    }

    /// <summary>Extends the mapping to rows x cols with cells at state 0 (the lowest conductance).</summary>
    public static MappedWeights Pad(MappedWeights m, int rows, int cols, double gLow)
    {
        if (m.Rows == rows && m.PhysicalCols == cols) return m;
        var g = new double[rows, cols];
        var s = new int[rows, cols];
        for (int i = 0; i < rows; i++)
            for (int j = 0; j < cols; j++)
            {
                bool inside = i < m.Rows && j < m.PhysicalCols;
                g[i, j] = inside ? m.Conductance[i, j] : gLow;
                s[i, j] = inside ? m.States[i, j] : 0;
            }
        return m with { Conductance = g, States = s };
    }
}
