using Xbar.Behavioral.Calibration;
using Xbar.Behavioral.Config;
using Xbar.Behavioral.Networks;
using Xbar.Behavioral.Networks.Graph;
using Xbar.Behavioral.Networks.Onnx;
using Xbar.Behavioral.Tiles;
using Xbar.Behavioral.Training;
using Xbar.Circuits.Crossbars;
using Xbar.Circuits.Engines;
using Xbar.Circuits.Nodal;
using Xbar.Devices.Linear;
using Xbar.Netlists;

namespace Xbar;

/// <summary>
/// The entry point for C# users of the Xbar assemblies (docs/library.md): one call each for the
/// three rungs and the engines, built from the same types the `xbar` commands use. Reference
/// Xbar.Behavioral (it brings Circuits, Devices and Netlists). Inputs are checked as the CLI
/// checks them: bad values throw <see cref="InvalidInputException"/> with the field and problem.
/// </summary>
public static class XbarLibrary
{
    /// <summary>
    /// Column currents (A, into the virtual-ground sense node of each column) of a crossbar of
    /// linear cells with <paramref name="conductances"/> (S, rows x columns), driven by
    /// <paramref name="rowVoltages"/> (V), with <paramref name="wireOhm"/> per word- and bit-line
    /// segment: the exact nodal solve, IR drop included.
    /// </summary>
    public static double[] ColumnCurrents(double[,] conductances, IReadOnlyList<double> rowVoltages, double wireOhm)
    {
        ArgumentNullException.ThrowIfNull(conductances);
        var spec = new CrossbarSpec(conductances.GetLength(0), conductances.GetLength(1), wireOhm, wireOhm);
        return new NodalCrossbarSolver().Solve(spec, new LinearCellArray(conductances), rowVoltages).ColumnCurrents;
    }

    /// <summary>
    /// A behavioral tile programmed with <paramref name="weights"/> (outputs x inputs) on the tile
    /// config <paramref name="preset"/> (<see cref="TilePresets.Names"/>: mtj4, rram, linear,
    /// ideal); <c>tile.Multiply(x)</c> then returns the tile's y = W x with its non-idealities.
    /// </summary>
    public static Tile ProgramTile(double[,] weights, string preset = "mtj4", int seed = 1, TileCalibration? calibration = null) =>
        BehavioralTile.Program(TilePresets.Get(preset), weights, seed, calibration);

    /// <summary>
    /// The network engine as it stands: every layer of <paramref name="network"/> split into
    /// <paramref name="tileInputs"/> x <paramref name="tileOutputs"/> blocks, each programmed on a
    /// behavioral tile of <paramref name="preset"/>; biases and activations stay digital.
    /// </summary>
    public static TiledNetwork ProgramNetwork(Mlp network, string preset = "mtj4", int tileInputs = 4, int tileOutputs = 4,
        int seed = 1, TileCalibration? calibration = null) =>
        new(network, new TileGeometry(tileInputs, tileOutputs), LayerTileProgrammer.Behavioral($"behavioral tile ({preset})", TilePresets.Get(preset), calibration), seed);

    /// <summary>
    /// An ONNX model (opset 8 or later) as the network engine's graph. An operator the engine does not
    /// support, a shape it cannot fix or a weight that is not a constant throws
    /// <see cref="InvalidInputException"/> naming the node and its op type.
    /// </summary>
    public static NetworkGraph ImportOnnx(string path) => OnnxImporter.Load(path);

    /// <summary>Writes <paramref name="graph"/> (e.g. <see cref="MlpGraph.From(Mlp)"/>) as an ONNX model (float32 weights).</summary>
    public static void ExportOnnx(NetworkGraph graph, string path) => OnnxExporter.Save(graph, path);

    /// <summary>
    /// The graph with every weight product (dense, matrix product, convolution as im2col) on behavioral
    /// tiles of <paramref name="preset"/>, split into the array's size in weights (<see cref="TileGeometry.Of"/>);
    /// everything else runs digitally. <c>RunAll(samples, count)</c> returns the outputs of count samples.
    /// Each tile ranges its own DAC and ADC here; `xbar run` measures one range per layer on data
    /// (MeasuredLayerSettings in Xbar.Validation), which is what a deployed network would use.
    /// </summary>
    public static GraphExecutor ProgramGraph(NetworkGraph graph, string preset = "mtj4", int seed = 1, TileCalibration? calibration = null)
    {
        var config = TilePresets.Get(preset);
        var programmer = LayerTileProgrammer.Behavioral($"behavioral tile ({preset})", config, calibration);
        return new GraphExecutor(graph, new TileBackend(programmer, TileGeometry.Of(config), seed));
    }

    /// <summary>
    /// Reads SPICE <paramref name="netlistText"/> (first line = title) with Xbar's validating
    /// reader and runs its analyses on <paramref name="engine"/> ("nodal" or "ngspice");
    /// results are named as ngspice names them (<c>v(out)</c>, <c>i(v1)</c>).
    /// </summary>
    public static SimulationResult Simulate(string netlistText, string engine = "nodal", TimeSpan? timeout = null)
    {
        var netlist = NetlistReader.ReadText(netlistText);
        using var simulator = EngineFactory.Create(engine);
        return simulator.Run(netlist, timeout is { } t ? new SimulationOptions { Timeout = t } : null);
    }
}
