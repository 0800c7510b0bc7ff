using Xbar.Behavioral.Training.Layers;
using Xbar.Behavioral.Training.Models;

namespace Xbar.Behavioral.Tests.Training;

/// <summary>Every layer's backward pass against central finite differences in double precision (<see cref="GradientCheck"/>).</summary>
public sealed class LayerGradientTests
{
    private static readonly LayerContext Train = LayerContext.ForTraining(0, 1);

    private static void Check(LayerSpec spec, SampleShape input, int batch, int seed, LayerContext? context = null)
    {
        var rng = new Random(seed);
        var layer = LayerFactory.Create<double>(spec, input);
        GradientCheck.Randomize(layer, rng);
        GradientCheck.Check(layer, GradientCheck.Values(batch * input.Size, rng), batch, context ?? Train, seed + 1);
    }

    [Fact]
    public void When_DenseWithBias_Expect_GradientsMatchFiniteDifferences() =>
        Check(new DenseSpec("fc", 7, 5), SampleShape.Vector(7), 3, 1);

    [Theory]
    [InlineData(3, 1, 1, false)] // same-size 3x3, the ResNet case
    [InlineData(3, 2, 1, true)]  // strided with bias
    [InlineData(1, 2, 0, false)] // 1x1 projection shortcut
    [InlineData(2, 1, 0, true)]  // even kernel, no padding
    public void When_Conv2d_Expect_GradientsMatchFiniteDifferences(int kernel, int stride, int padding, bool bias) =>
        Check(new Conv2dSpec("conv", 2, 3, kernel, stride, padding, bias), new SampleShape(2, 5, 6), 2, 10 + kernel + stride);

    [Fact]
    public void When_BatchNormTraining_Expect_GradientsThroughBatchStatistics() =>
        Check(new BatchNormSpec("bn", 3), new SampleShape(3, 2, 3), 4, 20);

    [Fact]
    public void When_BatchNormOnVectors_Expect_GradientsMatch() =>
        Check(new BatchNormSpec("bn", 6), SampleShape.Vector(6), 5, 21);

    [Fact]
    public void When_BatchNormInference_Expect_GradientsThroughRunningStatistics() =>
        Check(new BatchNormSpec("bn", 3), new SampleShape(3, 2, 2), 3, 22, LayerContext.Inference);

    [Fact]
    public void When_Relu_Expect_GradientsMatch() => Check(new ReluSpec("relu"), new SampleShape(2, 3, 3), 2, 30);

    [Theory]
    [InlineData(2, 2)]
    [InlineData(3, 2)] // overlapping windows
    public void When_MaxPool_Expect_GradientsMatch(int kernel, int stride) =>
        Check(new MaxPoolSpec("pool", kernel, stride), new SampleShape(2, 5, 5), 2, 40 + kernel);

    [Theory]
    [InlineData(2, 2)]
    [InlineData(3, 1)]
    public void When_AvgPool_Expect_GradientsMatch(int kernel, int stride) =>
        Check(new AvgPoolSpec("pool", kernel, stride), new SampleShape(2, 4, 5), 2, 50 + kernel);

    [Fact]
    public void When_GlobalAvgPool_Expect_GradientsMatch() => Check(new GlobalAvgPoolSpec("gap"), new SampleShape(3, 3, 4), 2, 60);

    [Fact]
    public void When_FlattenThenDense_Expect_GradientsMatch()
    {
        var input = new SampleShape(2, 3, 3);
        var layer = Sequential<double>.Build("net", [new FlattenSpec("flat"), new DenseSpec("fc", 18, 4)], input);
        var rng = new Random(70);
        GradientCheck.Randomize(layer, rng);
        GradientCheck.Check(layer, GradientCheck.Values(2 * input.Size, rng), 2, Train, 71);
    }

    [Theory]
    [InlineData(3, 3, 1)] // identity shortcut
    [InlineData(2, 4, 2)] // projection shortcut (1x1 stride-2 convolution and batch norm)
    public void When_ResidualBlock_Expect_GradientsThroughBothBranches(int inChannels, int outChannels, int stride) =>
        Check(ResNet.BasicBlock("block", inChannels, outChannels, stride), new SampleShape(inChannels, 4, 4), 3, 80 + stride);

    [Fact]
    public void When_SoftmaxCrossEntropy_Expect_GradientIsSlopeOfMeanLoss()
    {
        var rng = new Random(90);
        int batch = 4, classes = 5;
        var z = GradientCheck.Values(batch * classes, rng);
        byte[] labels = [0, 3, 4, 1];
        var g = new double[z.Length];
        SoftmaxCrossEntropy.Evaluate<double>(z, labels, batch, classes, g);
        GradientCheck.Compare(z, g, () => SoftmaxCrossEntropy.Evaluate<double>(z, labels, batch, classes, Span<double>.Empty).Loss, "logits", 100);
    }

    [Fact]
    public void When_WholeResNetWithLoss_Expect_ParameterGradientsMatch()
    {
        // A small ResNet-8 (width 2) end to end: the loss is the mean softmax cross-entropy of its logits.
        var net = new Network<double>(new SampleShape(1, 6, 6), ResNet.Specs(8, 1, 3, width: 2));
        var rng = new Random(100);
        net.Initialize(5);
        int batch = 3;
        var x = GradientCheck.Values(batch * 36, rng);
        byte[] labels = [2, 0, 1];
        double Loss() => SoftmaxCrossEntropy.Evaluate<double>(net.Forward(x, batch, Train), labels, batch, 3, Span<double>.Empty).Loss;
        foreach (var p in net.Parameters) p.ZeroGradient();
        var logits = net.Forward(x, batch, Train);
        var g = new double[logits.Length];
        SoftmaxCrossEntropy.Evaluate<double>(logits, labels, batch, 3, g);
        net.Backward(g, batch);
        foreach (var p in net.Parameters.Where(p => p.Trainable))
            GradientCheck.Compare(p.Value, (double[])p.Gradient!.Clone(), Loss, p.Name, 40);
    }
}
