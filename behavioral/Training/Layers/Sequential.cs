using System.Numerics;
using Xbar.Behavioral.Training.Models;

namespace Xbar.Behavioral.Training.Layers;

/// <summary>Layers run one after another; the backward pass runs them in reverse.</summary>
public sealed class Sequential<T> : ILayer<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public Sequential(string name, IReadOnlyList<ILayer<T>> layers, SampleShape input)
    {
        for (int i = 0; i < layers.Count; i++)
        {
            var expected = i == 0 ? input : layers[i - 1].OutputShape;
            if (layers[i].InputShape.Size != expected.Size)
                throw new InvalidInputException($"{layers[i].Name}: takes {layers[i].InputShape} but the previous layer gives {expected}");
        }
        Name = name;
        Children = layers;
        InputShape = input;
        OutputShape = layers.Count == 0 ? input : layers[^1].OutputShape;
    }

    /// <summary>Builds the layers of <paramref name="specs"/> for inputs of <paramref name="input"/>, checking that shapes chain.</summary>
    public static Sequential<T> Build(string name, IReadOnlyList<LayerSpec> specs, SampleShape input)
    {
        var layers = new List<ILayer<T>>();
        var shape = input;
        foreach (var spec in specs)
        {
            var layer = LayerFactory.Create<T>(spec, shape);
            layers.Add(layer);
            shape = layer.OutputShape;
        }
        return new Sequential<T>(name, layers, input);
    }

    public string Name { get; }
    public IReadOnlyList<ILayer<T>> Children { get; }
    public SampleShape InputShape { get; }
    public SampleShape OutputShape { get; }

    /// <summary>Not a layer kind of its own: use <see cref="Specs"/>.</summary>
    public LayerSpec Spec => throw new NotSupportedException("a sequence of layers has no single spec; use Specs");

    /// <summary>The specs of the children, in order.</summary>
    public IReadOnlyList<LayerSpec> Specs => Children.Select(l => l.Spec).ToArray();

    public IEnumerable<Parameter<T>> Parameters => Children.SelectMany(l => l.Parameters);

    public IEnumerable<ILayer<T>> Layers => Children.SelectMany(l => l.Layers);

    public T[] Forward(T[] input, int batch, LayerContext context)
    {
        var x = input;
        foreach (var layer in Children) x = layer.Forward(x, batch, context);
        return x;
    }

    public T[] Backward(T[] outputGradient, int batch)
    {
        var g = outputGradient;
        for (int i = Children.Count - 1; i >= 0; i--) g = Children[i].Backward(g, batch);
        return g;
    }
}
