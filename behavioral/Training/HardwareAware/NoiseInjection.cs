using System.Globalization;

namespace Xbar.Behavioral.Training.HardwareAware;

/// <summary>
/// Gaussian noise injected in the forward pass of every weight layer while training (the
/// hardware-aware training of Joshi et al., Nature Communications 11, 2473 (2020), and Luquin et
/// al. 2025, arXiv:2506.00004, as aihwkit implements it), drawn afresh for every mini-batch:
/// <list type="bullet">
/// <item>weight noise: W' = W + <see cref="WeightSigma"/> max|W| z, z ~ N(0, 1) per weight, additive
/// and relative to the layer's largest |weight| (aihwkit's WeightModifierParameter std_dev with
/// rel_to_actual_wmax, type AddNormal); with QAT the range is that of the quantized weights;</item>
/// <item>output noise: y' = y + <see cref="OutputSigma"/> max|W| max|x| z per output, before the bias
/// (aihwkit's forward out_noise, which is in units of a full-scale weight times a full-scale
/// input once inputs are scaled by their absolute maximum and weights by theirs).</item>
/// </list>
/// The gradient goes through as if the noise were a constant (it is additive). Joshi et al. 2020
/// train ResNet-32 on CIFAR-10 with about 3.8 % relative weight noise (our reading of their
/// Methods); the strength here is an option.
/// </summary>
public sealed record NoiseInjection
{
    public NoiseInjection(double weightSigma = 0, double outputSigma = 0)
    {
        WeightSigma = Check(weightSigma, "weight noise");
        OutputSigma = Check(outputSigma, "output noise");
    }

    /// <summary>No noise.</summary>
    public static NoiseInjection None { get; } = new();

    /// <summary>Standard deviation of the weight noise relative to the layer's max |W| (0..1).</summary>
    public double WeightSigma { get; }

    /// <summary>Standard deviation of the output noise relative to max|W| max|x| (0..1).</summary>
    public double OutputSigma { get; }

    public bool IsNone => WeightSigma == 0 && OutputSigma == 0;

    private static double Check(double v, string what)
    {
        if (!double.IsFinite(v) || v < 0 || v > 1)
            throw new InvalidInputException(
                $"{what}: relative standard deviation must be between 0 and 1 (0.05 is 5 % of the layer's range), got {v.ToString("R", CultureInfo.InvariantCulture)}");
        return v;
    }
}
