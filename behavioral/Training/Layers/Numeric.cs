using System.Numerics;
using System.Runtime.InteropServices;
using Xbar.Circuits.Numerics;

namespace Xbar.Behavioral.Training.Layers;

/// <summary>
/// The arithmetic the layers share, written once for any IEEE floating-point type: training runs in
/// <see cref="float"/> (single-precision sgemm is about twice as fast as dgemm here and moves half
/// the memory, and 24-bit mantissas are what GPU frameworks train with), the finite-difference
/// checks of every backward pass run the same code in <see cref="double"/>.
/// </summary>
public static class Numeric
{
    /// <summary>
    /// C = alpha op(A) op(B) + beta C, row-major, through OpenBLAS (<see cref="Blas.Gemm(bool,bool,int,int,int,float,ReadOnlySpan{float},ReadOnlySpan{float},float,Span{float},int,int,int)"/>):
    /// sgemm for <see cref="float"/>, dgemm for <see cref="double"/>.
    /// </summary>
    public static void Gemm<T>(bool transA, bool transB, int m, int n, int k, T alpha, ReadOnlySpan<T> a, ReadOnlySpan<T> b,
        T beta, Span<T> c, int lda = 0, int ldb = 0, int ldc = 0) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (typeof(T) == typeof(float))
            Blas.Gemm(transA, transB, m, n, k, float.CreateTruncating(alpha), MemoryMarshal.Cast<T, float>(a),
                MemoryMarshal.Cast<T, float>(b), float.CreateTruncating(beta), MemoryMarshal.Cast<T, float>(c), lda, ldb, ldc);
        else if (typeof(T) == typeof(double))
            Blas.Gemm(transA, transB, m, n, k, double.CreateTruncating(alpha), MemoryMarshal.Cast<T, double>(a),
                MemoryMarshal.Cast<T, double>(b), double.CreateTruncating(beta), MemoryMarshal.Cast<T, double>(c), lda, ldb, ldc);
        else
            throw new NotSupportedException($"GEMM supports float and double, not {typeof(T).Name}");
    }

    /// <summary>The value <paramref name="v"/> in type T (rounded to nearest).</summary>
    public static T Of<T>(double v) where T : unmanaged, IFloatingPointIeee754<T> => T.CreateTruncating(v);

    /// <summary>Largest |x| of <paramref name="values"/> (0 for an empty span).</summary>
    public static T MaxAbs<T>(ReadOnlySpan<T> values) where T : unmanaged, IFloatingPointIeee754<T> =>
        values.IsEmpty ? T.Zero : T.Abs(System.Numerics.Tensors.TensorPrimitives.MaxMagnitude(values));

    /// <summary>A buffer of at least <paramref name="length"/> values, reused when it is already that long (contents undefined).</summary>
    public static T[] Ensure<T>(ref T[]? buffer, int length)
    {
        if (buffer is null || buffer.Length != length) buffer = new T[length];
        return buffer;
    }

    /// <summary>The values as doubles.</summary>
    public static double[] ToDouble<T>(ReadOnlySpan<T> values) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var d = new double[values.Length];
        for (int i = 0; i < d.Length; i++) d[i] = double.CreateTruncating(values[i]);
        return d;
    }

    /// <summary>Copies doubles into a T span (rounded to nearest).</summary>
    public static void FromDouble<T>(ReadOnlySpan<double> source, Span<T> target) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (source.Length != target.Length) throw new ArgumentException($"{source.Length} values for {target.Length} places");
        for (int i = 0; i < source.Length; i++) target[i] = T.CreateTruncating(source[i]);
    }
}
