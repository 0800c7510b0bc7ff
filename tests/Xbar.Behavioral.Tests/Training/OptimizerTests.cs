using Xbar.Behavioral.Training;
using Xbar.Behavioral.Training.Layers;
using Xbar.Behavioral.Training.Optimization;

namespace Xbar.Behavioral.Tests.Training;

/// <summary>Optimizers and schedules against closed forms.</summary>
public sealed class OptimizerTests
{
    private static Parameter<double> Param(double value, bool decays = true)
    {
        var p = new Parameter<double>("p", [1], trainable: true, decays);
        p.Value[0] = value;
        return p;
    }

    [Fact]
    public void When_SgdMomentumSeesAConstantGradient_Expect_TheGeometricSeriesClosedForm()
    {
        // v_k = g (1 - mu^k) / (1 - mu), so after K steps w = w0 - lr g sum_k (1 - mu^k) / (1 - mu).
        const double lr = 0.1, mu = 0.9, g = 2.0;
        var p = Param(1.0);
        var sgd = new Sgd<double>([p], mu, 0);
        double expected = 1.0;
        for (int k = 1; k <= 20; k++)
        {
            p.Gradient![0] = g;
            sgd.Step(lr);
            expected -= lr * g * (1 - Math.Pow(mu, k)) / (1 - mu);
            Assert.Equal(expected, p.Value[0], 12);
        }
    }

    [Theory]
    [InlineData(1e-3)]
    [InlineData(250.0)]
    [InlineData(-4.0)]
    public void When_AdamTakesItsFirstStep_Expect_LearningRateTimesSignWhateverTheScale(double g)
    {
        // Kingma and Ba 2015, Sec. 2.1: with bias correction the first step is lr g / (|g| + eps).
        var p = Param(0.5);
        var adam = new Adam<double>([p], 0);
        p.Gradient![0] = g;
        adam.Step(0.01);
        Assert.Equal(0.5 - 0.01 * Math.Sign(g), p.Value[0], 6);
    }

    [Fact]
    public void When_WeightDecaySet_Expect_OnlyDecayingParametersShrink()
    {
        var weight = Param(2.0);
        var bias = Param(2.0, decays: false);
        var sgd = new Sgd<double>([weight, bias], 0, 0.1);
        sgd.Step(0.5); // zero gradients: w = w - lr wd w
        Assert.Equal(2.0 * (1 - 0.5 * 0.1), weight.Value[0], 15);
        Assert.Equal(2.0, bias.Value[0]);
    }

    [Fact]
    public void When_SchedulesEvaluated_Expect_WarmupRampCosineHalfwayAndStepDrops()
    {
        var cosine = new LearningRateSchedule(ScheduleKind.Cosine, 0.2, totalSteps: 1010, warmupSteps: 10);
        Assert.Equal(0.02, cosine.Rate(0), 15);
        Assert.Equal(0.2, cosine.Rate(9), 15);
        Assert.Equal(0.1, cosine.Rate(10 + 500), 12); // halfway through the annealing: (1 + cos(pi/2)) / 2
        Assert.True(cosine.Rate(1009) < 1e-5 * 0.2 * 1000);
        var step = new LearningRateSchedule(ScheduleKind.Step, 0.1, 100);
        Assert.Equal([0.1, 0.1, 0.01, 0.001], new[] { 0, 49, 50, 75 }.Select(s => Math.Round(step.Rate(s), 12)));
        Assert.Contains("--lr", Assert.Throws<InvalidInputException>(() => new LearningRateSchedule(ScheduleKind.Constant, -0.1, 10)).Message);
    }

    [Theory]
    [InlineData(-1.0, "--lr")]
    [InlineData(11.0, "--lr")]
    [InlineData(double.NaN, "--lr")]
    public void When_TrainingOptionsOutOfRange_Expect_ErrorNamingTheOption(double lr, string option)
    {
        var e = Assert.Throws<InvalidInputException>(() => new NetworkTrainingOptions { LearningRate = lr }.Validate());
        Assert.Contains(option, e.Message);
        Assert.Contains("momentum", Assert.Throws<InvalidInputException>(() => new NetworkTrainingOptions { Momentum = 1 }.Validate()).Message);
        Assert.Contains("--epochs", Assert.Throws<InvalidInputException>(() => new NetworkTrainingOptions { Epochs = 0 }.Validate()).Message);
    }
}
