using Xbar.Behavioral.Config;
using Xbar.Behavioral.Mapping;
using Xbar.Circuits.Crossbars;
using Xbar.Circuits.Nodal;
using Xbar.Devices;

namespace Xbar.Behavioral.Tiles;

/// <summary>
/// Programs circuit-backed tiles: every read is an exact nodal solve of the whole crossbar
/// (word- and bit-line wires, driver, termination, each cell's own I-V), the truth the
/// behavioral tile is calibrated and validated against. Same config, same seed, same cells.
/// </summary>
public static class CircuitTile
{
    public static Tile Program(TileConfig config, double[,] w, int seed, NodalCrossbarSolver? solver = null)
    {
        var p = TileProgramming.Program(config, w, seed, pad: true);
        var core = new NodalCore(p.Spec, p.Cells, p.Mapped, solver ?? new NodalCrossbarSolver());
        return new Tile(config, p.Mapped, p.Cells, core, p.Inputs, p.Outputs, seed, noisy: false);
    }
}

/// <summary>
/// An analog core solved exactly by <see cref="NodalCrossbarSolver"/> at every read (no read noise).
/// The array is programmed once (<see cref="ProgrammedCrossbar"/>): reads reuse its factorised
/// sessions and warm starts, and for linear cells switch to the exact transfer matrix once enough
/// reads have been made to pay for it.
/// </summary>
public sealed class NodalCore(CrossbarSpec spec, ICellArray cells, MappedWeights mapped, NodalCrossbarSolver solver) : IAnalogCore
{
    private readonly ProgrammedCrossbar _array = solver.Program(spec, cells);

    public int Rows => spec.Rows;
    public int Outputs => mapped.Outputs;

    /// <summary>Physical column currents (A) for word-line voltages (V).</summary>
    public double[] ColumnCurrents(IReadOnlyList<double> v) => _array.ColumnCurrents(v);

    public void Currents(ReadOnlySpan<double> voltages, Span<double> currents, Random? noise)
    {
        var col = ColumnCurrents(voltages.ToArray());
        for (int o = 0; o < Outputs; o++) currents[o] = col[mapped.PlusColumn[o]] - col[mapped.MinusColumn[o]];
    }
}
