using System.Diagnostics;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using Xbar.Behavioral.Calibration;
using Xbar.Behavioral.Config;
using Xbar.Behavioral.Data;
using Xbar.Behavioral.Mapping;
using Xbar.Behavioral.Networks;
using Xbar.Behavioral.Networks.Graph;
using Xbar.Behavioral.Networks.Onnx;
using Xbar.Behavioral.Tiles;
using Xbar.Validation.Networks;

namespace Xbar.Validation.Benchmarks;

/// <summary>What <see cref="ResNetTileBenchmark"/> measured (wall seconds; the machine's other load counts in them, the ratios less so).</summary>
public sealed record ResNetBenchResult(string Tile, int Tiles, int Images, int Batch, double ProgramSeconds, double OrtSeconds, double FloatSeconds,
    double TileSeconds, double TileCpuSeconds, double TileReadSeconds, double FloatCpuSeconds)
{
    public double TileImagesPerSecond => Images / TileSeconds;
    public double FloatImagesPerSecond => Images / FloatSeconds;
    public double OrtImagesPerSecond => Images / OrtSeconds;

    /// <summary>Tile inference time over the float executor's, in the same process.</summary>
    public double SlowdownVsFloat => TileSeconds / FloatSeconds;

    /// <summary>Processor time of the tile run over the float executor's: on a shared machine steadier than the wall-time ratio.</summary>
    public double CpuSlowdownVsFloat => FloatCpuSeconds > 0 ? TileCpuSeconds / FloatCpuSeconds : double.NaN;

    /// <summary>Images per second of processor time on all cores of the tile run, times the cores: the rate on an idle machine if the run kept every core busy.</summary>
    public double TileImagesPerCpuSecondOnAllCores => TileCpuSeconds > 0 ? Images / TileCpuSeconds * Environment.ProcessorCount : double.NaN;

    /// <summary>Share of the summed tile-read time in the total CPU time of the tile run: the rest is the engine (im2col, gathering, partial sums, digital ops).</summary>
    public double TileReadShare => TileCpuSeconds > 0 ? Math.Min(1, TileReadSeconds / TileCpuSeconds) : 0;
}

/// <summary>
/// Issue 10's tile speed goal as a benchmark (it prints ratios; no test times it): ResNet-18 at 224x224 (1.8 GMAC per image)
/// on Fashion-MNIST images through behavioral tiles with every non-ideality on (<see cref="AllNonIdealities"/>), against
/// the float executor and ONNX Runtime on the same images in the same process. Programming is timed apart; the tile-read
/// share says how much of the tile run is the tiles' own reads and how much the engine around them.
/// </summary>
public sealed class ResNetTileBenchmark
{
    public int Images { get; init; } = 8;
    public int Batch { get; init; } = 8;
    public int Seed { get; init; } = 1;
    public string DataDir { get; init; } = "/usr/share/datasets/fashion-mnist";

    /// <summary>
    /// <paramref name="cells"/>'s config with every non-ideality the tile models on at published-scale values, as the MLP
    /// benchmark sets them (<see cref="NetworkThroughputBenchmark.AllNonIdealities"/>): sigma_NL = sigma_perp = 50 Ohm
    /// (Moureaux 2026), 5 % device spread, 2 % programming and 1 % read noise; its own IR-drop model and DAC/ADC.
    /// </summary>
    public static TileConfig AllNonIdealities(TileConfig config) => (config with
    {
        Device = config.Device with { SigmaNlOhm = 50, SigmaPerpOhm = 50, DeviceSpreadSigma = 0.05, ProgrammingSigma = 0.02, ReadNoiseSigma = 0.01 },
    }).Validate();

