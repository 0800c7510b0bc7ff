using Onnx;
using Xbar.Behavioral.Networks.Graph;
using Xbar.Behavioral.Networks.Onnx;
using Xunit.Abstractions;

namespace Xbar.Behavioral.Tests.Networks.Onnx;

/// <summary>Whole models against ONNX Runtime (float32): a small residual conv net by default, ResNet-18 (ImageNet, opset 8) as a slow test.</summary>
public sealed class WholeModelVsOrtTests(ITestOutputHelper output)
{
    /// <summary>The ResNet-18 that Microsoft.ML.DnnImageFeaturizer.ResNet18 ships (restored into the NuGet cache by the test project).</summary>
    public static string ResNet18Path => Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile),
        ".nuget", "packages", "microsoft.ml.dnnimagefeaturizer.resnet18", "0.23.1", "tools", "DnnImageModels", "ResNet18Onnx", "ResNet18.onnx");

    [Fact]
    public void When_SmallResidualConvNetRuns_Expect_OrtOutputsWithin1e4()
    {
        var model = SmallConvNet.Build();
        int[] dims = [4, .. SmallConvNet.SampleShape];
        var x = OrtReference.RandomInput(dims.Aggregate(1, (a, b) => a * b), seed: 5, 0, 1);
        var (expected, shape) = OrtReference.Run(model.Bytes(), "image", x, dims);
        var graph = OnnxImporter.Import(model.Model());
        var ours = OrtReference.RunOurs(graph, x, dims);
        var folded = OrtReference.RunOurs(GraphPasses.Optimize(graph), x, dims);
        Assert.Equal(shape, ours.Dims.ToArray());
        double diff = OrtReference.MaxRelativeDifference(ours.Data, expected);
        double foldedDiff = OrtReference.MaxRelativeDifference(folded.Data, expected);
        output.WriteLine($"small conv net: max relative difference to ORT float32 {diff:E2} (BN folded: {foldedDiff:E2})");
        Assert.True(diff < 1e-4, $"max relative difference {diff:E2}");
        Assert.True(foldedDiff < 1e-4, $"BN folded: max relative difference {foldedDiff:E2}");
    }

    /// <summary>
    /// ResNet-18 through the executor against ORT: in double (every product BLAS dgemm) and with float32 products
    /// (<see cref="FloatBackend.Single"/>: convolution columns unrolled in float, sgemm, the bias, residual Add and
    /// ReLU fused after widening), both within 1e-4 of ORT's float32 features.
    /// </summary>
    [Theory]
    [Trait("Category", "Slow")]
    [InlineData(false)]
    [InlineData(true)]
    public void When_ResNet18RunsOnTwoImages_Expect_OrtFeaturesWithin1e4(bool singlePrecision)
    {
        Assert.True(File.Exists(ResNet18Path), $"{ResNet18Path} missing (NuGet package Microsoft.ML.DnnImageFeaturizer.ResNet18 0.23.1)");
        var graph = GraphPasses.Optimize(OnnxImporter.Load(ResNet18Path));
        int[] one = [1, 3, 224, 224];
        var x = OrtReference.RandomInput(2 * 3 * 224 * 224, seed: 18, 0, 1);
        // The model's batch is fixed at 1: ours runs both at once.
        var ours = OrtReference.RunOurs(graph, x, [2, 3, 224, 224], singlePrecision ? FloatBackend.Single : FloatBackend.Instance);
        var bytes = File.ReadAllBytes(ResNet18Path);
        double worst = 0;
        for (int s = 0; s < 2; s++)
        {
            var (expected, _) = OrtReference.Run(bytes, graph.SingleInput.Name, x[(s * 150528)..((s + 1) * 150528)], one);
            double diff = OrtReference.MaxRelativeDifference(ours.Data.AsSpan(s * expected.Length, expected.Length), expected);
            output.WriteLine($"ResNet-18 image {s} ({(singlePrecision ? "float32 products" : "float64")}): max relative difference to ORT float32 {diff:E2} over {expected.Length} features");
            worst = Math.Max(worst, diff);
        }
        Assert.True(worst < 1e-4, $"max relative difference {worst:E2}");
    }
}
