using Xbar.Behavioral.Training.Layers;
using Xbar.Behavioral.Training.Models;

namespace Xbar.Behavioral.Tests.Training;

/// <summary>
/// Forward passes against their definitions written as plain loops (the ONNX operator semantics:
/// cross-correlation with zero padding, floor output size), since finite differences only check
/// that a backward pass matches its own forward pass.
/// </summary>
public sealed class LayerForwardTests
{
    [Theory]
    [InlineData(3, 1, 1)]
    [InlineData(3, 2, 1)]
    [InlineData(2, 2, 0)]
    [InlineData(1, 1, 0)]
    public void When_Conv2dRuns_Expect_TheDirectCrossCorrelationWithZeroPadding(int k, int stride, int pad)
    {
        var input = new SampleShape(3, 7, 6);
        var conv = new Conv2d<double>(new Conv2dSpec("conv", 3, 4, k, stride, pad, Bias: true), input);
        var rng = new Random(k * 10 + stride);
        GradientCheck.Randomize(conv, rng);
        int batch = 2;
        var x = GradientCheck.Values(batch * input.Size, rng);
        var y = conv.Forward(x, batch, LayerContext.Inference);
        int ho = (7 + 2 * pad - k) / stride + 1, wo = (6 + 2 * pad - k) / stride + 1;
        Assert.Equal(new SampleShape(4, ho, wo), conv.OutputShape);
        var w = conv.Weight.Value;
        for (int n = 0; n < batch; n++)
            for (int o = 0; o < 4; o++)
                for (int r = 0; r < ho; r++)
                    for (int c = 0; c < wo; c++)
                    {
                        double sum = conv.Bias!.Value[o];
                        for (int ci = 0; ci < 3; ci++)
                            for (int i = 0; i < k; i++)
                                for (int j = 0; j < k; j++)
                                {
                                    int ih = r * stride - pad + i, iw = c * stride - pad + j;
                                    if (ih < 0 || ih >= 7 || iw < 0 || iw >= 6) continue;
                                    sum += w[((o * 3 + ci) * k + i) * k + j] * x[((n * 3 + ci) * 7 + ih) * 6 + iw];
                                }
                        Assert.Equal(sum, y[((n * 4 + o) * ho + r) * wo + c], 12);
                    }
    }

    [Fact]
    public void When_PoolingAndBatchNormInferenceRun_Expect_TheirDefinitions()
    {
        var input = new SampleShape(2, 5, 5);
        var rng = new Random(3);
        var x = GradientCheck.Values(input.Size, rng);
        var max = new MaxPool2d<double>(new MaxPoolSpec("max", 3, 2), input).Forward(x, 1, LayerContext.Inference);
        var avg = new AvgPool2d<double>(new AvgPoolSpec("avg", 3, 2), input).Forward(x, 1, LayerContext.Inference);
        for (int c = 0; c < 2; c++)
            for (int r = 0; r < 2; r++)
                for (int q = 0; q < 2; q++)
                {
                    var window = from i in Enumerable.Range(0, 3) from j in Enumerable.Range(0, 3) select x[(c * 5 + 2 * r + i) * 5 + 2 * q + j];
                    Assert.Equal(window.Max(), max[(c * 2 + r) * 2 + q]);
                    Assert.Equal(window.Average(), avg[(c * 2 + r) * 2 + q], 14);
                }
        var bn = new BatchNorm<double>(new BatchNormSpec("bn", 2, Epsilon: 1e-3), input);
        GradientCheck.Randomize(bn, rng);
        var y = bn.Forward(x, 1, LayerContext.Inference);
        for (int i = 0; i < x.Length; i++)
        {
            int c = i / 25;
            double expected = bn.Scale.Value[c] * (x[i] - bn.RunningMean.Value[c]) / Math.Sqrt(bn.RunningVariance.Value[c] + 1e-3) + bn.Shift.Value[c];
            Assert.Equal(expected, y[i], 12);
        }
    }
}
