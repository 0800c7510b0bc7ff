using System.Numerics;
using Xbar.Behavioral.Training.Models;

namespace Xbar.Behavioral.Training.Layers;

/// <summary>
/// 2-D convolution as one GEMM on unrolled patches (<see cref="Im2Col"/>): Z (C_out x N Ho Wo) =
/// W (C_out x C_in K K) cols, then Y (N x C_out x Ho x Wo) = Z rearranged + b. Backward:
/// dW += dZ cols^T, db += row sums of dZ, dcols = W^T dZ, dX = col2im(dcols). The unrolled patches
/// are kept from the forward pass for the weight gradient.
/// </summary>
public sealed class Conv2d<T> : WeightLayer<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly Conv2dSpec _spec;
    private T[]? _columns, _product, _output, _productGradient, _columnGradient, _inputGradient, _used;

    public Conv2d(Conv2dSpec spec, SampleShape input)
        : base(spec.Name, input, OutputOf(spec, input), spec.InChannels * spec.Kernel * spec.Kernel,
            [spec.OutChannels, spec.InChannels, spec.Kernel, spec.Kernel], spec.Bias)
    {
        _spec = spec;
        Quantizer = spec.Quantizer;
    }

    private static SampleShape OutputOf(Conv2dSpec s, SampleShape input)
    {
        if (s.InChannels <= 0 || s.OutChannels <= 0 || s.Kernel <= 0 || s.Stride <= 0 || s.Padding < 0)
            throw new InvalidInputException($"{s.Name}: convolution needs positive channels, kernel and stride and padding >= 0");
        if (input.Channels != s.InChannels)
            throw new InvalidInputException($"{s.Name}: convolution takes {s.InChannels} input channels but receives {input}");
        int ho = Im2Col.OutputSize(input.Height, s.Kernel, s.Stride, s.Padding), wo = Im2Col.OutputSize(input.Width, s.Kernel, s.Stride, s.Padding);
        if (ho <= 0 || wo <= 0)
            throw new InvalidInputException($"{s.Name}: a {s.Kernel}x{s.Kernel} kernel with padding {s.Padding} does not fit a {input.Height}x{input.Width} input");
        return new SampleShape(s.OutChannels, ho, wo);
    }

    public override LayerSpec Spec => _spec with { Quantizer = Quantizer };

    public int Kernel => _spec.Kernel;
    public int Stride => _spec.Stride;
    public int Padding => _spec.Padding;

    public override T[] Forward(T[] input, int batch, LayerContext context)
    {
        int k = FanIn, cols = batch * OutputShape.Plane, plane = OutputShape.Plane;
        var columns = Numeric.Ensure(ref _columns, k * cols);
        Im2Col.Unroll(input, batch, InputShape, Kernel, Stride, Padding, columns);
        var w = _used = ForwardWeights(context);
        var z = Numeric.Ensure(ref _product, Outputs * cols);
        if (context.Analog is { } analog)
        {
            // The hardware sees one input vector per output pixel: transpose to (N Ho Wo) x (C_in K K) and back.
            var vectors = Transpose(columns, k, cols);
            var result = new T[cols * Outputs];
            AnalogProduct(analog, context, w, vectors, cols, result);
            Transpose(result, cols, Outputs).CopyTo(z, 0);
        }
        else Numeric.Gemm(false, false, Outputs, cols, k, T.One, w, columns, T.Zero, z);
        AddOutputNoise(context, z, w, input.AsSpan(0, batch * InputShape.Size));
        var y = Numeric.Ensure(ref _output, batch * OutputShape.Size);
        var bias = Bias?.Value;
        Parallel.For(0, batch, n =>
        {
            for (int o = 0; o < Outputs; o++)
            {
                var src = z.AsSpan(o * cols + n * plane, plane);
                var dst = y.AsSpan((n * Outputs + o) * plane, plane);
                if (bias is null) src.CopyTo(dst);
                else System.Numerics.Tensors.TensorPrimitives.Add(src, bias[o], dst);
            }
        });
        return y;
    }

    public override T[] Backward(T[] outputGradient, int batch)
    {
        var columns = _columns ?? throw new InvalidOperationException($"{Name}: backward before forward");
        int k = FanIn, cols = batch * OutputShape.Plane, plane = OutputShape.Plane;
        var dz = Numeric.Ensure(ref _productGradient, Outputs * cols);
        Parallel.For(0, batch, n =>
        {
            for (int o = 0; o < Outputs; o++)
                outputGradient.AsSpan((n * Outputs + o) * plane, plane).CopyTo(dz.AsSpan(o * cols + n * plane, plane));
        });
        AccumulateBiasGradient(dz, cols);
        ScaleProductGradient(dz, cols, outputMajor: true);
        Numeric.Gemm(false, true, Outputs, k, cols, T.One, dz, columns, T.One, Weight.Gradient!);
        FinishWeightGradient();
        var dcols = Numeric.Ensure(ref _columnGradient, k * cols);
        Numeric.Gemm(true, false, k, cols, Outputs, T.One, _used!, dz, T.Zero, dcols);
        var dx = Numeric.Ensure(ref _inputGradient, batch * InputShape.Size);
        Im2Col.Roll(dcols, batch, InputShape, Kernel, Stride, Padding, dx);
        return dx;
    }

    private static T[] Transpose(T[] a, int rows, int cols)
    {
        var t = new T[a.Length];
        for (int i = 0; i < rows; i++)
            for (int j = 0; j < cols; j++)
                t[j * rows + i] = a[i * cols + j];
        return t;
    }
}
