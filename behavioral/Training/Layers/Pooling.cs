using System.Numerics;
using Xbar.Behavioral.Training.Models;

namespace Xbar.Behavioral.Training.Layers;

/// <summary>
/// Max pooling over K x K windows with stride S, no padding. The backward pass sends each output's
/// gradient to the input that was the maximum (the first one on a tie), remembered in the forward pass.
/// </summary>
public sealed class MaxPool2d<T>(MaxPoolSpec spec, SampleShape input) : WindowPool<T>(spec, input, spec.Kernel, spec.Stride)
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private T[]? _output, _inputGradient;
    private int[]? _argmax;

    public override T[] Forward(T[] x, int batch, LayerContext context)
    {
        var y = Numeric.Ensure(ref _output, batch * OutputShape.Size);
        var arg = Numeric.Ensure(ref _argmax, y.Length);
        int k = Kernel, s = Stride, h = InputShape.Height, w = InputShape.Width, ho = OutputShape.Height, wo = OutputShape.Width;
        Parallel.For(0, batch * InputShape.Channels, nc =>
        {
            int inBase = nc * h * w, outBase = nc * ho * wo;
            for (int oh = 0; oh < ho; oh++)
                for (int ow = 0; ow < wo; ow++)
                {
                    int best = inBase + oh * s * w + ow * s;
                    for (int i = 0; i < k; i++)
                        for (int j = 0; j < k; j++)
                        {
                            int at = inBase + (oh * s + i) * w + ow * s + j;
                            if (x[at] > x[best]) best = at;
                        }
                    y[outBase + oh * wo + ow] = x[best];
                    arg[outBase + oh * wo + ow] = best;
                }
        });
        return y;
    }

    public override T[] Backward(T[] outputGradient, int batch)
    {
        var arg = _argmax ?? throw new InvalidOperationException($"{Name}: backward before forward");
        var dx = Numeric.Ensure(ref _inputGradient, batch * InputShape.Size);
        int inPlane = InputShape.Plane, outPlane = OutputShape.Plane;
        // Windows may overlap (stride < kernel): each input plane is summed by one thread.
        Parallel.For(0, batch * InputShape.Channels, nc =>
        {
            dx.AsSpan(nc * inPlane, inPlane).Clear();
            for (int o = nc * outPlane; o < (nc + 1) * outPlane; o++) dx[arg[o]] += outputGradient[o];
        });
        return dx;
    }
}

/// <summary>Average pooling over K x K windows with stride S, no padding (every window has K K inputs).</summary>
public sealed class AvgPool2d<T>(AvgPoolSpec spec, SampleShape input) : WindowPool<T>(spec, input, spec.Kernel, spec.Stride)
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private T[]? _output, _inputGradient;

    public override T[] Forward(T[] x, int batch, LayerContext context)
    {
        var y = Numeric.Ensure(ref _output, batch * OutputShape.Size);
        int k = Kernel, s = Stride, h = InputShape.Height, w = InputShape.Width, ho = OutputShape.Height, wo = OutputShape.Width;
        T inv = T.One / T.CreateTruncating(k * k);
        Parallel.For(0, batch * InputShape.Channels, nc =>
        {
            int inBase = nc * h * w, outBase = nc * ho * wo;
            for (int oh = 0; oh < ho; oh++)
                for (int ow = 0; ow < wo; ow++)
                {
                    T sum = T.Zero;
                    for (int i = 0; i < k; i++)
                        for (int j = 0; j < k; j++) sum += x[inBase + (oh * s + i) * w + ow * s + j];
                    y[outBase + oh * wo + ow] = sum * inv;
                }
        });
        return y;
    }

    public override T[] Backward(T[] outputGradient, int batch)
    {
        var dx = Numeric.Ensure(ref _inputGradient, batch * InputShape.Size);
        int k = Kernel, s = Stride, h = InputShape.Height, w = InputShape.Width, ho = OutputShape.Height, wo = OutputShape.Width;
        T inv = T.One / T.CreateTruncating(k * k);
        Parallel.For(0, batch * InputShape.Channels, nc =>
        {
            int inBase = nc * h * w, outBase = nc * ho * wo;
            dx.AsSpan(inBase, h * w).Clear();
            for (int oh = 0; oh < ho; oh++)
                for (int ow = 0; ow < wo; ow++)
                {
                    T g = outputGradient[outBase + oh * wo + ow] * inv;
                    for (int i = 0; i < k; i++)
                        for (int j = 0; j < k; j++) dx[inBase + (oh * s + i) * w + ow * s + j] += g;
                }
        });
        return dx;
    }
}

