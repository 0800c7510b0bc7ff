using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using Xbar.Behavioral.Networks.Graph;
using Tensor = Xbar.Behavioral.Networks.Graph.Tensor;

namespace Xbar.Behavioral.Tests.Networks.Onnx;

/// <summary>ONNX Runtime (Microsoft.ML.OnnxRuntime, CPU, float32) as the independent reference for the float executor.</summary>
internal static class OrtReference
{
    /// <summary>Runs a model with one float input and returns its first output (values and shape).</summary>
    public static (float[] Values, int[] Shape) Run(byte[] model, string input, float[] x, int[] dims)
    {
        using var options = new SessionOptions { IntraOpNumThreads = 1, GraphOptimizationLevel = GraphOptimizationLevel.ORT_DISABLE_ALL };
        using var session = new InferenceSession(model, options);
        using var results = session.Run([NamedOnnxValue.CreateFromTensor(input, new DenseTensor<float>(x, dims))]);
        var t = results.First().AsTensor<float>();
        return (t.ToArray(), t.Dimensions.ToArray());
    }

    /// <summary>Seeded uniform floats in [lo, hi).</summary>
    public static float[] RandomInput(int count, int seed, double lo = -1, double hi = 1)
    {
        var rng = new Random(seed);
        return Enumerable.Range(0, count).Select(_ => (float)(lo + (hi - lo) * rng.NextDouble())).ToArray();
    }

    /// <summary>max |a - b| over the largest |b|: the error relative to the output's scale.</summary>
    public static double MaxRelativeDifference(ReadOnlySpan<double> ours, ReadOnlySpan<float> reference)
    {
        double diff = 0, scale = 0;
        for (int i = 0; i < reference.Length; i++)
        {
            diff = Math.Max(diff, Math.Abs(ours[i] - reference[i]));
            scale = Math.Max(scale, Math.Abs(reference[i]));
        }
        return diff / Math.Max(scale, 1e-30);
    }

    /// <summary>Our float executor on the same input (the floats read exactly as doubles).</summary>
    public static Tensor RunOurs(NetworkGraph graph, float[] x, int[] dims, IWeightBackend? backend = null) =>
        new GraphExecutor(graph, backend ?? FloatBackend.Instance).Run(new Tensor(dims, x.Select(v => (double)v).ToArray()));
}
