using Xbar.Behavioral.Config;
using Xbar.Behavioral.Mapping;
using Xbar.Behavioral.Training.HardwareAware;
using Xbar.Behavioral.Training.Layers;
using Xbar.Behavioral.Training.Models;
using Xbar.Behavioral.Training.Optimization;
using Xunit.Abstractions;

namespace Xbar.Behavioral.Tests.Training;

/// <summary>Fixed-range QAT, noise injection and the pluggable forward product.</summary>
public sealed class HardwareAwareTests(ITestOutputHelper output)
{
    private static Dense<double> RandomDense(int inputs, int outputs, int seed)
    {
        var layer = new Dense<double>(new DenseSpec("fc", inputs, outputs), SampleShape.Vector(inputs));
        var rng = new Random(seed);
        for (int i = 0; i < layer.Weight.Value.Length; i++) layer.Weight.Value[i] = 2 * rng.NextDouble() - 1;
        for (int i = 0; i < outputs; i++) layer.Bias!.Value[i] = rng.NextDouble();
        return layer;
    }

    /// <summary>The identity batch: sample n is the unit vector e_n, so output n is column n of the effective weights plus the bias.</summary>
    private static double[] Identity(int n)
    {
        var x = new double[n * n];
        for (int i = 0; i < n; i++) x[i * n + i] = 1;
        return x;
    }

    /// <summary>The effective weights minus the latent ones, read through the forward pass with unit inputs.</summary>
    private static double[] Deviations(Dense<double> layer, LayerContext context)
    {
        int n = layer.FanIn, m = layer.Outputs;
        var y = layer.Forward(Identity(n), n, context);
        var d = new double[n * m];
        for (int s = 0; s < n; s++)
            for (int o = 0; o < m; o++) d[s * m + o] = y[s * m + o] - layer.Bias!.Value[o] - layer.Weight.Value[o * n + s];
        return d;
    }

    [Fact]
    public void When_QatTrained_Expect_EveryWeightOnADeviceLevel_WhichTheTilesUniformQuantizerKeeps()
    {
        const int states = 4;
        var split = TinyCnn.FashionSubset(1000, 1000);
        var net = new Network<float>(new SampleShape(1, 28, 28), TinyCnn.Specs());
        net.Initialize(2);
        foreach (var layer in net.WeightLayers) layer.Quantizer = new FixedRangeQuantizer(states, Numeric.MaxAbs<float>(layer.Weight.Value));
        NetworkTrainer<float>.Train(net, split.Train, new NetworkTrainingOptions { Epochs = 2, BatchSize = 32, LearningRate = 0.05, Augment = false, Seed = 2 });
        var (accuracy, _) = NetworkTrainer<float>.Evaluate(net, split.Test);
        output.WriteLine($"QAT ({states} states/cell) held-out accuracy {accuracy:P1}");
        // The same bound as the float network's learning test (70 %): QAT with 7 signed levels costs a few points at most.
        Assert.True(accuracy >= 0.70, $"QAT network reaches only {accuracy:P1}");

        foreach (var layer in net.WeightLayers)
        {
            var q = layer.Quantizer!;
            var w = layer.ExportWeights();
            foreach (var v in w) Assert.Equal(BitConverter.DoubleToInt64Bits(q.Level(q.LevelIndex(v))), BitConverter.DoubleToInt64Bits(v));
            int distinct = w.Distinct().Count();
            Assert.InRange(distinct, 3, 2 * states - 1);
            // The tile's differential mapping with uniform levels and clip R represents them without error.
            var matrix = new double[layer.Outputs, layer.FanIn];
            Buffer.BlockCopy(w, 0, matrix, 0, w.Length * sizeof(double));
            var mapped = WeightMapper.Map(matrix, new MappingConfig(SignedMapping.Differential, QuantizationKind.Uniform, WeightClip: q.Range), states, 1e-6, 25e-6);
            Assert.Equal(matrix, mapped.QuantizedWeights);
        }
    }

    [Fact]
    public void When_QuantizedLayerRuns_Expect_OutputsOfItsExportedLevels()
    {
        var layer = RandomDense(12, 5, 1);
        layer.Quantizer = new FixedRangeQuantizer(3, 0.6);
        var plain = RandomDense(12, 5, 1);
        layer.ExportWeights().CopyTo(plain.Weight.Value, 0);
        var x = GradientCheck.Values(4 * 12, new Random(2));
        Assert.Equal(plain.Forward(x, 4, LayerContext.Inference), layer.Forward(x, 4, LayerContext.Inference));
    }

    [Fact]
    public void When_LatentWeightLeavesTheRange_Expect_ItsStraightThroughGradientZero_OthersUnchanged()
    {
        var quantized = RandomDense(6, 4, 3);
        quantized.Quantizer = new FixedRangeQuantizer(4, 0.5);
        var x = GradientCheck.Values(3 * 6, new Random(4));
        var g = GradientCheck.Values(3 * 4, new Random(5));
        quantized.Forward(x, 3, LayerContext.ForTraining(0, 1));
        quantized.Backward(g, 3);
        // Without QAT, dL/dW = dY^T X: the straight-through gradient is that, masked where |w| > R.
        var reference = RandomDense(6, 4, 3);
        reference.Forward(x, 3, LayerContext.ForTraining(0, 1));
        reference.Backward(g, 3);
        int masked = 0;
        for (int i = 0; i < 24; i++)
        {
            bool outside = Math.Abs(quantized.Weight.Value[i]) > 0.5;
            masked += outside ? 1 : 0;
            Assert.Equal(outside ? 0 : reference.Weight.Gradient![i], quantized.Weight.Gradient![i]);
        }
        Assert.InRange(masked, 1, 23);
    }