    public ResNetBenchResult Run(CellSlicing cells, TileCalibration? calibration, Action<string>? log = null)
    {
        if (Images < 1 || Batch < 1) throw new InvalidInputException("--images and --batch must be at least 1");
        log ??= _ => { };
        string model = ResNet18Files.Model;
        var graph = GraphPasses.Optimize(OnnxImporter.Load(model));
        var prep = ResNetPreprocessing.Load(ResNet18Files.Preprocess);
        var split = DatasetLoader.Load(DataDir);
        var x = prep.Apply(split.Test, 0, Images, DataDir);
        int ranges = Math.Min(8, split.Train.Count);
        var xRange = prep.Apply(split.Train, 0, ranges, DataDir);

        // ONNX Runtime, one image per call (the model's batch is 1), warmed up.
        double ort;
        using (var session = new InferenceSession(model))
        {
            string input = session.InputMetadata.Keys.Single();
            var images = Enumerable.Range(0, Images).Select(s => x.AsSpan(s * prep.SampleSize, prep.SampleSize).ToArray().Select(v => (float)v).ToArray()).ToArray();
            void One(int s)
            {
                using var r = session.Run([NamedOnnxValue.CreateFromTensor(input, new DenseTensor<float>(images[s], [1, 3, prep.Height, prep.Width]))]);
            }
            One(0);
            var clock = Stopwatch.StartNew();
            for (int s = 0; s < Images; s++) One(s);
            ort = clock.Elapsed.TotalSeconds;
        }
        var floatExec = new GraphExecutor(graph, FloatBackend.Instance);
        GC.KeepAlive(floatExec.RunAll(x, 1, 1));
        var floatCpu0 = Process.GetCurrentProcess().TotalProcessorTime;
        var t = Stopwatch.StartNew();
        GC.KeepAlive(floatExec.RunAll(x, Images, Batch));
        double floatSeconds = t.Elapsed.TotalSeconds;
        double floatCpu = (Process.GetCurrentProcess().TotalProcessorTime - floatCpu0).TotalSeconds;
        log($"ONNX Runtime {Images / ort:F2} images/s, float executor {Images / floatSeconds:F2} images/s");

        var config = AllNonIdealities(cells.Config);
        var inputMax = LayerRanges.LayerInputMax(floatExec, xRange, ranges, Batch);
        var settings = new LayerTileSettings(inputMax, WeightClipRule.MinimumMse);
        var cellProgrammer = LayerTileProgrammer.Behavioral(config.Name ?? "tile", config, calibration, settings);
        ITileProgrammer programmer = cells.Slicing is { } slicing ? BitSlicedProgrammer.OnTiles(cellProgrammer, slicing.WeightBits) : cellProgrammer;
        var timed = new ReadTimer(programmer);
        t.Restart();
        var tiles = new GraphExecutor(graph, new TileBackend(timed, cells.Geometry, Seed));
        double program = t.Elapsed.TotalSeconds;
        log($"programmed {tiles.TileCount:N0} tiles in {program:F1} s ({1e3 * program / Math.Max(1, tiles.TileCount):F2} ms per tile)");
        // Warm-up with one batch of the timed size: the engine's pooled buffers (im2col rows, tile inputs,
        // shared DAC voltages, partial sums) then exist at the timed sizes, as after a long run's first batch;
        // a warm-up of single images left them to be allocated, and their pages zeroed, inside the timing.
        GC.KeepAlive(tiles.RunAll(x, Math.Min(Batch, Images), Batch));
        timed.Reset();
        var cpu0 = Process.GetCurrentProcess().TotalProcessorTime;
        t.Restart();
        GC.KeepAlive(tiles.RunAll(x, Images, Batch));
        double tileSeconds = t.Elapsed.TotalSeconds;
        double cpu = (Process.GetCurrentProcess().TotalProcessorTime - cpu0).TotalSeconds;
        return new ResNetBenchResult($"{config.Name}: {cells.Describe()}, IR drop {config.IrDrop.Model.ToString().ToLowerInvariant()}", tiles.TileCount, Images, Batch,
            program, ort, floatSeconds, tileSeconds, cpu, timed.Seconds, floatCpu);
    }

    /// <summary>Passes tiles through, adding up the time spent inside their reads (over all threads).</summary>
    private sealed class ReadTimer(ITileProgrammer inner) : ITileProgrammer
    {
        private long _ticks;
        public string Name => inner.Name;
        public bool ProgramsInParallel => inner.ProgramsInParallel;
        public double Seconds => Interlocked.Read(ref _ticks) / (double)Stopwatch.Frequency;
        public void Reset() => Interlocked.Exchange(ref _ticks, 0);
        public double LayerWeightClip(double[,] layerWeights, double maxAbs) => inner.LayerWeightClip(layerWeights, maxAbs);
        public IProgrammedMatrix Program(double[,] weightsOutByIn, TileContext context) => new Timed(inner.Program(weightsOutByIn, context), this);

        private sealed class Timed(IProgrammedMatrix tile, ReadTimer owner) : ISharedDacMatrix
        {
            public DacSetting? SharedDac(int count) => (tile as ISharedDacMatrix)?.SharedDac(count);
            public void MultiplyVoltages(DacVoltages voltages, Span<double> y)
            {
                long t0 = Stopwatch.GetTimestamp();
                ((ISharedDacMatrix)tile).MultiplyVoltages(voltages, y);
                Interlocked.Add(ref owner._ticks, Stopwatch.GetTimestamp() - t0);
            }

            public int Outputs => tile.Outputs;
            public int Inputs => tile.Inputs;
            public void Multiply(ReadOnlySpan<double> x, Span<double> y) => MultiplyBatch(x, y, 1);
            public void MultiplyBatch(ReadOnlySpan<double> x, Span<double> y, int count)
            {
                long t0 = Stopwatch.GetTimestamp();
                tile.MultiplyBatch(x, y, count);
                Interlocked.Add(ref owner._ticks, Stopwatch.GetTimestamp() - t0);
            }
        }
    }
}
