using System.Numerics;
using Xbar.Behavioral.Training.HardwareAware;
using Xbar.Behavioral.Training.Layers;

namespace Xbar.Behavioral.Training.Models;

/// <summary>
/// A trainable network: layers built from specs for a fixed sample shape, ending in one logit per
/// class. Weight layers (dense and convolution) are numbered in forward order
/// (<see cref="WeightLayer{T}.Index"/>): the numbering of tile seeds and per-layer settings, and
/// the order an exporter should keep. Everything an exporter needs is on the layers: specs
/// (geometry), weights and bias (<see cref="WeightLayer{T}.ExportWeights"/>), batch-norm
/// statistics (<see cref="BatchNorm{T}"/>).
/// </summary>
public sealed class Network<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public Network(SampleShape input, IReadOnlyList<LayerSpec> specs)
    {
        if (input.Channels <= 0 || input.Height <= 0 || input.Width <= 0)
            throw new InvalidInputException($"network input shape {input} must be positive");
        Body = Sequential<T>.Build("network", specs, input);
        InputShape = input;
        WeightLayers = Body.Layers.OfType<WeightLayer<T>>().ToArray();
        for (int i = 0; i < WeightLayers.Count; i++) WeightLayers[i].Index = i;
        Parameters = Body.Parameters.ToArray();
        var duplicate = Parameters.GroupBy(p => p.Name).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null) throw new InvalidInputException($"two parameters are named {duplicate.Key}: layer names must be unique");
    }

    /// <summary>Shape of one input image.</summary>
    public SampleShape InputShape { get; }

    /// <summary>Number of outputs (logits, one per class).</summary>
    public int Classes => Body.OutputShape.Size;

    public Sequential<T> Body { get; }

    /// <summary>Layer specs in order (nested for residual blocks), with the current QAT settings.</summary>
    public IReadOnlyList<LayerSpec> Specs => Body.Specs;

    /// <summary>Dense and convolution layers in forward order.</summary>
    public IReadOnlyList<WeightLayer<T>> WeightLayers { get; }

    /// <summary>Every parameter and buffer, in a fixed order (the order of checkpoints).</summary>
    public IReadOnlyList<Parameter<T>> Parameters { get; }

    /// <summary>Logits (batch x classes) of a batch of inputs (batch x input size). The array belongs to the network.</summary>
    public T[] Forward(T[] input, int batch, LayerContext context)
    {
        if (input.Length != batch * InputShape.Size)
            throw new ArgumentException($"{input.Length} input values for {batch} samples of {InputShape.Size}");
        return Body.Forward(input, batch, context);
    }

    /// <summary>Backpropagates dLoss/dLogits, adding every parameter's gradient.</summary>
    public void Backward(T[] logitGradient, int batch) => Body.Backward(logitGradient, batch);

    /// <summary>
    /// Seeded initial values: weights ~ N(0, 2 / fan_in) (He, Zhang, Ren and Sun 2015, "Delving deep
    /// into rectifiers", ICCV, Eq. 10), biases 0, batch-norm scale 1 and shift 0. Each layer draws
    /// from its own stream, so adding a layer does not change the others' draws.
    /// </summary>
    public void Initialize(int seed)
    {
        foreach (var layer in WeightLayers)
        {
            var z = NoiseDraws.Normal(NoiseDraws.For(seed, 0, layer.Index, NoiseDraws.Init), layer.Weight.Value.Length);
            double std = Math.Sqrt(2.0 / layer.FanIn);
            for (int i = 0; i < z.Length; i++) layer.Weight.Value[i] = T.CreateTruncating(std * z[i]);
            if (layer.Bias is { } b) Array.Clear(b.Value);
        }
    }

    /// <summary>Number of trainable values.</summary>
    public long TrainableCount => Parameters.Where(p => p.Trainable).Sum(p => (long)p.Value.Length);

    /// <summary>One line: layers, trainable values, input and classes.</summary>
    public string Describe() =>
        $"{WeightLayers.Count} weight layers, {TrainableCount:N0} trainable values, input {InputShape}, {Classes} classes";
}
