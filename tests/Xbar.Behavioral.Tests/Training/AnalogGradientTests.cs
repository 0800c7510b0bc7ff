using Xbar.Behavioral.Training.HardwareAware;
using Xbar.Behavioral.Training.Layers;
using Xbar.Behavioral.Training.Models;

namespace Xbar.Behavioral.Tests.Training;

/// <summary>
/// The fitted-gain gradient of hardware-in-the-loop training (<see cref="AnalogGradient.FittedGain"/>): on hardware that
/// is exactly diag(g) W x it is the true gradient (finite differences), where the straight-through gradient is off by 1/g.
/// </summary>
public sealed class AnalogGradientTests
{
    /// <summary>Hardware whose output o is gain[o] times the ideal sum: attenuated, one output inverted, as on 256x256 MTJ tiles with IR drop.</summary>
    private sealed class PerOutputGain : IAnalogForward
    {
        public void Multiply(int layer, string name, ReadOnlySpan<double> weights, int outputs, int inputs, ReadOnlySpan<double> x, int count, Span<double> y)
        {
            for (int s = 0; s < count; s++)
                for (int o = 0; o < outputs; o++)
                {
                    double sum = 0;
                    for (int i = 0; i < inputs; i++) sum += weights[o * inputs + i] * x[s * inputs + i];
                    y[s * outputs + o] = Gain(o) * sum;
                }
        }

        public static double Gain(int output) => output == 1 ? -0.05 : 0.1 + 0.03 * output;
    }

    private static readonly LayerContext Fitted = LayerContext.ForTraining(0, 1, analog: new PerOutputGain(), gradient: AnalogGradient.FittedGain);

    private static ILayer<double> Layer(LayerSpec spec, SampleShape input, int seed)
    {
        var layer = LayerFactory.Create<double>(spec, input);
        GradientCheck.Randomize(layer, new Random(seed));
        return layer;
    }

    [Fact]
    public void When_DenseRunsOnGainHardware_Expect_FittedGainGradientsMatchFiniteDifferences()
    {
        var layer = Layer(new DenseSpec("fc", 7, 5), SampleShape.Vector(7), 1);
        GradientCheck.Check(layer, GradientCheck.Values(3 * 7, new Random(2)), 3, Fitted, 3);
    }

    [Theory]
    [InlineData(3, 1, 1, true)]
    [InlineData(1, 2, 0, false)]
    public void When_ConvRunsOnGainHardware_Expect_FittedGainGradientsMatchFiniteDifferences(int kernel, int stride, int padding, bool bias)
    {
        var shape = new SampleShape(2, 5, 6);
        var layer = Layer(new Conv2dSpec("conv", 2, 3, kernel, stride, padding, bias), shape, 4);
        GradientCheck.Check(layer, GradientCheck.Values(2 * shape.Size, new Random(5)), 2, Fitted, 6);
    }

    [Fact]
    public void When_StraightThroughOnGainHardware_Expect_WeightGradientOffByTheGain()
    {
        // The same layer and data with both estimators: the weight gradient of output o differs by exactly gain(o).
        double[] WeightGradient(AnalogGradient kind)
        {
            var layer = (Dense<double>)Layer(new DenseSpec("fc", 4, 3), SampleShape.Vector(4), 7);
            var x = GradientCheck.Values(5 * 4, new Random(8));
            layer.Forward(x, 5, LayerContext.ForTraining(0, 1, analog: new PerOutputGain(), gradient: kind));
            layer.Weight.ZeroGradient();
            layer.Bias!.ZeroGradient();
            layer.Backward(GradientCheck.Values(5 * 3, new Random(9)), 5);
            return (double[])layer.Weight.Gradient!.Clone();
        }
        var ideal = WeightGradient(AnalogGradient.Ideal);
        var fitted = WeightGradient(AnalogGradient.FittedGain);
        for (int o = 0; o < 3; o++)
            for (int i = 0; i < 4; i++)
                Assert.Equal(PerOutputGain.Gain(o) * ideal[o * 4 + i], fitted[o * 4 + i], 12);
    }

    [Fact]
    public void When_IdealProductIsZero_Expect_GainOne_Otherwise_TheLeastSquaresRatio()
    {
        // Two samples, three outputs: output 0 is 0.5 x ideal, output 1 has an all-zero ideal, output 2 is fitted in between.
        double[] ideal = [2, 0, 1, -4, 0, 1];
        double[] hardware = [1, 0.3, 1, -2, -0.1, 3];
        var g = OutputGains.Fit(hardware, ideal, 2, 3);
        Assert.Equal(0.5, g[0], 15);
        Assert.Equal(1.0, g[1]);
        Assert.Equal(2.0, g[2], 15); // (1 x 1 + 3 x 1) / (1 + 1)
    }

    [Fact]
    public void When_TrainingInputIsNotFinite_Expect_DivergenceMessageNamingStepAndLayer()
    {
        var layer = Layer(new DenseSpec("fc", 4, 3), SampleShape.Vector(4), 10);
        var x = GradientCheck.Values(2 * 4, new Random(11));
        x[5] = double.NaN;
        var e = Assert.Throws<InvalidInputException>(() => layer.Forward(x, 2, LayerContext.ForTraining(41, 1, analog: new PerOutputGain())));
        Assert.Contains("training diverged at step 42", e.Message);
        Assert.Contains("fc", e.Message);
    }

    [Fact]
    public void When_GradientIsTheDefault_Expect_OptionsJsonAsBefore_SoEarlierRunsKeepTheirFolderNames()
    {
        // Model folders and checkpoints are named by a hash of the options' JSON: the straight-through default must not
        // appear in it (runs made before the option existed resume), the fitted gain must (it trains another model).
        var ideal = System.Text.Json.JsonSerializer.Serialize(new Xbar.Behavioral.Training.Optimization.NetworkTrainingOptions());
        var fitted = System.Text.Json.JsonSerializer.Serialize(new Xbar.Behavioral.Training.Optimization.NetworkTrainingOptions { AnalogGradient = AnalogGradient.FittedGain });
        Assert.DoesNotContain(nameof(AnalogGradient), ideal);
        Assert.Contains(nameof(AnalogGradient), fitted);
    }
}
