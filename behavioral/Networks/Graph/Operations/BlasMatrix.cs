using Xbar.Circuits.Numerics;

namespace Xbar.Behavioral.Networks.Graph.Operations;

/// <summary>
/// The exact float product y = W x through BLAS (<see cref="Blas.Gemm(bool,bool,int,int,int,double,ReadOnlySpan{double},ReadOnlySpan{double},double,Span{double},int,int,int)"/>):
/// a batch of input vectors (count x Inputs) times W transposed in one GEMM. W is a slice of an
/// operation's weight array (Outputs x Inputs, row-major), read in place. With single-precision
/// products (<see cref="FloatBackend.Single"/>) W is rounded to float once and each batch's inputs to
/// float before an sgemm (float sums, as ONNX Runtime's float32 kernels take them), the outputs widened back.
/// </summary>
public sealed class BlasMatrix : IProgrammedMatrix
{
    private readonly double[] _weights;
    private readonly int _offset;
    private readonly float[]? _single; // W in float for single-precision products, else null

    public BlasMatrix(double[] weights, int offset, int outputs, int inputs, bool singlePrecision = false)
    {
        if (offset < 0 || (long)offset + (long)outputs * inputs > weights.Length)
            throw new ArgumentException($"a {outputs}x{inputs} matrix at offset {offset} does not fit {weights.Length} weights");
        _weights = weights;
        _offset = offset;
        Outputs = outputs;
        Inputs = inputs;
        if (singlePrecision)
        {
            _single = new float[outputs * inputs];
            System.Numerics.Tensors.TensorPrimitives.ConvertTruncating<double, float>(Weights, _single);
        }
    }

    /// <summary>Whether the products run in float (sgemm) rather than double.</summary>
    public bool SinglePrecision => _single is not null;

    public int Outputs { get; }
    public int Inputs { get; }

    /// <summary>W, Outputs x Inputs row-major.</summary>
    public ReadOnlySpan<double> Weights => _weights.AsSpan(_offset, Outputs * Inputs);

    public void Multiply(ReadOnlySpan<double> x, Span<double> y) => MultiplyBatch(x, y, 1);

    public void MultiplyBatch(ReadOnlySpan<double> x, Span<double> y, int count)
    {
        if (x.Length < count * Inputs || y.Length < count * Outputs)
            throw new ArgumentException($"batch of {count} needs {count * Inputs} inputs and {count * Outputs} outputs");
        if (_single is null)
        {
            Blas.Gemm(false, true, count, Outputs, Inputs, 1.0, x, Weights, 0.0, y);
            return;
        }
        RunSingle(x[..(count * Inputs)], y[..(count * Outputs)], (xf, yf) => Blas.Gemm(false, true, count, Outputs, Inputs, 1f, xf, _single, 0f, yf));
    }

    /// <summary>
    /// C = W B for B of Inputs x <paramref name="columns"/> (row-major; C Outputs x columns): the column
    /// form of a convolution (one column per output position), in this matrix's precision.
    /// </summary>
    public void MultiplyColumns(ReadOnlySpan<double> b, int columns, Span<double> c)
    {
        int nb = Inputs * columns, nc = Outputs * columns;
        if (b.Length < nb || c.Length < nc) throw new ArgumentException($"{columns} columns need {nb} inputs and {nc} outputs");
        if (_single is null)
        {
            Blas.Gemm(false, false, Outputs, columns, Inputs, 1.0, Weights, b, 0.0, c);
            return;
        }
        RunSingle(b[..nb], c[..nc], (bf, cf) => Blas.Gemm(false, false, Outputs, columns, Inputs, 1f, _single, bf, 0f, cf));
    }

    /// <summary>
    /// C = W B with B and C already in float, W in float (single precision only): the convolution's float
    /// path, whose columns are unrolled straight into float, calls the sgemm without a double copy of them.
    /// </summary>
    public void MultiplyColumns(ReadOnlySpan<float> b, int columns, Span<float> c)
    {
        if (_single is null) throw new InvalidOperationException("a double-precision matrix multiplies double columns");
        if (b.Length < Inputs * columns || c.Length < Outputs * columns)
            throw new ArgumentException($"{columns} columns need {Inputs * columns} inputs and {Outputs * columns} outputs");
        Blas.Gemm(false, false, Outputs, columns, Inputs, 1f, _single, b, 0f, c);
    }

    private delegate void FloatProduct(ReadOnlySpan<float> input, Span<float> output);

    /// <summary>A product in float: <paramref name="input"/> rounded to float, <paramref name="product"/> (an sgemm with W in float), the result widened into <paramref name="output"/>.</summary>
    private static void RunSingle(ReadOnlySpan<double> input, Span<double> output, FloatProduct product)
    {
        var pool = System.Buffers.ArrayPool<float>.Shared;
        float[] inF = pool.Rent(input.Length), outF = pool.Rent(output.Length);
        try
        {
            Convert(input, inF.AsSpan(0, input.Length));
            product(inF.AsSpan(0, input.Length), outF.AsSpan(0, output.Length));
            Convert<float, double>(outF.AsSpan(0, output.Length), output);
        }
        finally
        {
            pool.Return(inF);
            pool.Return(outF);
        }
    }

    /// <summary>Elements per work item of the precision conversions: below twice this they run on the calling thread.</summary>
    private const int ConvertChunk = 1 << 16;

    /// <summary>
    /// dst = src converted element by element (round to nearest), on every core for large spans (a
    /// convolution's columns are millions of values per image, and a serial pass leaves the other core
    /// idle beside the two-thread sgemm).
    /// </summary>
    internal static unsafe void Convert<TFrom, TTo>(ReadOnlySpan<TFrom> src, Span<TTo> dst)
        where TFrom : unmanaged, System.Numerics.INumberBase<TFrom>
        where TTo : unmanaged, System.Numerics.INumberBase<TTo>
    {
        int n = src.Length;
        if (n < 2 * ConvertChunk)
        {
            System.Numerics.Tensors.TensorPrimitives.ConvertTruncating(src, dst);
            return;
        }
        fixed (TFrom* ps = src)
        fixed (TTo* pd = dst)
        {
            nint s = (nint)ps, d = (nint)pd; // pinned addresses can enter the parallel loop where spans cannot
            Parallel.For(0, (n + ConvertChunk - 1) / ConvertChunk, k =>
            {
                int at = k * ConvertChunk, len = Math.Min(ConvertChunk, n - at);
                System.Numerics.Tensors.TensorPrimitives.ConvertTruncating(new ReadOnlySpan<TFrom>((TFrom*)s + at, len), new Span<TTo>((TTo*)d + at, len));
            });
        }
    }
}
