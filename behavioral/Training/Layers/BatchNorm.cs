using System.Numerics;
using System.Numerics.Tensors;
using Xbar.Behavioral.Training.Models;

namespace Xbar.Behavioral.Training.Layers;

/// <summary>
/// Batch normalization per channel (Ioffe and Szegedy 2015, arXiv:1502.03167, Alg. 1 and 2): in
/// training, x^ = (x - mean) / sqrt(var + eps) with the batch's mean and biased variance over
/// samples and pixels, y = gamma x^ + beta, and running statistics updated as
/// r = (1 - m) r + m batch (the variance unbiased, m = momentum; the convention of PyTorch). In
/// inference the running statistics replace the batch's. Each channel is handled by one thread;
/// sums run per image plane (SIMD) and are added across planes in double precision, in a fixed
/// order, so they are bit-identical for any thread count.
/// </summary>
public sealed class BatchNorm<T> : ILayer<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly BatchNormSpec _spec;
    private T[]? _normalized, _output, _inputGradient;
    private readonly double[] _inverseStd;
    private bool _training;

    public BatchNorm(BatchNormSpec spec, SampleShape input)
    {
        if (spec.Channels != input.Channels)
            throw new InvalidInputException($"{spec.Name}: batch norm over {spec.Channels} channels receives {input}");
        if (!(spec.Momentum is > 0 and <= 1) || !(spec.Epsilon > 0))
            throw new InvalidInputException($"{spec.Name}: batch norm needs 0 < momentum <= 1 and epsilon > 0");
        _spec = spec;
        InputShape = OutputShape = input;
        Scale = new Parameter<T>(spec.Name + ".weight", [spec.Channels], trainable: true, decays: false);
        Shift = new Parameter<T>(spec.Name + ".bias", [spec.Channels], trainable: true, decays: false);
        RunningMean = new Parameter<T>(spec.Name + ".running_mean", [spec.Channels], trainable: false, decays: false);
        RunningVariance = new Parameter<T>(spec.Name + ".running_var", [spec.Channels], trainable: false, decays: false);
        Array.Fill(Scale.Value, T.One);
        Array.Fill(RunningVariance.Value, T.One);
        _inverseStd = new double[spec.Channels];
    }

    public string Name => _spec.Name;
    public SampleShape InputShape { get; }
    public SampleShape OutputShape { get; }
    public LayerSpec Spec => _spec;
    public double Epsilon => _spec.Epsilon;

    /// <summary>gamma, one per channel.</summary>
    public Parameter<T> Scale { get; }

    /// <summary>beta, one per channel.</summary>
    public Parameter<T> Shift { get; }

    public Parameter<T> RunningMean { get; }
    public Parameter<T> RunningVariance { get; }

    public IEnumerable<Parameter<T>> Parameters => [Scale, Shift, RunningMean, RunningVariance];
    public IEnumerable<ILayer<T>> Layers => [this];

    public T[] Forward(T[] input, int batch, LayerContext context)
    {
        _training = context.Training;
        int channels = _spec.Channels, plane = InputShape.Plane;
        var xhat = Numeric.Ensure(ref _normalized, batch * InputShape.Size);
        var y = Numeric.Ensure(ref _output, batch * InputShape.Size);
        double count = (double)batch * plane;
        Parallel.For(0, channels, c =>
        {
            Span<T> Plane(T[] a, int n) => a.AsSpan((n * channels + c) * plane, plane);
            double mean, variance;
            if (_training)
            {
                double sum = 0;
                for (int n = 0; n < batch; n++) sum += double.CreateTruncating(TensorPrimitives.Sum<T>(Plane(input, n)));
                mean = sum / count;
                // Two passes: x - mean goes into x^ first, so the variance has no cancellation.
                T tm = T.CreateTruncating(mean);
                double squares = 0;
                for (int n = 0; n < batch; n++)
                {
                    var h = Plane(xhat, n);
                    TensorPrimitives.Subtract<T>(Plane(input, n), tm, h);
                    squares += double.CreateTruncating(TensorPrimitives.SumOfSquares<T>(h));
                }
                variance = squares / count;
                double m = _spec.Momentum;
                double unbiased = count > 1 ? squares / (count - 1) : variance;
                RunningMean.Value[c] = T.CreateTruncating((1 - m) * double.CreateTruncating(RunningMean.Value[c]) + m * mean);
                RunningVariance.Value[c] = T.CreateTruncating((1 - m) * double.CreateTruncating(RunningVariance.Value[c]) + m * unbiased);
            }
            else
            {
                mean = double.CreateTruncating(RunningMean.Value[c]);
                variance = double.CreateTruncating(RunningVariance.Value[c]);
                T tm = T.CreateTruncating(mean);
                for (int n = 0; n < batch; n++) TensorPrimitives.Subtract<T>(Plane(input, n), tm, Plane(xhat, n));
            }
            double inv = 1 / Math.Sqrt(variance + _spec.Epsilon);
            _inverseStd[c] = inv;
            T tInv = T.CreateTruncating(inv), gamma = Scale.Value[c], beta = Shift.Value[c];
            for (int n = 0; n < batch; n++)
            {
                var h = Plane(xhat, n);
                TensorPrimitives.Multiply<T>(h, tInv, h);
                var o = Plane(y, n);
                TensorPrimitives.Multiply<T>(h, gamma, o);
                TensorPrimitives.Add<T>(o, beta, o);
            }
        });
        return y;
    }

    public T[] Backward(T[] outputGradient, int batch)
    {
        var xhat = _normalized ?? throw new InvalidOperationException($"{Name}: backward before forward");
        int channels = _spec.Channels, plane = InputShape.Plane;
        var dx = Numeric.Ensure(ref _inputGradient, batch * InputShape.Size);
        double count = (double)batch * plane;
        Parallel.For(0, channels, c =>
        {
            Span<T> Plane(T[] a, int n) => a.AsSpan((n * channels + c) * plane, plane);
            double sumDy = 0, sumDyXhat = 0;
            for (int n = 0; n < batch; n++)
            {
                sumDy += double.CreateTruncating(TensorPrimitives.Sum<T>(Plane(outputGradient, n)));
                sumDyXhat += double.CreateTruncating(TensorPrimitives.Dot<T>(Plane(outputGradient, n), Plane(xhat, n)));
            }
            Scale.Gradient![c] += T.CreateTruncating(sumDyXhat);
            Shift.Gradient![c] += T.CreateTruncating(sumDy);
            double gamma = double.CreateTruncating(Scale.Value[c]), inv = _inverseStd[c];
            T a = T.CreateTruncating(gamma * inv);
            if (_training)
            {
                // dx = gamma / sqrt(var + eps) (dy - mean(dy) - x^ mean(dy x^)): the batch mean and variance depend on x.
                T b = T.CreateTruncating(sumDy / count), d = T.CreateTruncating(-sumDyXhat / count);
                for (int n = 0; n < batch; n++)
                {
                    var g = Plane(dx, n);
                    TensorPrimitives.MultiplyAdd<T>(Plane(xhat, n), d, Plane(outputGradient, n), g);
                    TensorPrimitives.Subtract<T>(g, b, g);
                    TensorPrimitives.Multiply<T>(g, a, g);
                }
            }
            else
                for (int n = 0; n < batch; n++) TensorPrimitives.Multiply<T>(Plane(outputGradient, n), a, Plane(dx, n));
        });
        return dx;
    }
}
