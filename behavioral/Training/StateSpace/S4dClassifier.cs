using System.Numerics;
using Xbar.Behavioral.Data;
using Xbar.Behavioral.Mapping;
using Xbar.Behavioral.Networks.StateSpace;
using Xbar.Behavioral.Training.Layers;
using Xbar.Behavioral.Training.Models;

namespace Xbar.Behavioral.Training.StateSpace;

/// <summary>
/// The shape of an S4D sequence classifier (Gu, Gupta, Goel and Re 2022, "On the Parameterization
/// and Initialization of Diagonal State Space Models", NeurIPS, Section 5, after the S4 models of Gu,
/// Goel and Re 2022, ICLR: a position-wise linear encoder to <see cref="Hidden"/> channels,
/// <see cref="Layers"/> S4D layers each followed by a pointwise nonlinearity, pooling over time and
/// a linear decoder to the class logits). Differences from their blocks, our choices for a crossbar:
/// ReLU instead of GELU (a digital comparator, no table), no normalization, residual or output
/// linear-GLU mixing inside a block (the multi-input S4D layer's dense B and C mix the channels, as
/// in S5: Smith, Warrington and Linderman 2023, ICLR), mean pooling.
/// </summary>
public sealed record S4dArchitecture(int Steps, int Features, int Classes, int Hidden = 16, int Modes = 24, int Layers = 1,
    DiscretizationKind Discretization = DiscretizationKind.ZeroOrderHold, S4dEigenvalues Eigenvalues = S4dEigenvalues.Lin,
    double StepMin = 1e-3, double StepMax = 0.1)
{
    public SampleShape Input => new(1, Steps, Features);

    /// <summary>Checks the sizes; throws <see cref="InvalidInputException"/> naming the field.</summary>
    public S4dArchitecture Validate()
    {
        if (Steps < 1 || Features < 1) throw new InvalidInputException($"sequences need positive steps and features, got {Steps} x {Features}");
        if (Classes < 2) throw new InvalidInputException($"a classifier needs at least 2 classes, got {Classes}");
        if (Hidden < 1 || Modes < 1 || Layers < 1) throw new InvalidInputException($"--hidden, --modes and --layers must be positive, got {Hidden}, {Modes}, {Layers}");
        return this;
    }

    /// <summary>encoder, (s4d_k, relu_k) for k = 1..Layers, pool, decoder.</summary>
    public IReadOnlyList<LayerSpec> Specs()
    {
        var specs = new List<LayerSpec> { new SequenceDenseSpec("encoder", Features, Hidden) };
        for (int k = 1; k <= Layers; k++)
        {
            specs.Add(new S4dSpec($"s4d{k}", Hidden, Modes, Discretization, Eigenvalues, StepMin, StepMax));
            specs.Add(new ReluSpec($"relu{k}"));
        }
        specs.Add(new TimeMeanPoolSpec("pool"));
        specs.Add(new DenseSpec("decoder", Hidden, Classes));
        return specs;
    }
}