    [Fact]
    public void When_WeightNoiseInjected_Expect_SpreadRelativeToMaxWeight_DrawnAfreshEachStep_AbsentInInference()
    {
        // 100 x 100 weights uniform in [-1, 1] (max |W| close to 1); sigma = 0.05 max|W|: a sample sigma within 4 % (SE 0.7 %).
        var layer = RandomDense(100, 100, 7);
        double max = layer.Weight.Value.Max(Math.Abs);
        var noise = new NoiseInjection(weightSigma: 0.05);
        var step1 = Deviations(layer, LayerContext.ForTraining(1, 9, noise));
        var (mean, sigma) = (step1.Average(), Math.Sqrt(step1.Select(v => v * v).Average()));
        Assert.InRange(sigma, 0.96 * 0.05 * max, 1.04 * 0.05 * max);
        Assert.InRange(mean, -4 * 0.05 * max / 100, 4 * 0.05 * max / 100);
        Assert.Equal(step1, Deviations(layer, LayerContext.ForTraining(1, 9, noise)));
        Assert.NotEqual(step1, Deviations(layer, LayerContext.ForTraining(2, 9, noise)));
        Assert.All(Deviations(layer, LayerContext.Inference with { Noise = noise }), d => Assert.True(Math.Abs(d) < 1e-15));
    }

    [Fact]
    public void When_OutputNoiseInjected_Expect_SpreadOfMaxWeightTimesMaxInput()
    {
        var layer = RandomDense(100, 100, 8);
        double max = layer.Weight.Value.Max(Math.Abs);
        var d = Deviations(layer, LayerContext.ForTraining(3, 1, new NoiseInjection(outputSigma: 0.02)));
        double sigma = Math.Sqrt(d.Select(v => v * v).Average());
        Assert.InRange(sigma, 0.96 * 0.02 * max, 1.04 * 0.02 * max); // max |x| = 1 for unit inputs
    }

    private sealed class Attenuating(double factor) : IAnalogForward
    {
        public List<(int Layer, string Name, int Outputs, int Inputs, int Count)> Calls { get; } = [];

        public void Multiply(int layer, string name, ReadOnlySpan<double> weights, int outputs, int inputs, ReadOnlySpan<double> x, int count, Span<double> y)
        {
            Calls.Add((layer, name, outputs, inputs, count));
            for (int s = 0; s < count; s++)
                for (int o = 0; o < outputs; o++)
                {
                    double sum = 0;
                    for (int i = 0; i < inputs; i++) sum += weights[o * inputs + i] * x[s * inputs + i];
                    y[s * outputs + o] = factor * sum;
                }
        }
    }

    [Fact]
    public void When_AnalogForwardPlugged_Expect_ItsProductForward_AndTheIdealProductsGradientBackward()
    {
        var spec = new Conv2dSpec("conv", 2, 3, 3, 2, 1, Bias: true);
        var shape = new SampleShape(2, 5, 5);
        ILayer<double> Make()
        {
            var c = new Conv2d<double>(spec, shape);
            GradientCheck.Randomize(c, new Random(11));
            return c;
        }
        var ideal = Make();
        var hooked = Make();
        var analog = new Attenuating(0.8);
        var rng = new Random(12);
        var x = GradientCheck.Values(2 * shape.Size, rng);
        var yIdeal = (double[])ideal.Forward(x, 2, LayerContext.ForTraining(0, 1)).Clone();
        var yHooked = hooked.Forward(x, 2, LayerContext.ForTraining(0, 1, analog: analog));
        var bias = ((Conv2d<double>)ideal).Bias!.Value;
        int plane = ideal.OutputShape.Plane;
        for (int i = 0; i < yIdeal.Length; i++)
        {
            double b = bias[i / plane % 3];
            Assert.Equal(0.8 * (yIdeal[i] - b) + b, yHooked[i], 12);
        }
        Assert.Equal((0, "conv", 3, 2 * 9, 2 * 3 * 3), analog.Calls.Single());

        var g = GradientCheck.Values(yIdeal.Length, rng);
        var dxIdeal = (double[])ideal.Backward(g, 2).Clone();
        var dxHooked = hooked.Backward(g, 2);
        Assert.Equal(dxIdeal, dxHooked);
        Assert.Equal(((Conv2d<double>)ideal).Weight.Gradient, ((Conv2d<double>)hooked).Weight.Gradient);
    }

    [Theory]
    [InlineData(-0.01, 0)]
    [InlineData(1.5, 0)]
    [InlineData(0, double.NaN)]
    public void When_NoiseStrengthOutOfRange_Expect_ClearError(double weight, double output)
    {
        var e = Assert.Throws<InvalidInputException>(() => new NoiseInjection(weight, output));
        Assert.Contains("between 0 and 1", e.Message);
    }

    [Fact]
    public void When_QatSettingsOutOfRange_Expect_ClearErrors()
    {
        Assert.Contains("2..256", Assert.Throws<InvalidInputException>(() => new FixedRangeQuantizer(1, 1)).Message);
        Assert.Contains("positive", Assert.Throws<InvalidInputException>(() => new FixedRangeQuantizer(4, 0)).Message);
    }
}
