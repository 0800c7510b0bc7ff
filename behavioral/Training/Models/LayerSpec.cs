using System.Text.Json.Serialization;
using Xbar.Behavioral.Training.HardwareAware;

namespace Xbar.Behavioral.Training.Models;

/// <summary>
/// What a layer is, without its values: kind and geometry. A network is a list of specs (nested for
/// residual blocks); the model file stores them beside the parameter arrays, and an exporter maps
/// each to a graph node. Serialized with a <c>kind</c> discriminator.
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "kind")]
[JsonDerivedType(typeof(DenseSpec), "dense")]
[JsonDerivedType(typeof(Conv2dSpec), "conv2d")]
[JsonDerivedType(typeof(BatchNormSpec), "batch_norm")]
[JsonDerivedType(typeof(ReluSpec), "relu")]
[JsonDerivedType(typeof(MaxPoolSpec), "max_pool")]
[JsonDerivedType(typeof(AvgPoolSpec), "avg_pool")]
[JsonDerivedType(typeof(GlobalAvgPoolSpec), "global_avg_pool")]
[JsonDerivedType(typeof(FlattenSpec), "flatten")]
[JsonDerivedType(typeof(ResidualSpec), "residual")]
[JsonDerivedType(typeof(StateSpace.SequenceDenseSpec), "sequence_dense")]
[JsonDerivedType(typeof(StateSpace.S4dSpec), "s4d")]
[JsonDerivedType(typeof(StateSpace.TimeMeanPoolSpec), "time_mean_pool")]
public abstract record LayerSpec(string Name);

/// <summary>
/// Fully connected y = W x + b, W outputs x inputs (the crossbar layout: each input drives a word
/// line). <paramref name="Quantizer"/>: the fixed-range levels the weights were trained on (QAT), or null.
/// </summary>
public sealed record DenseSpec(string Name, int Inputs, int Outputs, bool Bias = true, FixedRangeQuantizer? Quantizer = null) : LayerSpec(Name);

/// <summary>
/// 2-D convolution, square kernel, the same stride and zero padding on both axes, no dilation, one
/// group. Weights C_out x C_in x K x K (ONNX order); as a crossbar matrix C_out x (C_in K K).
/// </summary>
public sealed record Conv2dSpec(string Name, int InChannels, int OutChannels, int Kernel, int Stride = 1, int Padding = 0,
    bool Bias = false, FixedRangeQuantizer? Quantizer = null) : LayerSpec(Name);

/// <summary>Batch normalization per channel (Ioffe and Szegedy 2015), running statistics with <paramref name="Momentum"/>, variance floor <paramref name="Epsilon"/>.</summary>
public sealed record BatchNormSpec(string Name, int Channels, double Momentum = 0.1, double Epsilon = 1e-5) : LayerSpec(Name);

public sealed record ReluSpec(string Name) : LayerSpec(Name);

/// <summary>Max pooling over K x K windows with the given stride, no padding.</summary>
public sealed record MaxPoolSpec(string Name, int Kernel, int Stride) : LayerSpec(Name);

/// <summary>Average pooling over K x K windows with the given stride, no padding.</summary>
public sealed record AvgPoolSpec(string Name, int Kernel, int Stride) : LayerSpec(Name);

/// <summary>Mean over each channel's plane: C x H x W to C.</summary>
public sealed record GlobalAvgPoolSpec(string Name) : LayerSpec(Name);

/// <summary>C x H x W to a vector of C H W values (no data movement).</summary>
public sealed record FlattenSpec(string Name) : LayerSpec(Name);

/// <summary>
/// A residual block (He et al. 2016): y = ReLU(main(x) + shortcut(x)), the shortcut the identity
/// when <paramref name="Shortcut"/> is null.
/// </summary>
public sealed record ResidualSpec(string Name, IReadOnlyList<LayerSpec> Main, IReadOnlyList<LayerSpec>? Shortcut) : LayerSpec(Name);
