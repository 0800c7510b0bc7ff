using Xbar.Behavioral.Config;
using Xbar.Behavioral.Mapping;
using Xbar.Circuits.Crossbars;
using Xbar.Devices;

namespace Xbar.Behavioral.Tiles;

/// <summary>
/// The steps every tile kind shares: check that W fits the array, map it to conductances, pad it to
/// the physical array (unused cells at the lowest state, unused rows at 0 V, since they still load
/// the wires), and program the cells with non-idealities drawn from the seed. A PCM tile read after
/// t0 with drift compensation gets its digital output scale corrected (<see cref="DriftCompensation"/>).
/// </summary>
public static class TileProgramming
{
    public sealed record Programmed(MappedWeights Mapped, ICellArray Cells, CrossbarSpec Spec, WireParameters Wires, int Inputs, int Outputs);

    /// <param name="cycle">Programming cycle of the same devices (0 = first): see <see cref="CellProgrammer.Program"/>.</param>
    public static Programmed Program(TileConfig config, double[,] w, int seed, bool pad, int cycle = 0)
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
        var cells = CellProgrammer.Program(config.Device, mapped, seed, cycle);
        if (config.Device.PcmModel is { DriftCompensation: true } pcm && config.Device.ReadTimeS > pcm.ReferenceTimeS)
        {
            // The reference read at t0: the same devices, same draws, no drift and no accumulated read noise.
            var atT0 = CellProgrammer.Program(config.Device with { TimeS = pcm.ReferenceTimeS, Pcm = pcm with { ReadNoise = false } }, mapped, seed, cycle);
            mapped = mapped with { WeightPerSiemens = mapped.WeightPerSiemens * DriftCompensation(mapped, atT0, cells) };
        }
        var a = config.Array;
        var spec = new CrossbarSpec(mapped.Rows, mapped.PhysicalCols, a.WireROhm, a.BitLineROhm, a.DriverROhm,
            termination: a.SenseROhm > 0 ? ColumnTermination.LoadResistor : ColumnTermination.VirtualGround,
            loadResistance: a.SenseROhm);
        var wires = new WireParameters(a.WireROhm, a.BitLineROhm, a.DriverROhm, a.SenseROhm);
        return new Programmed(mapped, cells, spec, wires, ins, outs);
    }

    /// <summary>
    /// Global drift compensation (Joshi et al., Nature Communications 11, 2473 (2020); aihwkit's
    /// GlobalDriftCompensation): one factor per tile, the mean |output| for one-hot inputs at t0 over
    /// the same at t, i.e. sum |G+ - G-| over every weight then and now. Applied digitally after the ADC.
    /// </summary>
    public static double DriftCompensation(MappedWeights mapped, ICellArray atT0, ICellArray atT)
    {
        double then = 0, now = 0;
        for (int o = 0; o < mapped.Outputs; o++)
            for (int i = 0; i < mapped.Rows; i++)
            {
                int p = mapped.PlusColumn[o], q = mapped.MinusColumn[o];
                then += Math.Abs(atT0.Conductance(i, p, 0) - atT0.Conductance(i, q, 0));
                now += Math.Abs(atT.Conductance(i, p, 0) - atT.Conductance(i, q, 0));
            }
        return now > 0 ? then / now : 1;
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
