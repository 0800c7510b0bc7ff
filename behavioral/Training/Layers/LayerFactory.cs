using System.Numerics;
using Xbar.Behavioral.Training.Models;

namespace Xbar.Behavioral.Training.Layers;

/// <summary>Builds the layer a <see cref="LayerSpec"/> describes, for a given input shape.</summary>
public static class LayerFactory
{
    public static ILayer<T> Create<T>(LayerSpec spec, SampleShape input) where T : unmanaged, IFloatingPointIeee754<T> => spec switch
    {
        DenseSpec d => new Dense<T>(d, input),
        Conv2dSpec c => new Conv2d<T>(c, input),
        BatchNormSpec b => new BatchNorm<T>(b, input),
        ReluSpec r => new Relu<T>(r, input),
        MaxPoolSpec m => new MaxPool2d<T>(m, input),
        AvgPoolSpec a => new AvgPool2d<T>(a, input),
        GlobalAvgPoolSpec g => new GlobalAvgPool<T>(g, input),
        FlattenSpec f => new Flatten<T>(f, input),
        ResidualSpec r => new ResidualBlock<T>(r, input),
        StateSpace.SequenceDenseSpec d => new StateSpace.SequenceDense<T>(d, input),
        StateSpace.S4dSpec s => new StateSpace.S4dSequenceLayer<T>(s, input),
        StateSpace.TimeMeanPoolSpec t => new StateSpace.TimeMeanPool<T>(t, input),
        null => throw new InvalidInputException("a layer spec is missing (null)"),
        _ => throw new InvalidInputException($"{spec.Name}: unknown layer kind {spec.GetType().Name}"),
    };
}
