using System.Numerics;
using Xbar.Behavioral.Training.Layers;

namespace Xbar.Behavioral.Training.Optimization;

/// <summary>
/// Updates a network's trainable parameters from their gradients. Its state (moment buffers, step
/// count) is listed by <see cref="State"/> so a checkpoint can save and restore it exactly.
/// Weight decay is an L2 term wd w added to the gradient of parameters with
/// <see cref="Parameter{T}.Decays"/> (weights, not biases or batch-norm parameters).
/// </summary>
public abstract class Optimizer<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    protected Optimizer(IReadOnlyList<Parameter<T>> parameters, double weightDecay, int buffersPerParameter)
    {
        Trainable = parameters.Where(p => p.Trainable).ToArray();
        WeightDecay = weightDecay;
        Buffers = Trainable.Select(p => Enumerable.Range(0, buffersPerParameter).Select(_ => new T[p.Value.Length]).ToArray()).ToArray();
    }

    protected IReadOnlyList<Parameter<T>> Trainable { get; }

    /// <summary>Per trainable parameter, the optimizer's buffers (momentum; or Adam's first and second moments).</summary>
    protected T[][][] Buffers { get; }

    public double WeightDecay { get; }

    /// <summary>Updates taken so far.</summary>
    public long Steps { get; protected set; }

    /// <summary>Applies one update with learning rate <paramref name="learningRate"/>.</summary>
    public void Step(double learningRate)
    {
        Steps++;
        var wd = T.CreateTruncating(WeightDecay);
        for (int i = 0; i < Trainable.Count; i++)
        {
            var p = Trainable[i];
            var g = p.Gradient!;
            if (WeightDecay > 0 && p.Decays)
                for (int j = 0; j < g.Length; j++) g[j] += wd * p.Value[j];
            Update(p.Value, g, Buffers[i], learningRate);
        }
    }

    /// <summary>One parameter's update with its (decayed) gradient and its buffers.</summary>
    protected abstract void Update(T[] value, T[] gradient, T[][] buffers, double learningRate);

    /// <summary>The state to checkpoint: named arrays (parameter name and buffer index) in a fixed order.</summary>
    public IEnumerable<(string Name, T[] Values)> State =>
        Trainable.SelectMany((p, i) => Buffers[i].Select((b, k) => ($"{p.Name}#{k}", b)));

    /// <summary>Restores the step count (the arrays of <see cref="State"/> are restored in place).</summary>
    public void RestoreSteps(long steps) => Steps = steps;

    /// <summary>An optimizer of <paramref name="kind"/>.</summary>
    public static Optimizer<T> Create(OptimizerKind kind, IReadOnlyList<Parameter<T>> parameters, double momentum, double weightDecay) => kind switch
    {
        OptimizerKind.Sgd => new Sgd<T>(parameters, momentum, weightDecay),
        OptimizerKind.Adam => new Adam<T>(parameters, weightDecay),
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };
}

/// <summary>
/// Stochastic gradient descent with heavy-ball momentum (Polyak 1964; as in Sutskever et al. 2013 and
/// PyTorch): v = mu v + g, w = w - lr v.
/// </summary>
public sealed class Sgd<T>(IReadOnlyList<Parameter<T>> parameters, double momentum, double weightDecay)
    : Optimizer<T>(parameters, weightDecay, 1) where T : unmanaged, IFloatingPointIeee754<T>
{
    public double Momentum { get; } = momentum is >= 0 and < 1 ? momentum : throw new InvalidInputException($"--momentum must be in [0, 1), got {momentum}");

    protected override void Update(T[] value, T[] gradient, T[][] buffers, double learningRate)
    {
        T mu = T.CreateTruncating(Momentum), lr = T.CreateTruncating(learningRate);
        var v = buffers[0];
        for (int j = 0; j < value.Length; j++)
        {
            v[j] = mu * v[j] + gradient[j];
            value[j] -= lr * v[j];
        }
    }
}

/// <summary>
/// Adam (Kingma and Ba 2015, arXiv:1412.6980, Alg. 1) with beta1 = 0.9, beta2 = 0.999, eps = 1e-8
/// and bias-corrected moments.
/// </summary>
public sealed class Adam<T>(IReadOnlyList<Parameter<T>> parameters, double weightDecay)
    : Optimizer<T>(parameters, weightDecay, 2) where T : unmanaged, IFloatingPointIeee754<T>
{
    private const double Beta1 = 0.9, Beta2 = 0.999, Eps = 1e-8;

    protected override void Update(T[] value, T[] gradient, T[][] buffers, double learningRate)
    {
        double c1 = 1 - Math.Pow(Beta1, Steps), c2 = 1 - Math.Pow(Beta2, Steps);
        T b1 = T.CreateTruncating(Beta1), b2 = T.CreateTruncating(Beta2), one = T.One;
        T step = T.CreateTruncating(learningRate / c1), inv2 = T.CreateTruncating(1 / c2), eps = T.CreateTruncating(Eps);
        var m = buffers[0];
        var v = buffers[1];
        for (int j = 0; j < value.Length; j++)
        {
            T g = gradient[j];
            m[j] = b1 * m[j] + (one - b1) * g;
            v[j] = b2 * v[j] + (one - b2) * g * g;
            value[j] -= step * m[j] / (T.Sqrt(v[j] * inv2) + eps);
        }
    }
}
