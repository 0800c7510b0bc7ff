using Xbar.Behavioral.Networks.Graph;
using Xbar.Behavioral.Networks.Graph.Operations;
using Xbar.Behavioral.Training.HardwareAware;
using Xbar.Circuits.Numerics;

namespace Xbar.Behavioral.Networks;

/// <summary>
/// Hardware-in-the-loop training on tiles (IR-drop-aware fine-tuning; Luquin et al. 2025,
/// arXiv:2506.00004, find that Gaussian noise alone does not prepare a network for IR drop and ask for
/// the tile model in training): every weight layer's forward product runs through the tiles a
/// <see cref="TileBackend"/> programs (for example calibrated behavioral MTJ tiles with IR drop,
/// <see cref="LayerTileProgrammer.Behavioral"/>), while the backward pass keeps the ideal product's
/// gradient (<see cref="IAnalogForward"/>). A layer is programmed with the same tiles, seeds
/// (<see cref="TiledMatrix.TileSeed"/> of the layer index and the block) and per-layer settings as the
/// inference graph of the same network on the same backend (<see cref="TrainedNetworkGraph"/>), so
/// training sees the hardware it is evaluated on.
/// <para>Programming a calibrated tile costs about 2m + 1 nodal solves (the transfer model of
/// docs/fast-tile.md: seconds for a layer of 64x64 tiles, minutes for 256x256), against a fraction of a
/// second for the products of a training step, so a layer is reprogrammed every
/// <see cref="RefreshEvery"/> forward passes; in between its product is the programmed tiles' output
/// for the weights W0 they hold plus the ideal product of the change since, y = tile(W0) x + (W - W0) x:
/// the hardware's distortion as of the last programming, the weights as of now (our choice; with a
/// refresh of 1 the tiles are programmed with every step's weights). With <see cref="ChangeThroughGains"/> the change
/// passes through each output's gain as fitted on the batch it was programmed with (<see cref="OutputGains"/>),
/// y = tile(W0) x + diag(g) (W - W0) x: on tiles that pass a tenth of the ideal sum (IR drop on 256x256 MTJ tiles)
/// an unscaled change would act ten times too strongly until the next programming.</para>
/// </summary>
public sealed class TileAnalogForward : IAnalogForward
{
    private readonly Dictionary<int, Programmed> _layers = [];

    /// <param name="refreshEvery">Forward passes of a layer between programmings of its tiles (1 = every pass).</param>
    /// <param name="changeThroughGains">Scale the weight change since programming by the tiles' fitted per-output gains.</param>
    public TileAnalogForward(TileBackend backend, int refreshEvery = 1, bool changeThroughGains = false)
    {
        ChangeThroughGains = changeThroughGains;
        if (refreshEvery < 1) throw new InvalidInputException($"tile refresh interval must be at least 1 forward pass, got {refreshEvery}");
        Backend = backend;
        RefreshEvery = refreshEvery;
    }

    public TileBackend Backend { get; }
    public int RefreshEvery { get; }
    public bool ChangeThroughGains { get; }

    /// <summary>How many times tiles were programmed (all layers).</summary>
    public int Programmings { get; private set; }

    private sealed class Programmed(IProgrammedMatrix tiles, double[] weights)
    {
        public IProgrammedMatrix Tiles { get; } = tiles;
        public double[] Weights { get; } = weights;
        public int Uses { get; set; }
        public double[]? Gains { get; set; }
    }

    public void Multiply(int layer, string name, ReadOnlySpan<double> weights, int outputs, int inputs,
        ReadOnlySpan<double> x, int count, Span<double> y)
    {
        if (!_layers.TryGetValue(layer, out var p) || p.Uses >= RefreshEvery
            || p.Tiles.Outputs != outputs || p.Tiles.Inputs != inputs)
        {
            var w = weights.ToArray();
            p = _layers[layer] = new Programmed(Backend.Program(new Dense(w, outputs, inputs), layer)[0], w);
            Programmings++;
        }
        p.Tiles.MultiplyBatch(x, y, count);
        if (ChangeThroughGains && p.Uses == 0) p.Gains = OutputGains.FitToProduct(y, x, p.Weights, count, outputs, inputs);
        p.Uses++;
        var delta = new double[weights.Length];
        bool changed = false;
        for (int i = 0; i < delta.Length; i++)
        {
            delta[i] = weights[i] - p.Weights[i];
            changed |= delta[i] != 0;
        }
        if (!changed) return;
        if (p.Gains is not { } g)
        {
            // y += x (W - W0)^T: count x outputs, the ideal product of the change since programming.
            Blas.Gemm(false, true, count, outputs, inputs, 1.0, x, delta, 1.0, y);
            return;
        }
        var change = new double[count * outputs];
        Blas.Gemm(false, true, count, outputs, inputs, 1.0, x, delta, 0.0, change);
        for (int n = 0; n < count; n++)
            System.Numerics.Tensors.TensorPrimitives.FusedMultiplyAdd<double>(change.AsSpan(n * outputs, outputs), g, y.Slice(n * outputs, outputs), y.Slice(n * outputs, outputs));
    }
}
