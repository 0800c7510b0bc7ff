using Xbar.Behavioral.Networks.StateSpace;
using Xbar.Behavioral.Training.Models;

namespace Xbar.Behavioral.Training.StateSpace;

// Sequences in the layer engine: a sample of T steps of F channels is the SampleShape (1, T, F), one
// "image" whose rows are time steps (row-major, so batch x steps x channels in memory: the layout of
// S4dLayer). Sequential Fashion-MNIST is then literally its 1 x 28 x 28 images.

/// <summary>
/// A dense layer applied at every time step with the same weights (a position-wise linear layer, the
/// encoder and decoder of an S4D model: Gu, Gupta, Goel and Re 2022, NeurIPS, their Section 5 models
/// use a linear encoder, S4D blocks and a linear decoder). Weights outputs x inputs, the crossbar layout.
/// </summary>
public sealed record SequenceDenseSpec(string Name, int Inputs, int Outputs, bool Bias = true, HardwareAware.FixedRangeQuantizer? Quantizer = null) : LayerSpec(Name);

/// <summary>
/// One S4D layer of <paramref name="Channels"/> inputs and outputs and <paramref name="Modes"/> complex
/// modes (<see cref="S4dParameters"/>: dense complex B and C, the multi-input form of S5), its
/// discretization, initialization (<see cref="S4dInitialization"/>) and, for quantization-aware
/// training, <paramref name="Quantization"/>.
/// </summary>
public sealed record S4dSpec(string Name, int Channels, int Modes,
    DiscretizationKind Discretization = DiscretizationKind.ZeroOrderHold,
    S4dEigenvalues Eigenvalues = S4dEigenvalues.Lin,
    double StepMin = 1e-3, double StepMax = 0.1,
    S4dQuantization? Quantization = null) : LayerSpec(Name);

/// <summary>Mean over time: T x F to F (the pooling of an S4D classifier before its read-out).</summary>
public sealed record TimeMeanPoolSpec(string Name) : LayerSpec(Name);

/// <summary>
/// IMSSA's fixed-dynamic-range quantization of an S4D layer (Siegel, Yang and Strachan 2024, arXiv
/// 2412.20215) as ranges fixed when QAT starts: <paramref name="Bits"/>-bit signed levels
/// (<see cref="Networks.StateSpace.FixedRangeQuantizer.ForBits"/>, 2^bits - 1 levels) on A_bar (real and
/// imaginary parts on one range), B_bar, C and D, each block with its own constant range. On the
/// crossbar all four blocks share one conductance grid through digital gains (<see cref="Networks.StateSpace.BlockSsm"/>).
/// </summary>
public sealed record S4dQuantization(int Bits, double RangeA, double RangeB, double RangeC, double RangeD)
{
    /// <summary>The quantizers of the discrete system.</summary>
    public SsmQuantization ToSsm() => new(
        Networks.StateSpace.FixedRangeQuantizer.ForBits(Bits, RangeA), Networks.StateSpace.FixedRangeQuantizer.ForBits(Bits, RangeB),
        Networks.StateSpace.FixedRangeQuantizer.ForBits(Bits, RangeC), Networks.StateSpace.FixedRangeQuantizer.ForBits(Bits, RangeD));
}
