using System.Diagnostics;
using Xbar.Behavioral.Config;
using Xbar.Behavioral.Tiles;
using Xbar.Circuits.Nodal;

namespace Xbar.Validation.Benchmarks;

/// <summary>One tile size of <see cref="ProbedTileBenchmark"/> (times are the best of the interleaved repeats).</summary>
/// <param name="FastProgramMs">Programming the fast option (the ladder model), ms.</param>
/// <param name="ProbedProgramMs">Programming the probed option (the ladder plus <see cref="ProbeCorrection.DefaultGroups"/> probe solves), ms.</param>
/// <param name="ExactProgramMs">The exact option's transfer matrix (block elimination), ms.</param>
/// <param name="MvmUs">One MVM of the probed core, one vector per call, us.</param>
/// <param name="BatchMvmUs">One MVM in batches of <see cref="ProbedTileBenchmark.Batch"/> (matrix products), us.</param>
/// <param name="NodalUs">One nodal solve of the same array (warm-started from the previous vector), us.</param>
public sealed record ProbedTileRow(int Rows, int Cols, double FastProgramMs, double ProbedProgramMs, double ExactProgramMs,
    double MvmUs, double BatchMvmUs, double NodalUs)
{
    public double SpeedUp => NodalUs / MvmUs;
    public double BatchSpeedUp => NodalUs / BatchMvmUs;
}

/// <summary>
/// Issue 14's speed goal for the probed option on ohmic cells: time per MVM of the probed core
/// (one vector per call and in batches) against the nodal solve of the same programmed array, and its
/// programming time against the fast option and the exact transfer matrix, in the same process,
/// interleaved repeat by repeat so load on a shared machine hits all alike. Tiles as in
/// <c>xbar validate tile</c>: n rows x n columns (n/2 differential outputs), the linear preset at 1 Ohm.
/// </summary>
public sealed class ProbedTileBenchmark
{
    public const int Batch = 1024;

    public IReadOnlyList<int> Sizes { get; init; } = [64, 128, 256];
    public double WireROhm { get; init; } = 1.0;
    public int Repeats { get; init; } = 3;
    public int Seed { get; init; } = 1;

    public IReadOnlyList<ProbedTileRow> Run(Action<string>? log = null)
    {
        Measure(8, 1, null); // JIT and native libraries loaded before timing
        return Sizes.Select(n => Measure(n, Repeats, log)).ToList();
    }

    private ProbedTileRow Measure(int n, int repeats, Action<string>? log)
    {
        var preset = TilePresets.Linear();
        var config = preset with { Array = preset.Array with { Rows = n, Cols = n, WireROhm = WireROhm, BitLineWireROhm = null } };
        var rng = new Random(Seed);
        var w = new double[n / 2, n];
        for (int o = 0; o < n / 2; o++) for (int i = 0; i < n; i++) w[o, i] = 2 * rng.NextDouble() - 1;
        var p = TileProgramming.Program(config, w, Seed, pad: true);
        double vRead = config.Input.ReadVoltageV, vRef = BehavioralTile.ReferenceBias(config);
        var x = new double[Batch * n];
        for (int k = 0; k < x.Length; k++) x[k] = vRead * rng.NextDouble();
        var probes = Enumerable.Range(0, 16).Select(s => (IReadOnlyList<double>)x.AsSpan(s * n, n).ToArray()).ToList();
        var solver = new NodalCrossbarSolver();
        double fast = double.PositiveInfinity, probed = double.PositiveInfinity, exact = double.PositiveInfinity;
        double mvm = double.PositiveInfinity, batch = double.PositiveInfinity, nodal = double.PositiveInfinity;
        for (int r = 0; r < repeats; r++)
        {
            log?.Invoke($"{n}x{n}: run {r + 1} of {repeats}");
            var clock = Stopwatch.StartNew();
            BehavioralCore.Build(p.Cells, p.Mapped, p.Wires, IrDropModel.Fast, vRef, 0);
            fast = Math.Min(fast, clock.Elapsed.TotalMilliseconds);
            clock.Restart();
            var core = BehavioralCore.BuildProbed(p.Cells, p.Spec, p.Mapped, p.Wires, vRef, 0, solver: solver);
            probed = Math.Min(probed, clock.Elapsed.TotalMilliseconds);
            clock.Restart();
            solver.TransferMatrix(p.Spec, p.Cells);
            exact = Math.Min(exact, clock.Elapsed.TotalMilliseconds);
            mvm = Math.Min(mvm, SingleUs(core, x, n));
            var y = new double[Batch * core.Outputs];
            clock.Restart();
            core.ReadCurrentsBatch(x, Batch, y, null);
            batch = Math.Min(batch, clock.Elapsed.TotalMicroseconds / Batch);
            clock.Restart();
            solver.SolveBatch(p.Spec, p.Cells, probes);
            nodal = Math.Min(nodal, clock.Elapsed.TotalMicroseconds / probes.Count);
        }
        return new ProbedTileRow(n, n, fast, probed, exact, mvm, batch, nodal);
    }

    /// <summary>Best of 20 windows of about 2 ms, one vector per call (short windows: on a shared machine the least disturbed one is the measure).</summary>
    private static double SingleUs(BehavioralCore core, double[] x, int n)
    {
        var y = new double[core.Outputs];
        var sw = new Stopwatch();
        double best = double.PositiveInfinity;
        for (int window = 0; window < 20; window++)
        {
            int calls = 0;
            sw.Restart();
            do core.Currents(x.AsSpan((calls % Batch) * n, n), y, null);
            while (++calls % 16 != 0 || sw.Elapsed.TotalMilliseconds < 2);
            best = Math.Min(best, sw.Elapsed.TotalMicroseconds / calls);
        }
        return best;
    }
}
