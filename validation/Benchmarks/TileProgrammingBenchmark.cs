using System.Diagnostics;
using Xbar.Behavioral.Config;
using Xbar.Behavioral.Tiles;
using Xbar.Circuits.Nodal;

namespace Xbar.Validation.Benchmarks;

/// <summary>One tile and cell kind of <see cref="TileProgrammingBenchmark"/>: seconds per method and the largest difference from the row solves.</summary>
/// <param name="Seconds">Wall-clock seconds (best of the repeats) of <see cref="TransferModel.Build"/> per method, in <see cref="TileProgrammingBenchmark.Methods"/> order;
/// one value for linear cells (their transfer matrix is one block elimination whatever the method).</param>
/// <param name="MaxRelativeDifference">Per method: the largest difference of any model coefficient (linear, cubic, load terms) from the row solves' model, over that coefficient array's largest magnitude.</param>
public sealed record TileProgrammingRow(string Cells, int Rows, int Cols, double[] Seconds, double[] MaxRelativeDifference);

/// <summary>
/// Issue 14's programming cost as a benchmark: the time to build a tile's transfer model (the
/// exact and calibrated IR-drop options) by the former path, 2m + 1 iterative nodal solves
/// (<see cref="RowResponseMethod.RowSolves"/>), against the same solves batched one per SIMD lane
/// (<see cref="RowResponseMethod.Batched"/>, the default), in the same process on the same programmed tile. Tiles are
/// <see cref="NetworkThroughputBenchmark.AllNonIdealities"/> (m rows by m differential pairs, 2m
/// columns), with its MTJ cells and, for scale, with ohmic cells of the linear preset on the same
/// wires (whose model is the transfer matrix alone, one block elimination, the same for every method).
/// </summary>
public sealed class TileProgrammingBenchmark
{
    /// <summary>The methods timed; the first is the reference the others are compared with.</summary>
    public static readonly RowResponseMethod[] Methods = [RowResponseMethod.RowSolves, RowResponseMethod.Batched];

    public IReadOnlyList<int> Sizes { get; init; } = [64, 128, 256];
    public int Seed { get; init; } = 1;

    /// <summary>Builds per method and tile, the fastest kept (the least disturbed on a shared machine).</summary>
    public int Repeats { get; init; } = 2;

    public IReadOnlyList<TileProgrammingRow> Run(Action<string>? log = null)
    {
        foreach (var method in Methods) Build(Program(8, linear: false), method); // JIT and native libraries loaded before timing
        var rows = new List<TileProgrammingRow>();
        foreach (int size in Sizes)
            foreach (bool linear in new[] { true, false })
            {
                var (config, p) = Program(size, linear);
                string cells = linear ? "linear" : "mtj4";
                int count = linear ? 1 : Methods.Length;
                var seconds = new double[count];
                var models = new TransferModel[count];
                Array.Fill(seconds, double.PositiveInfinity);
                // Methods interleaved, repeat by repeat, so a burst of load on the shared machine hits both alike.
                for (int r = 0; r < Repeats; r++)
                    for (int k = 0; k < count; k++)
                    {
                        log?.Invoke($"{cells} {p.Spec.Rows}x{p.Spec.Cols}: {(linear ? "transfer matrix" : Methods[k])}, run {r + 1} of {Repeats}");
                        var clock = Stopwatch.StartNew();
                        models[k] = Build((config, p), Methods[k]);
                        seconds[k] = Math.Min(seconds[k], clock.Elapsed.TotalSeconds);
                    }
                var diff = models.Select(model => MaxRelativeDifference(model, models[0])).ToArray();
                rows.Add(new TileProgrammingRow(cells, p.Spec.Rows, p.Spec.Cols, seconds, diff));
            }
        return rows;
    }

    private (TileConfig Config, TileProgramming.Programmed P) Program(int size, bool linear)
    {
        var config = NetworkThroughputBenchmark.AllNonIdealities(size);
        if (linear)
        {
            var ohmic = TilePresets.Linear();
            config = (config with { Device = ohmic.Device, Mapping = ohmic.Mapping, Name = $"linear-bench-{size}x{size}" }).Validate();
        }
        var rng = new Random(Seed);
        var w = new double[size, size];
        for (int o = 0; o < size; o++) for (int i = 0; i < size; i++) w[o, i] = 2 * rng.NextDouble() - 1;
        return (config, TileProgramming.Program(config, w, Seed, pad: true));
    }

    private static TransferModel Build((TileConfig Config, TileProgramming.Programmed P) tile, RowResponseMethod method) =>
        TransferModel.Build(tile.P.Spec, tile.P.Cells, BehavioralTile.ReferenceBias(tile.Config), method: method);

    private static double MaxRelativeDifference(TransferModel a, TransferModel b)
    {
        double worst = Relative(a.Linear, b.Linear);
        if (a.Cubic is not null && b.Cubic is not null) worst = Math.Max(worst, Relative(a.Cubic, b.Cubic));
        if (a.Load is not null && b.Load is not null)
            foreach (var (x, y) in new[] { (a.Load.Weights, b.Load.Weights), (a.Load.Square, b.Load.Square), (a.Load.Linear, b.Load.Linear), (a.Load.Constant, b.Load.Constant) })
                worst = Math.Max(worst, Relative(x, y));
        return worst;
    }

    private static double Relative(double[] x, double[] reference)
    {
        double scale = 0, err = 0;
        for (int q = 0; q < reference.Length; q++)
        {
            scale = Math.Max(scale, Math.Abs(reference[q]));
            err = Math.Max(err, Math.Abs(x[q] - reference[q]));
        }
        return scale > 0 ? err / scale : err;
    }
}
