namespace Xbar.Behavioral.Training.HardwareAware;

/// <summary>
/// The extension point for hardware-in-the-loop fine-tuning (for example IR-drop-aware training
/// with the calibrated tile model): when set on the <see cref="Layers.LayerContext"/>, every weight
/// layer computes its forward product through this model instead of the exact GEMM, while the
/// backward pass keeps the ideal product's gradient (dL/dx = W^T dL/dy, dL/dW = dL/dy x^T, a
/// straight-through estimator around the non-differentiable hardware; Luquin et al. 2025,
/// arXiv:2506.00004, ask for such training since Gaussian noise alone does not prepare a network
/// for IR drop). Weights arrive as the layer uses them (after QAT and weight noise); the bias is
/// added afterwards, digitally.
/// </summary>
public interface IAnalogForward
{
    /// <summary>
    /// y = W x for <paramref name="count"/> input vectors. <paramref name="weights"/> is outputs x
    /// inputs, row-major (each input drives a word line; a convolution's inputs are its unrolled
    /// C_in x K x K patches); <paramref name="x"/> holds count x inputs values, <paramref name="y"/>
    /// count x outputs. <paramref name="layer"/> is the weight layer's index in forward order (the
    /// index of tile seeds and per-layer settings) and <paramref name="name"/> its name.
    /// </summary>
    void Multiply(int layer, string name, ReadOnlySpan<double> weights, int outputs, int inputs,
        ReadOnlySpan<double> x, int count, Span<double> y);
}
