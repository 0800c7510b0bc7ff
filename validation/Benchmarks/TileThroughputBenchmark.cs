using System.Diagnostics;
using Xbar.Behavioral.Config;
using Xbar.Behavioral.Tiles;

namespace Xbar.Validation.Benchmarks;

/// <summary>One measured IR-drop option of <see cref="TileThroughputBenchmark"/>.</summary>
/// <param name="PerSampleMvmPerSecond">MVMs per second one vector per call (the former path: dot products per sample).</param>
/// <param name="BatchedMvmPerSecond">MVMs per second in batches of <see cref="Batch"/> (matrix products through BLAS).</param>
/// <param name="ProgramSeconds">Time to program the tile (device draws and the IR-drop model).</param>
/// <param name="HasLoadTerm">Whether the core evaluates the bit-line load term (exact and calibrated options on bias-dependent cells).</param>
public sealed record TileThroughputRow(string Model, int Rows, int Outputs, int Batch, double PerSampleMvmPerSecond, double BatchedMvmPerSecond,
    double ProgramSeconds, bool HasLoadTerm)
{
    public double Speedup => BatchedMvmPerSecond / PerSampleMvmPerSecond;

    /// <summary>Multiply-accumulates per second of the weights (rows x outputs per MVM) in batches.</summary>
    public double MacsPerSecond => BatchedMvmPerSecond * Rows * Outputs;
}

/// <summary>
/// Issue 14's speed goal for networks as a benchmark: MVMs per second of one tile (default 256 rows
/// x 256 weight outputs on 512 columns, the mtj4 preset with every non-ideality of
/// <see cref="NetworkThroughputBenchmark.AllNonIdealities"/>, read noise included) through the full
/// periphery, one vector per call against batches of 1,000+ vectors, in the same process.
/// </summary>
public sealed class TileThroughputBenchmark
{
    public int Size { get; init; } = 256;
    public int Batch { get; init; } = 4096;
    public IReadOnlyList<IrDropModel> Models { get; init; } = [IrDropModel.Fast, IrDropModel.Calibrated];
    public int Seed { get; init; } = 1;

    public IReadOnlyList<TileThroughputRow> Run(Action<string>? log = null)
    {
        var rng = new Random(Seed);
        int outs = Size;
        var w = new double[outs, Size];
        for (int o = 0; o < outs; o++) for (int i = 0; i < Size; i++) w[o, i] = 2 * rng.NextDouble() - 1;
        var x = new double[Batch * Size];
        for (int k = 0; k < x.Length; k++) x[k] = rng.NextDouble(); // dense non-negative activations
        var rows = new List<TileThroughputRow>();
        foreach (var model in Models)
        {
            var config = NetworkThroughputBenchmark.AllNonIdealities(Size) with { IrDrop = new IrDropConfig(model) };
            log?.Invoke($"{model}: programming a {Size}x{outs} tile");
            var clock = Stopwatch.StartNew();
            var tile = BehavioralTile.Program(config, w, Seed);
            double program = clock.Elapsed.TotalSeconds;
            var y = new double[Batch * outs];
            double single = Best(() =>
            {
                for (int s = 0; s < Batch; s++) tile.MultiplyBatch(x.AsSpan(s * Size, Size), y.AsSpan(s * outs, outs), 1);
            });
            double batched = Best(() => tile.MultiplyBatch(x, y, Batch));
            rows.Add(new TileThroughputRow(model.ToString().ToLowerInvariant(), Size, outs, Batch, Batch / single, Batch / batched, program,
                ((BehavioralCore)tile.Core).HasLoadTerm));
            log?.Invoke($"{model}: {Batch / single:F0} MVM/s one at a time, {Batch / batched:F0} MVM/s batched");
        }
        return rows;
    }

    /// <summary>Seconds of the fastest of three runs after a warm-up (the machine is shared: the minimum is the least disturbed).</summary>
    private static double Best(Action run)
    {
        run();
        double best = double.PositiveInfinity;
        for (int k = 0; k < 3; k++)
        {
            var sw = Stopwatch.StartNew();
            run();
            best = Math.Min(best, sw.Elapsed.TotalSeconds);
        }
        return best;
    }
}
