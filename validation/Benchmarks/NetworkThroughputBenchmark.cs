using System.Diagnostics;
using Xbar.Behavioral.Config;
using Xbar.Behavioral.Data;
using Xbar.Behavioral.Networks;
using Xbar.Behavioral.Training;

namespace Xbar.Validation.Benchmarks;

/// <summary>One measured configuration of <see cref="NetworkThroughputBenchmark"/>.</summary>
/// <param name="Mode">What ran the layers' W x (software float, or behavioral tiles of a size).</param>
/// <param name="TileCount">Programmed tiles in the whole network.</param>
/// <param name="ProgramSeconds">Time to program every tile (drawing device variation, building the IR-drop model).</param>
/// <param name="InferenceSeconds">Time to push every image through the network, tiles already programmed.</param>
/// <param name="Images">Images pushed through.</param>
/// <param name="SlowdownVsFloat">InferenceSeconds over the software-float run's, measured in the same process.</param>
/// <param name="InferenceCpuSeconds">Processor time the process used during inference (all threads): on a shared, loaded machine it shows the work done when wall time is inflated by other processes.</param>
public sealed record ThroughputRow(string Mode, int TileCount, double ProgramSeconds, double InferenceSeconds, int Images, double SlowdownVsFloat, double InferenceCpuSeconds = 0)
{
    public double ImagesPerSecond => Images / InferenceSeconds;
}

/// <summary>
/// The project's speed goal (our target: 10,000 images in 2 s) as a benchmark, not a timed test: N images (default the 10,000 shipped
/// MNIST digits) through a 784-64-10 MLP whose every layer runs on behavioral tiles with all
/// non-idealities on (4-state MTJ with sigma_NL and sigma_perp offsets, device spread,
/// programming error, read noise, fast IR-drop model, 8-bit DAC and ADC), at 4x4 tiles (the array
/// of Moureaux et al. 2026) and 256x256 tiles. A software-float run of the same network in the same
/// process is the reference every time is divided by. Weights are seeded random: throughput does
/// not depend on what the network learned.
/// </summary>
public sealed class NetworkThroughputBenchmark
{
    /// <summary>Tile sizes in weights (rows x weight columns; a differential pair is one weight column).</summary>
    public IReadOnlyList<int> TileSizes { get; init; } = [4, 256];

    public int Hidden { get; init; } = 64;

    public int Seed { get; init; } = 1;

    /// <summary>Runs every configuration on <paramref name="images"/> and returns one row each, float first.</summary>
    public IReadOnlyList<ThroughputRow> Run(LabeledImages images, Action<string>? log = null)
    {
        var mlp = Mlp.CreateRandom([images.FeatureCount, Hidden, 10], Activation.Relu, OutputKind.Softmax, Seed);
        var rows = new List<ThroughputRow>();
        var reference = Measure("software float", mlp, new TileGeometry(1024, 1024), ExactTileProgrammer.Instance, images, 0);
        rows.Add(reference with { SlowdownVsFloat = 1.0 });
        log?.Invoke($"software float: {reference.InferenceSeconds:F3} s");
        foreach (int size in TileSizes)
        {
            var config = AllNonIdealities(size);
            var programmer = LayerTileProgrammer.Behavioral($"behavioral tile ({config.Name})", config, calibration: null);
            var row = Measure($"tiles {size}x{size}", mlp, new TileGeometry(size, size), programmer, images, reference.InferenceSeconds);
            rows.Add(row);
            log?.Invoke($"{row.Mode}: {row.InferenceSeconds:F3} s");
        }
        return rows;
    }

    /// <summary>
    /// The mtj4 preset at <paramref name="size"/> rows by <paramref name="size"/> differential
    /// pairs, with every non-ideality the tile models switched on at published-scale values:
    /// sigma_NL = 50 Ohm (Moureaux 2026's systematic offset), sigma_perp = 50 Ohm, 5 % device
    /// spread, 2 % programming and 1 % read noise (relative).
    /// </summary>
    public static TileConfig AllNonIdealities(int size)
    {
        var p = TilePresets.Get("mtj4");
        return (p with
        {
            Array = p.Array with { Rows = size, Cols = 2 * size },
            Device = p.Device with
            {
                SigmaNlOhm = 50, SigmaPerpOhm = 50, DeviceSpreadSigma = 0.05, ProgrammingSigma = 0.02, ReadNoiseSigma = 0.01,
            },
            IrDrop = new IrDropConfig(IrDropModel.Fast),
            Name = $"mtj4-bench-{size}x{size}",
        }).Validate();
    }

    /// <summary>Images run once, untimed, before each timed run.</summary>
    private const int WarmUpImages = 2000;

    private static ThroughputRow Measure(string mode, Mlp mlp, TileGeometry geometry, ITileProgrammer programmer, LabeledImages images, double floatSeconds)
    {
        var clock = Stopwatch.StartNew();
        var network = new TiledNetwork(mlp, geometry, programmer, seed: 7);
        double program = clock.Elapsed.TotalSeconds;
        // Warm-up on a slice of the images at the timed batch size first, so the timed run measures
        // optimized code and a warmed thread pool and heap, not the JIT's first tiers (the first
        // software-float pass takes several times longer than the following ones).
        GC.KeepAlive(network.PredictAll(images.Slice(0, Math.Min(WarmUpImages, images.Count)), batch: 1000));
        var cpu0 = Process.GetCurrentProcess().TotalProcessorTime;
        clock.Restart();
        var predictions = network.PredictAll(images, batch: 1000);
        double infer = clock.Elapsed.TotalSeconds;
        double cpu = (Process.GetCurrentProcess().TotalProcessorTime - cpu0).TotalSeconds;
        GC.KeepAlive(predictions);
        return new ThroughputRow(mode, network.TileCount, program, infer, images.Count, floatSeconds > 0 ? infer / floatSeconds : 1.0, cpu);
    }
}
