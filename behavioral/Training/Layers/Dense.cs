using System.Numerics;
using Xbar.Behavioral.Training.Models;

namespace Xbar.Behavioral.Training.Layers;

/// <summary>
/// Fully connected layer y = W x + b for a batch: Y (batch x outputs) = X W^T + b, one GEMM; the
/// backward pass dW += dY^T X, db += column sums of dY, dX = dY W (two more GEMMs). Any input shape
/// whose size is <see cref="DenseSpec.Inputs"/> is taken as a flat vector.
/// </summary>
public sealed class Dense<T> : WeightLayer<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly DenseSpec _spec;
    private T[]? _input, _used, _output, _inputGradient, _productGradient;

    public Dense(DenseSpec spec, SampleShape input)
        : base(spec.Name, input, SampleShape.Vector(spec.Outputs), spec.Inputs, [spec.Outputs, spec.Inputs], spec.Bias)
    {
        if (spec.Inputs <= 0 || spec.Outputs <= 0)
            throw new InvalidInputException($"{spec.Name}: dense layer size {spec.Outputs}x{spec.Inputs} must be positive");
        if (input.Size != spec.Inputs)
            throw new InvalidInputException($"{spec.Name}: dense layer takes {spec.Inputs} inputs but receives {input} = {input.Size} values per sample");
        _spec = spec;
        Quantizer = spec.Quantizer;
    }

    public override LayerSpec Spec => _spec with { Quantizer = Quantizer };

    public override T[] Forward(T[] input, int batch, LayerContext context)
    {
        _input = input;
        var w = _used = ForwardWeights(context);
        var y = Numeric.Ensure(ref _output, batch * Outputs);
        if (context.Analog is { } analog) AnalogProduct(analog, context, w, input.AsSpan(0, batch * FanIn), batch, y);
        else Numeric.Gemm(false, true, batch, Outputs, FanIn, T.One, input, w, T.Zero, y);
        AddOutputNoise(context, y, w, input.AsSpan(0, batch * FanIn));
        if (Bias is { } b)
            for (int s = 0; s < batch; s++)
                System.Numerics.Tensors.TensorPrimitives.Add(y.AsSpan(s * Outputs, Outputs), b.Value, y.AsSpan(s * Outputs, Outputs));
        return y;
    }

    public override T[] Backward(T[] outputGradient, int batch)
    {
        var x = _input ?? throw new InvalidOperationException($"{Name}: backward before forward");
        if (Bias is { } b)
            for (int s = 0; s < batch; s++)
                System.Numerics.Tensors.TensorPrimitives.Add(b.Gradient!, outputGradient.AsSpan(s * Outputs, Outputs), b.Gradient!);
        // The product's gradient: the output gradient itself, or under AnalogGradient.FittedGain a copy scaled
        // by the fitted gains (the caller's array stays as it is).
        var dy = outputGradient;
        if (HasFittedGains)
        {
            dy = Numeric.Ensure(ref _productGradient, batch * Outputs);
            outputGradient.AsSpan(0, batch * Outputs).CopyTo(dy);
            ScaleProductGradient(dy, batch, outputMajor: false);
        }
        Numeric.Gemm(true, false, Outputs, FanIn, batch, T.One, dy, x, T.One, Weight.Gradient!);
        FinishWeightGradient();
        var dx = Numeric.Ensure(ref _inputGradient, batch * FanIn);
        Numeric.Gemm(false, false, batch, FanIn, Outputs, T.One, dy, _used!, T.Zero, dx);
        return dx;
    }
}
