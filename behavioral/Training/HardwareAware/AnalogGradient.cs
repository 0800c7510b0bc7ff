namespace Xbar.Behavioral.Training.HardwareAware;

/// <summary>
/// The gradient a weight layer uses for its product when the forward pass runs through hardware
/// (<see cref="IAnalogForward"/>), which has no gradient of its own.
/// </summary>
public enum AnalogGradient
{
    /// <summary>
    /// Straight through: the gradient of the ideal product W x, as if the hardware were exact
    /// (the usual estimator of hardware-in-the-loop training).
    /// </summary>
    Ideal,

    /// <summary>
    /// The gradient of diag(g) W x, with g each output's gain fitted to the hardware on the step's batch
    /// (<see cref="OutputGains"/>). Where the hardware attenuates strongly (IR drop on 256x256 MTJ
    /// tiles passes 5-15 % of the ideal sum; docs/training.md), the straight-through gradient is
    /// 1/g too large at every layer, and batch norm after the layer, which divides by the attenuated
    /// spread, multiplies that again: over the eight weight layers of a ResNet-8 the error compounds
    /// and the fine-tune diverges. Our estimator (a first-order model of the tile, not from a paper).
    /// </summary>
    FittedGain,
}
