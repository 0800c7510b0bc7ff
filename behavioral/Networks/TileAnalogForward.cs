using Xbar.Behavioral.Networks.Graph;
using Xbar.Behavioral.Networks.Graph.Operations;
using Xbar.Behavioral.Training.HardwareAware;

namespace Xbar.Behavioral.Networks;

/// <summary>
/// Hardware-in-the-loop training on tiles (IR-drop-aware fine-tuning, Luquin et al. 2025,
/// arXiv:2506.00004: Gaussian noise alone does not prepare a network for IR drop, so the tile model
/// goes into the forward pass): every weight layer's forward product runs through the tiles a
/// <see cref="TileBackend"/> programs (for example calibrated behavioral MTJ tiles with IR drop,
/// <see cref="LayerTileProgrammer.Behavioral"/>), while the backward pass keeps the ideal product's
/// gradient (<see cref="IAnalogForward"/>). The weights change every step, so each call programs the
/// layer afresh: the same tiles, seeds (<see cref="TiledMatrix.TileSeed"/> of the layer index and the
/// block) and per-layer settings as the inference graph of the same network on the same backend
/// (<see cref="TrainedNetworkGraph"/>), so training sees exactly the hardware it is evaluated on.
/// The weight clip is the programmer's choice from the weights of that step.
/// </summary>
public sealed class TileAnalogForward(TileBackend backend) : IAnalogForward
{
    public TileBackend Backend { get; } = backend;

    public void Multiply(int layer, string name, ReadOnlySpan<double> weights, int outputs, int inputs,
        ReadOnlySpan<double> x, int count, Span<double> y)
    {
        var op = new Dense(weights.ToArray(), outputs, inputs);
        Backend.Program(op, layer)[0].MultiplyBatch(x, y, count);
    }
}
