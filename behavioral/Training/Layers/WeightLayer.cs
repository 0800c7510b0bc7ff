using System.Numerics;
using System.Numerics.Tensors;
using Xbar.Behavioral.Training.HardwareAware;
using Xbar.Behavioral.Training.Models;

namespace Xbar.Behavioral.Training.Layers;

/// <summary>
/// What dense and convolution layers share: a weight matrix of <see cref="Outputs"/> x
/// <see cref="FanIn"/> (the crossbar layout), an optional bias added after the product (digitally,
/// on hardware), and the hardware-aware parts of the forward pass: QAT at a fixed range
/// (<see cref="Quantizer"/>), weight and output noise (<see cref="NoiseInjection"/>) and the
/// pluggable product (<see cref="IAnalogForward"/>).
/// </summary>
public abstract class WeightLayer<T> : ILayer<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private T[]? _effective;

    /// <summary>Per-output gains of the last training forward through hardware (<see cref="AnalogGradient.FittedGain"/>); null = the ideal product's gradient.</summary>
    private T[]? _gains;

    protected WeightLayer(string name, SampleShape input, SampleShape output, int fanIn, int[] weightShape, bool bias)
    {
        Name = name;
        InputShape = input;
        OutputShape = output;
        Outputs = weightShape[0];
        FanIn = fanIn;
        Weight = new Parameter<T>(name + ".weight", weightShape, trainable: true, decays: true);
        Bias = bias ? new Parameter<T>(name + ".bias", [Outputs], trainable: true, decays: false) : null;
    }

    public string Name { get; }
    public SampleShape InputShape { get; }
    public SampleShape OutputShape { get; }
    public abstract LayerSpec Spec { get; }

    /// <summary>Rows of the weight matrix (output neurons or channels).</summary>
    public int Outputs { get; }

    /// <summary>Columns of the weight matrix: inputs of a dense layer, C_in K K of a convolution.</summary>
    public int FanIn { get; }

    /// <summary>The latent weights (Outputs x FanIn, row-major) the optimizer updates.</summary>
    public Parameter<T> Weight { get; }

    public Parameter<T>? Bias { get; }

    /// <summary>Index of this layer among the weight layers in forward order (seeds its noise; the index of its tiles).</summary>
    public int Index { get; internal set; }

    /// <summary>QAT at a fixed range (null: float weights).</summary>
    public FixedRangeQuantizer? Quantizer { get; set; }

    public IEnumerable<Parameter<T>> Parameters => Bias is null ? [Weight] : [Weight, Bias];

    public IEnumerable<ILayer<T>> Layers => [this];

    /// <summary>
    /// The weights the hardware would hold, in double precision, Outputs x FanIn: the QAT levels
    /// exactly (<see cref="FixedRangeQuantizer.Export{T}"/>) when quantized, else the float weights.
    /// </summary>
    public double[] ExportWeights() => Quantizer is { } q ? q.Export<T>(Weight.Value) : Numeric.ToDouble<T>(Weight.Value);

    /// <summary>The bias in double precision (zeros when the layer has none).</summary>
    public double[] ExportBias() => Bias is null ? new double[Outputs] : Numeric.ToDouble<T>(Bias.Value);

    public abstract T[] Forward(T[] input, int batch, LayerContext context);

    public abstract T[] Backward(T[] outputGradient, int batch);

    /// <summary>The weights this forward pass uses: quantized when QAT is on, plus weight noise in training.</summary>
    protected T[] ForwardWeights(LayerContext context)
    {
        double sigma = context.Training ? context.Noise.WeightSigma : 0;
        if (Quantizer is null && sigma == 0) return Weight.Value;
        var w = Numeric.Ensure(ref _effective, Weight.Value.Length);
        if (Quantizer is { } q) q.Quantize<T>(Weight.Value, w);
        else Weight.Value.CopyTo(w, 0);
        if (sigma > 0)
        {
            var scale = T.CreateTruncating(sigma) * Numeric.MaxAbs<T>(w);
            var z = NoiseDraws.Normal(NoiseDraws.For(context.Seed, context.Step, Index, NoiseDraws.WeightNoise), w.Length);
            for (int i = 0; i < w.Length; i++) w[i] += scale * T.CreateTruncating(z[i]);
        }
        return w;
    }

    /// <summary>Adds training output noise, sigma max|W| max|x| z, to every value of the product (before the bias).</summary>
    protected void AddOutputNoise(LayerContext context, Span<T> product, ReadOnlySpan<T> weights, ReadOnlySpan<T> input)
    {
        if (!context.Training || context.Noise.OutputSigma == 0) return;
        var scale = T.CreateTruncating(context.Noise.OutputSigma) * Numeric.MaxAbs(weights) * Numeric.MaxAbs(input);
        var z = NoiseDraws.Normal(NoiseDraws.For(context.Seed, context.Step, Index, NoiseDraws.OutputNoise), product.Length);
        for (int i = 0; i < product.Length; i++) product[i] += scale * T.CreateTruncating(z[i]);
    }

    /// <summary>
    /// The product through an <see cref="IAnalogForward"/> model: <paramref name="vectors"/> holds
    /// count x FanIn inputs, <paramref name="result"/> receives count x Outputs. In training with
    /// <see cref="AnalogGradient.FittedGain"/> it also fits each output's gain against the ideal product
    /// for <see cref="ScaleProductGradient"/>. An input that is not a finite number stops the run here,
    /// named, before the hardware model sees it: in training it means the run has diverged.
    /// </summary>
    protected void AnalogProduct(IAnalogForward analog, LayerContext context, ReadOnlySpan<T> weights, ReadOnlySpan<T> vectors, int count, Span<T> result)
    {
        var x = Numeric.ToDouble(vectors);
        if (!TensorPrimitives.IsFiniteAll<double>(x))
            throw new InvalidInputException(context.Training
                ? $"training diverged at step {context.Step + 1}: layer {Name} received a value that is not a finite number; lower the learning rate (--lr, --ir-lr)"
                : $"layer {Name}: an input value is not a finite number");
        var w = Numeric.ToDouble(weights);
        var y = new double[count * Outputs];
        analog.Multiply(Index, Name, w, Outputs, FanIn, x, count, y);
        _gains = null;
        if (context.Training && context.AnalogGradient == AnalogGradient.FittedGain)
        {
            _gains = new T[Outputs];
            Numeric.FromDouble<T>(OutputGains.FitToProduct(y, x, w, count, Outputs, FanIn), _gains);
        }
        Numeric.FromDouble<T>(y, result);
    }

    /// <summary>Whether the last forward pass fitted gains that <see cref="ScaleProductGradient"/> applies (otherwise it changes nothing).</summary>
    protected bool HasFittedGains => _gains is not null;

    /// <summary>
    /// The gradient of the product under <see cref="AnalogGradient.FittedGain"/>: each output's gradient times its
    /// fitted gain, in place (nothing happens for the ideal product's gradient). <paramref name="gradient"/> holds
    /// <paramref name="length"/> values per output, output-major (a convolution's C_out x N Ho Wo) when
    /// <paramref name="outputMajor"/>, else sample-major (a dense layer's batch x Outputs). Call it after the bias
    /// gradient, which the gain does not touch (the bias is added digitally after the ADC).
    /// </summary>
    protected void ScaleProductGradient(Span<T> gradient, int length, bool outputMajor)
    {
        if (_gains is not { } g) return;
        if (outputMajor)
            for (int o = 0; o < Outputs; o++) TensorPrimitives.Multiply(gradient.Slice(o * length, length), g[o], gradient.Slice(o * length, length));
        else
            for (int s = 0; s < length; s++) TensorPrimitives.Multiply(gradient.Slice(s * Outputs, Outputs), g, gradient.Slice(s * Outputs, Outputs));
    }

    /// <summary>After the weight gradient is accumulated: the straight-through estimator's clip mask under QAT.</summary>
    protected void FinishWeightGradient()
    {
        if (Quantizer is { } q) q.MaskGradient<T>(Weight.Value, Weight.Gradient!);
    }

    /// <summary>Adds each row sum of <paramref name="rows"/> (Outputs rows of <paramref name="length"/> values) to the bias gradient.</summary>
    protected void AccumulateBiasGradient(ReadOnlySpan<T> rows, int length)
    {
        if (Bias is null) return;
        var g = Bias.Gradient!;
        for (int o = 0; o < Outputs; o++) g[o] += TensorPrimitives.Sum(rows.Slice(o * length, length));
    }
}