/// <summary>Building, initializing and quantizing S4D classifiers made of <see cref="S4dArchitecture"/> specs.</summary>
public static class S4dClassifier
{
    /// <summary>A network of <paramref name="architecture"/>, initialized from <paramref name="seed"/>.</summary>
    public static Network<T> Create<T>(S4dArchitecture architecture, int seed) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var network = new Network<T>(architecture.Validate().Input, architecture.Specs());
        Initialize(network, seed);
        return network;
    }

    /// <summary>
    /// Dense layers as <see cref="Network{T}.Initialize"/> draws them (He et al. 2015), each S4D layer
    /// by the S4D initialization from its own seed (derived from <paramref name="seed"/> and its position).
    /// </summary>
    public static void Initialize<T>(Network<T> network, int seed) where T : unmanaged, IFloatingPointIeee754<T>
    {
        network.Initialize(seed);
        int k = 0;
        foreach (var layer in S4dLayers(network)) layer.Initialize(Devices.Arrays.RandomStreams.DeriveSeed(seed, 1000 + k++));
    }

    /// <summary>The S4D layers in forward order.</summary>
    public static IReadOnlyList<S4dSequenceLayer<T>> S4dLayers<T>(Network<T> network) where T : unmanaged, IFloatingPointIeee754<T> =>
        network.Body.Layers.OfType<S4dSequenceLayer<T>>().ToArray();

    /// <summary>Sequences as the engine's samples: 1 x steps x channels "images" (the same values, row-major).</summary>
    public static LabeledImages AsSamples(LabeledSequences sequences) =>
        new(sequences.Features, sequences.ValuesPerSample, sequences.Labels) { ImageSize = (sequences.Steps, sequences.Channels) };

    /// <summary>
    /// The A range of every QAT S4D layer: 0.99 / sqrt(2), so that every point of the grid, the corner
    /// (r, r) included, is a mode with |A_bar| &lt;= 0.99: a quantized (or noisy-free programmed) system
    /// can never hold a mode that grows, whatever the float model's A (our choice; with r = 1 a ternary
    /// grid holds |A_bar| = sqrt(2) and 16 levels hold modes just above 1).
    /// </summary>
    public static readonly double StableRangeA = 0.99 / Math.Sqrt(2);

    /// <summary>
    /// A copy of <paramref name="trained"/> set up for fixed-range QAT with <paramref name="bits"/>-bit weights
    /// (2^bits - 1 signed levels, a differential pair of 2^(bits-1)-state cells), starting from its weights.
    /// The ranges are fixed from the trained values when QAT starts (our choice): each dense layer's and
    /// each block's (B_bar; C, Re and Im; D) clip minimizing the squared quantization error on those levels
    /// (<see cref="WeightClipChooser"/>: Banner, Nahshan and Soudry 2019; max |w| would round most weights
    /// of a ternary grid to zero), and A_bar's range <see cref="StableRangeA"/>.
    /// </summary>
    public static Network<T> WithQuantization<T>(Network<T> trained, int bits) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (bits < 2 || bits > 9) throw new InvalidInputException($"QAT bits must be 2..9 (cells of 2..256 states), got {bits}");
        int cellStates = 1 << (bits - 1);
        var specs = new List<LayerSpec>();
        foreach (var layer in trained.Body.Children)
            specs.Add(layer switch
            {
                SequenceDense<T> d => (SequenceDenseSpec)d.Spec with { Quantizer = new HardwareAware.FixedRangeQuantizer(cellStates, Clip(Numeric.ToDouble<T>(d.Inner.Weight.Value), bits)) },
                Dense<T> d => (DenseSpec)d.Spec with { Quantizer = new HardwareAware.FixedRangeQuantizer(cellStates, Clip(Numeric.ToDouble<T>(d.Weight.Value), bits)) },
                S4dSequenceLayer<T> s => (S4dSpec)s.Spec with { Quantization = Ranges(s.Current().Discretize(), bits) },
                _ => layer.Spec,
            });
        var network = new Network<T>(trained.InputShape, specs);
        foreach (var (to, from) in network.Parameters.Zip(trained.Parameters)) from.Value.CopyTo(to.Value, 0);
        return network;
    }

    /// <summary>The fixed ranges of a float discrete system (see <see cref="WithQuantization{T}"/>).</summary>
    public static S4dQuantization Ranges(DiscreteSsm system, int bits) =>
        new(bits, StableRangeA, Clip([.. system.BRe, .. system.BIm], bits), Clip([.. system.CRe, .. system.CIm], bits), Clip(system.D, bits));

    /// <summary>The MSE-optimal clip of <paramref name="values"/> on the uniform levels of 2^(bits-1)-state cells (at least 1e-12).</summary>
    private static double Clip(double[] values, int bits) =>
        Math.Max(WeightClipChooser.Choose(values, WeightClipChooser.UniformFractions(1 << (bits - 1)), WeightClipRule.MinimumMse), 1e-12);

    private static double MaxAbs<T>(T[] values) where T : unmanaged, IFloatingPointIeee754<T> =>
        Math.Max(double.CreateTruncating(Numeric.MaxAbs<T>(values)), 1e-12);
}
