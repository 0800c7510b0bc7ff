using Xbar.Circuits.Numerics;

namespace Xbar.Behavioral.Networks.Graph.Operations;

/// <summary>
/// The exact float product y = W x through BLAS (<see cref="Blas.Gemm(bool,bool,int,int,int,double,ReadOnlySpan{double},ReadOnlySpan{double},double,Span{double},int,int,int)"/>):
/// a batch of input vectors (count x Inputs) times W transposed in one GEMM. W is a slice of an
/// operation's weight array (Outputs x Inputs, row-major), read in place.
/// </summary>
public sealed class BlasMatrix : IProgrammedMatrix
{
    private readonly double[] _weights;
    private readonly int _offset;

    public BlasMatrix(double[] weights, int offset, int outputs, int inputs)
    {
        if (offset < 0 || (long)offset + (long)outputs * inputs > weights.Length)
            throw new ArgumentException($"a {outputs}x{inputs} matrix at offset {offset} does not fit {weights.Length} weights");
        _weights = weights;
        _offset = offset;
        Outputs = outputs;
        Inputs = inputs;
    }

    public int Outputs { get; }
    public int Inputs { get; }

    /// <summary>W, Outputs x Inputs row-major.</summary>
    public ReadOnlySpan<double> Weights => _weights.AsSpan(_offset, Outputs * Inputs);

    public void Multiply(ReadOnlySpan<double> x, Span<double> y) => MultiplyBatch(x, y, 1);

    public void MultiplyBatch(ReadOnlySpan<double> x, Span<double> y, int count)
    {
        if (x.Length < count * Inputs || y.Length < count * Outputs)
            throw new ArgumentException($"batch of {count} needs {count * Inputs} inputs and {count * Outputs} outputs");
        Blas.Gemm(false, true, count, Outputs, Inputs, 1.0, x, Weights, 0.0, y);
    }
}
