using System.Numerics;
using Xbar.Behavioral.Training.Models;

namespace Xbar.Behavioral.Training.Layers;

/// <summary>
/// One layer of a trainable network, for a fixed sample shape. Arrays hold a batch of samples one
/// after another (NCHW). <see cref="Forward"/> returns a buffer the layer owns (valid until its next
/// forward pass) and remembers what its backward pass needs; <see cref="Backward"/> must follow the
/// forward pass of the same batch, adds the parameter gradients into <see cref="Parameter{T}.Gradient"/>
/// and returns dLoss/dInput (also a buffer the layer owns). Inputs are never modified.
/// </summary>
public interface ILayer<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Name of the layer in the network (parameter names start with it).</summary>
    string Name { get; }

    SampleShape InputShape { get; }

    SampleShape OutputShape { get; }

    /// <summary>The layer's description (kind and geometry), from which the same layer can be rebuilt and exported.</summary>
    LayerSpec Spec { get; }

    /// <summary>Parameters and buffers of this layer and of the layers inside it, in a fixed order.</summary>
    IEnumerable<Parameter<T>> Parameters { get; }

    /// <summary>This layer and the layers inside it, depth first, in the order of the forward pass.</summary>
    IEnumerable<ILayer<T>> Layers { get; }

    T[] Forward(T[] input, int batch, LayerContext context);

    T[] Backward(T[] outputGradient, int batch);
}
