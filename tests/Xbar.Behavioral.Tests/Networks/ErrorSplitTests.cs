using Xbar.Behavioral.Data;
using Xbar.Behavioral.Networks;
using Xbar.Behavioral.Training;
using Xbar.Devices.NonIdealities;

namespace Xbar.Behavioral.Tests.Networks;

public sealed class ErrorSplitTests
{
    private static (Mlp Net, LabeledImages Data) SmallNetwork()
    {
        var rng = new Random(1);
        var features = Enumerable.Range(0, 50 * 12).Select(_ => rng.NextDouble()).ToArray();
        var data = new LabeledImages(features, 12, Enumerable.Range(0, 50).Select(i => (byte)(i % 3)).ToArray());
        return (Mlp.CreateRandom([12, 9, 3], Activation.Relu, OutputKind.Softmax, 2), data);
    }

    [Fact]
    public void When_NoiseIsZero_Expect_ZeroSystematicAndRandomError_AndPositiveQuantizationError()
    {
        var (net, data) = SmallNetwork();
        var split = ErrorSplit.MeasureReference(net, data, TileGeometry.Paper4x4,
            new ReferenceMtjTileOptions { Offsets = new StateOffsets() }, seed: 3);
        Assert.All(split[ErrorSource.Systematic].LayerRmse, e => Assert.True(e < 1e-12));
        Assert.All(split[ErrorSource.Random].LayerRmse, e => Assert.True(e < 1e-12));
        Assert.All(split[ErrorSource.Quantization].LayerRmse, e => Assert.True(e > 1e-3));
        Assert.Equal(split[ErrorSource.Quantization].LayerRmse, split[ErrorSource.All].LayerRmse);
        Assert.Equal(split.FloatAccuracy, split[ErrorSource.Random].Accuracy);
    }

    [Fact]
    public void When_StatesIncrease_Expect_QuantizationErrorOfEveryLayerFalls()
    {
        var (net, data) = SmallNetwork();
        double[]? previous = null;
        foreach (int n in new[] { 2, 4, 8, 16 })
        {
            var options = new ReferenceMtjTileOptions { Cell = new Xbar.Devices.Mtj.MtjParameters { States = n } };
            var rmse = ErrorSplit.MeasureReference(net, data, TileGeometry.Paper4x4, options, 3)[ErrorSource.Quantization].LayerRmse;
            if (previous != null)
                for (int l = 0; l < rmse.Length; l++) Assert.True(rmse[l] < previous[l], $"N={n} layer {l}");
            previous = rmse;
        }
    }

    [Fact]
    public void When_NoiseRises_Expect_RandomAndSystematicErrorsRise()
    {
        var (net, data) = SmallNetwork();
        double Err(ErrorSource s, double sigma) => ErrorSplit.MeasureReference(net, data, TileGeometry.Paper4x4,
            new ReferenceMtjTileOptions { Offsets = new StateOffsets { SigmaNl = sigma, SigmaPerp = sigma } }, 5)[s].LayerRmse[0];
        Assert.True(Err(ErrorSource.Random, 400) > Err(ErrorSource.Random, 100));
        Assert.True(Err(ErrorSource.Systematic, 400) > Err(ErrorSource.Systematic, 100));
    }
}