/// <summary>Mean over each channel's H x W plane (C x H x W to C); the gradient spreads evenly back.</summary>
public sealed class GlobalAvgPool<T>(GlobalAvgPoolSpec spec, SampleShape input) : ILayer<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private T[]? _output, _inputGradient;

    public string Name => spec.Name;
    public SampleShape InputShape => input;
    public SampleShape OutputShape => SampleShape.Vector(input.Channels);
    public LayerSpec Spec => spec;
    public IEnumerable<Parameter<T>> Parameters => [];
    public IEnumerable<ILayer<T>> Layers => [this];

    public T[] Forward(T[] x, int batch, LayerContext context)
    {
        int planes = batch * input.Channels, plane = input.Plane;
        var y = Numeric.Ensure(ref _output, planes);
        T inv = T.One / T.CreateTruncating(plane);
        for (int i = 0; i < planes; i++) y[i] = System.Numerics.Tensors.TensorPrimitives.Sum(x.AsSpan(i * plane, plane)) * inv;
        return y;
    }

    public T[] Backward(T[] outputGradient, int batch)
    {
        int planes = batch * input.Channels, plane = input.Plane;
        var dx = Numeric.Ensure(ref _inputGradient, planes * plane);
        T inv = T.One / T.CreateTruncating(plane);
        for (int i = 0; i < planes; i++) dx.AsSpan(i * plane, plane).Fill(outputGradient[i] * inv);
        return dx;
    }
}

/// <summary>C x H x W to a vector of C H W values: the same array, a new shape.</summary>
public sealed class Flatten<T>(FlattenSpec spec, SampleShape input) : ILayer<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public string Name => spec.Name;
    public SampleShape InputShape => input;
    public SampleShape OutputShape => SampleShape.Vector(input.Size);
    public LayerSpec Spec => spec;
    public IEnumerable<Parameter<T>> Parameters => [];
    public IEnumerable<ILayer<T>> Layers => [this];
    public T[] Forward(T[] x, int batch, LayerContext context) => x;
    public T[] Backward(T[] outputGradient, int batch) => outputGradient;
}

/// <summary>What max and average pooling share: a K x K window moved by a stride, no padding, no parameters.</summary>
public abstract class WindowPool<T> : ILayer<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    protected WindowPool(LayerSpec spec, SampleShape input, int kernel, int stride)
    {
        if (kernel <= 0 || stride <= 0) throw new InvalidInputException($"{spec.Name}: pooling needs a positive kernel and stride");
        int ho = Im2Col.OutputSize(input.Height, kernel, stride, 0), wo = Im2Col.OutputSize(input.Width, kernel, stride, 0);
        if (ho <= 0 || wo <= 0) throw new InvalidInputException($"{spec.Name}: a {kernel}x{kernel} window does not fit a {input.Height}x{input.Width} input");
        Spec = spec;
        Kernel = kernel;
        Stride = stride;
        InputShape = input;
        OutputShape = new SampleShape(input.Channels, ho, wo);
    }

    public string Name => Spec.Name;
    public LayerSpec Spec { get; }
    public int Kernel { get; }
    public int Stride { get; }
    public SampleShape InputShape { get; }
    public SampleShape OutputShape { get; }
    public IEnumerable<Parameter<T>> Parameters => [];
    public IEnumerable<ILayer<T>> Layers => [this];
    public abstract T[] Forward(T[] x, int batch, LayerContext context);
    public abstract T[] Backward(T[] outputGradient, int batch);
}
