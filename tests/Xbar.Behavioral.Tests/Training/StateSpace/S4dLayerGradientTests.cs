using Xbar.Behavioral.Networks.StateSpace;
using Xbar.Behavioral.Tests.Training;
using Xbar.Behavioral.Training.Layers;
using Xbar.Behavioral.Training.StateSpace;

namespace Xbar.Behavioral.Tests.Training.StateSpace;

/// <summary>Finite-difference checks (<see cref="GradientCheck"/>) of the sequence layers' backward passes in the engine.</summary>
public sealed class S4dLayerGradientTests
{
    private static readonly SampleShape Sequence = new(1, 7, 3);

    [Theory]
    [InlineData(DiscretizationKind.ZeroOrderHold)]
    [InlineData(DiscretizationKind.Bilinear)]
    public void When_S4dLayerBackward_Expect_FiniteDifferences(DiscretizationKind kind)
    {
        var layer = new S4dSequenceLayer<double>(new S4dSpec("s4d", 3, 4, kind, StepMin: 0.05, StepMax: 0.5), Sequence);
        layer.Initialize(3);
        var x = GradientCheck.Values(2 * Sequence.Size, new Random(1));
        GradientCheck.Check(layer, x, 2, LayerContext.Inference, seed: 2);
    }

    [Fact]
    public void When_SequenceDenseAndTimePoolBackward_Expect_FiniteDifferences()
    {
        var dense = new SequenceDense<double>(new SequenceDenseSpec("enc", 3, 5), Sequence);
        var rng = new Random(4);
        foreach (var p in dense.Parameters) for (int i = 0; i < p.Value.Length; i++) p.Value[i] = rng.NextDouble() - 0.5;
        GradientCheck.Check(dense, GradientCheck.Values(2 * Sequence.Size, rng), 2, LayerContext.Inference, seed: 5);
        var pool = new TimeMeanPool<double>(new TimeMeanPoolSpec("pool"), Sequence);
        GradientCheck.Check(pool, GradientCheck.Values(2 * Sequence.Size, rng), 2, LayerContext.Inference, seed: 6);
    }

    [Fact]
    public void When_SequenceLayerGetsTheWrongChannels_Expect_InvalidInputNamingTheLayer()
    {
        var e = Assert.Throws<InvalidInputException>(() => new S4dSequenceLayer<double>(new S4dSpec("s4d1", 4, 2), Sequence));
        Assert.Contains("s4d1", e.Message);
        Assert.Contains("4 channels", e.Message);
    }
}
