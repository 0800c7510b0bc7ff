using System.Diagnostics;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using Xbar.Behavioral.Networks.Graph;
using Xbar.Behavioral.Networks.Onnx;
using Tensor = Xbar.Behavioral.Networks.Graph.Tensor;

namespace Xbar.Validation.Benchmarks;

/// <summary>What <see cref="OnnxFloatBenchmark"/> measured.</summary>
/// <param name="Model">The model file and its graph.</param>
/// <param name="Images">Images timed in each runtime (after warm-up).</param>
/// <param name="OrtSeconds">ONNX Runtime (CPU, float32, default session options), one image per call.</param>
/// <param name="OursSeconds">The float executor (float64, BLAS for every convolution), <paramref name="Batch"/> images per call.</param>
/// <param name="MaxRelativeDifference">max |ours - ORT| / max |ORT| over the outputs of the timed images.</param>
public sealed record OnnxBenchResult(string Model, int Images, int Batch, double OrtSeconds, double OursSeconds, double OrtCpuSeconds,
    double OursCpuSeconds, double MaxRelativeDifference)
{
    /// <summary>The float64 executor's time over ORT's.</summary>
    public double Ratio => OursSeconds / OrtSeconds;

    /// <summary>The executor with float32 products (<see cref="FloatBackend.Single"/>): wall and processor seconds, max relative difference to ORT.</summary>
    public (double Seconds, double CpuSeconds, double MaxRelativeDifference) Single { get; init; }

    /// <summary>The float32-product executor's time over ORT's: the like-for-like comparison (both multiply in float32); our goal is at most 3.</summary>
    public double SingleRatio => Single.Seconds / OrtSeconds;

    /// <summary>
    /// The float32-product executor's processor time over ORT's, in the same fastest rounds: on a shared
    /// machine, where other jobs take cores from both runtimes unevenly, it moves far less than the wall ratio.
    /// </summary>
    public double SingleCpuRatio => Single.CpuSeconds / OrtCpuSeconds;
}

/// <summary>
/// Issue 10's float-executor speed goal as a benchmark: the same ONNX model (ResNet-18 at 224 x 224
/// by default) through ONNX Runtime and through Xbar's float executor in the same process, on the
/// same seeded random images in [0, 1), each warmed up first; prints the time ratio and checks the
/// outputs agree; the fastest of several alternating rounds counts. ORT runs float32 one image at a time (the model's batch is fixed at 1); the
/// executor runs float64 in batches (a batch of 1 in the model still runs many images here).
/// </summary>
public sealed class OnnxFloatBenchmark
{
    public int Images { get; init; } = 16;
    public int Batch { get; init; } = 8;

    /// <summary>Timed rounds, ORT and the executor alternating; the fastest round of each counts (the one least disturbed by other processes on a shared machine).</summary>
    public int Rounds { get; init; } = 3;
    public int Seed { get; init; } = 1;

    public OnnxBenchResult Run(string modelPath, Action<string>? log = null)
    {
        if (Images < 1 || Batch < 1) throw new InvalidInputException("--images and --batch must be at least 1");
        var graph = GraphPasses.Optimize(OnnxImporter.Load(modelPath));
        var input = graph.SingleInput;
        int size = (int)Tensor.Size(input.SampleShape);
        var rng = new Random(Seed);
        var x = new float[Images * size];
        for (int i = 0; i < x.Length; i++) x[i] = (float)rng.NextDouble();
        log?.Invoke($"{graph}");

        using var session = new InferenceSession(modelPath);
        int[] one = [1, .. input.SampleShape];
        float[] Ort(int s) // one image
        {
            using var results = session.Run([NamedOnnxValue.CreateFromTensor(input.Name, new DenseTensor<float>(x.AsMemory(s * size, size), one))]);
            return results.First().AsTensor<float>().ToArray();
        }
        var executor = new GraphExecutor(graph, FloatBackend.Instance);
        var single = new GraphExecutor(graph, FloatBackend.Single);
        var xd = x.Select(v => (double)v).ToArray();
        GC.KeepAlive(Ort(0)); // warm-up
        GC.KeepAlive(executor.RunAll(xd, Math.Min(Batch, Images), Batch));
        GC.KeepAlive(single.RunAll(xd, Math.Min(Batch, Images), Batch));
        (double Seconds, double Cpu, float[][] Result) ort = (double.MaxValue, 0, []);
        (double Seconds, double Cpu, double[] Result) mine = (double.MaxValue, 0, []), mine32 = (double.MaxValue, 0, []);
        for (int round = 0; round < Math.Max(1, Rounds); round++)
        {
            var o = Time(() => Enumerable.Range(0, Images).Select(Ort).ToArray());
            var e = Time(() => executor.RunAll(xd, Images, Batch));
            var e32 = Time(() => single.RunAll(xd, Images, Batch));
            log?.Invoke($"round {round + 1}: ONNX Runtime {o.Seconds:F3} s, float executor {e.Seconds:F3} s (float32 products {e32.Seconds:F3} s) for {Images} images");
            if (o.Seconds < ort.Seconds) ort = o;
            if (e.Seconds < mine.Seconds) mine = e;
            if (e32.Seconds < mine32.Seconds) mine32 = e32;
        }
        var (ortSeconds, ortCpu, ortOut) = ort;
        var (oursSeconds, oursCpu, ours) = mine;
        return new OnnxBenchResult(modelPath, Images, Batch, ortSeconds, oursSeconds, ortCpu, oursCpu, MaxRelativeDifference(ours, ortOut))
        {
            Single = (mine32.Seconds, mine32.Cpu, MaxRelativeDifference(mine32.Result, ortOut)),
        };
    }

    /// <summary>max |ours - ORT| over max |ORT|, over every image's outputs.</summary>
    private static double MaxRelativeDifference(double[] ours, float[][] ortOut)
    {
        double diff = 0, scale = 0;
        int outSize = ortOut[0].Length;
        for (int s = 0; s < ortOut.Length; s++)
            for (int i = 0; i < outSize; i++)
            {
                diff = Math.Max(diff, Math.Abs(ours[s * outSize + i] - ortOut[s][i]));
                scale = Math.Max(scale, Math.Abs(ortOut[s][i]));
            }
        return diff / Math.Max(scale, 1e-30);
    }

    private static (double Seconds, double Cpu, T Result) Time<T>(Func<T> work)
    {
        var cpu0 = Process.GetCurrentProcess().TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        var result = work();
        double wall = clock.Elapsed.TotalSeconds;
        return (wall, (Process.GetCurrentProcess().TotalProcessorTime - cpu0).TotalSeconds, result);
    }
}
