using System.Numerics.Tensors;

namespace Xbar.Behavioral.Networks;

/// <summary>The exact float product y = W x with a stored matrix (software inference, and the effective matrix of linear tile models).</summary>
public sealed class DenseMatrix : IProgrammedMatrix
{
    private readonly double[] _w;

    /// <summary>Stores <paramref name="weightsOutByIn"/> (copied).</summary>
    public DenseMatrix(double[,] weightsOutByIn)
    {
        Outputs = weightsOutByIn.GetLength(0);
        Inputs = weightsOutByIn.GetLength(1);
        _w = new double[Outputs * Inputs];
        for (int o = 0; o < Outputs; o++)
            for (int i = 0; i < Inputs; i++) _w[o * Inputs + i] = weightsOutByIn[o, i];
    }

    public int Outputs { get; }
    public int Inputs { get; }

    /// <summary>The stored matrix entry (o, i).</summary>
    public double this[int o, int i] => _w[o * Inputs + i];

    public void Multiply(ReadOnlySpan<double> x, Span<double> y)
    {
        for (int o = 0; o < Outputs; o++) y[o] = TensorPrimitives.Dot(_w.AsSpan(o * Inputs, Inputs), x);
    }

    public void MultiplyBatch(ReadOnlySpan<double> x, Span<double> y, int count)
    {
        if (x.Length < count * Inputs || y.Length < count * Outputs)
            throw new ArgumentException($"batch of {count} needs {count * Inputs} inputs and {count * Outputs} outputs");
        // The product is a pure function of each sample, so large batches split across cores in
        // chunks of samples; every sample's dot products are the same calls as in the serial loop,
        // so results do not depend on the split.
        const long minWorkPerChunk = 1L << 20; // multiply-adds: below this a thread costs more than it saves
        long work = (long)count * Outputs * Inputs;
        int chunks = (int)Math.Clamp(work / minWorkPerChunk, 1, 4L * Environment.ProcessorCount);
        chunks = Math.Min(chunks, count);
        if (chunks <= 1)
        {
            MultiplyRange(x, y, 0, count);
            return;
        }
        var xa = x[..(count * Inputs)].ToArray();
        var ya = new double[count * Outputs];
        Parallel.For(0, chunks, c =>
        {
            int s0 = (int)((long)count * c / chunks), s1 = (int)((long)count * (c + 1) / chunks);
            MultiplyRange(xa, ya, s0, s1);
        });
        ya.CopyTo(y);
    }

    private void MultiplyRange(ReadOnlySpan<double> x, Span<double> y, int s0, int s1)
    {
        for (int s = s0; s < s1; s++)
        {
            var xs = x.Slice(s * Inputs, Inputs);
            var ys = y.Slice(s * Outputs, Outputs);
            for (int o = 0; o < Outputs; o++) ys[o] = TensorPrimitives.Dot(_w.AsSpan(o * Inputs, Inputs), xs);
        }
    }
}

/// <summary>Software float "tiles": every block is the exact product (the reference every error is measured against).</summary>
public sealed class ExactTileProgrammer : ITileProgrammer
{
    public static ExactTileProgrammer Instance { get; } = new();

    public string Name => "software float";

    public IProgrammedMatrix Program(double[,] weightsOutByIn, TileContext context) => new DenseMatrix(weightsOutByIn);

    public bool ProgramsInParallel => true;
}
