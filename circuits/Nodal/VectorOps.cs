using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Xbar.Circuits.Nodal;

/// <summary>
/// The few vector kernels of the nodal solver (y += a x, x *= a, dot, sum), AVX2 on pointers with
/// scalar loops for the tails and for other machines, compiled fully optimised on first use. They
/// stand in for TensorPrimitives and for Vector&lt;T&gt; over spans because a generic library method
/// starts in the unoptimised tier (a single solve in a fresh process would pay it), and a
/// ReadyToRun build calls such methods (MemoryMarshal.Cast, Vector&lt;T&gt; constructors) out of line
/// in their unoptimised form instead of inlining them.
/// </summary>
internal static class VectorOps
{
    /// <summary>y += a x.</summary>
    [MethodImpl(HotPath.Options)]
    public static unsafe void AddScaled(ReadOnlySpan<double> x, double a, Span<double> y)
    {
        int n = x.Length, i = 0;
        if (y.Length < n) throw new ArgumentException("destination shorter than source");
        if (n == 0) return;
        fixed (double* px = &x[0], py = &y[0])
        {
            if (Fma.IsSupported)
            {
                var av = Vector256.Create(a);
                for (; i + 4 <= n; i += 4) Avx.Store(py + i, Fma.MultiplyAdd(av, Avx.LoadVector256(px + i), Avx.LoadVector256(py + i)));
            }
            for (; i < n; i++) py[i] += a * px[i];
        }
    }

    /// <summary>
    /// y[yStart ..] += a x[xStart ..] over <paramref name="length"/> elements: the same as
    /// <see cref="AddScaled(ReadOnlySpan{double}, double, Span{double})"/> on slices, without
    /// <c>AsSpan</c>, a generic library method that a ReadyToRun build compiles unoptimised on the
    /// first solve and then calls out of line.
    /// </summary>
    [MethodImpl(HotPath.Options)]
    public static unsafe void AddScaled(double[] x, int xStart, double a, double[] y, int yStart, int length)
    {
        CheckSlice(x, xStart, length);
        CheckSlice(y, yStart, length);
        fixed (double* px = x, py = y) AddScaled(new ReadOnlySpan<double>(px + xStart, length), a, new Span<double>(py + yStart, length));
    }

    /// <summary>x[start ..] *= a over <paramref name="length"/> elements (see <see cref="AddScaled(double[], int, double, double[], int, int)"/>).</summary>
    [MethodImpl(HotPath.Options)]
    public static unsafe void Scale(double[] x, int start, int length, double a)
    {
        CheckSlice(x, start, length);
        fixed (double* px = x) Scale(new Span<double>(px + start, length), a);
    }

    private static void CheckSlice(double[] x, int start, int length)
    {
        if (start < 0 || length < 0 || (long)start + length > x.Length)
            throw new ArgumentOutOfRangeException(nameof(length), $"slice [{start}, {start} + {length}) outside an array of {x.Length}");
    }

    /// <summary>x *= a.</summary>
    [MethodImpl(HotPath.Options)]
    public static unsafe void Scale(Span<double> x, double a)
    {
        int n = x.Length, i = 0;
        if (n == 0) return;
        fixed (double* px = &x[0])
        {
            if (Avx.IsSupported)
            {
                var av = Vector256.Create(a);
                for (; i + 4 <= n; i += 4) Avx.Store(px + i, Avx.Multiply(av, Avx.LoadVector256(px + i)));
            }
            for (; i < n; i++) px[i] *= a;
        }
    }

    /// <summary>x·y.</summary>
    [MethodImpl(HotPath.Options)]
    public static unsafe double Dot(ReadOnlySpan<double> x, ReadOnlySpan<double> y)
    {
        int n = x.Length, i = 0;
        if (y.Length < n) throw new ArgumentException("second vector shorter than the first");
        if (n == 0) return 0;
        double s = 0;
        fixed (double* px = &x[0], py = &y[0])
        {
            if (Fma.IsSupported && n >= 8)
            {
                var acc = Vector256<double>.Zero;
                for (; i + 4 <= n; i += 4) acc = Fma.MultiplyAdd(Avx.LoadVector256(px + i), Avx.LoadVector256(py + i), acc);
                s = (acc.GetElement(0) + acc.GetElement(1)) + (acc.GetElement(2) + acc.GetElement(3));
            }
            for (; i < n; i++) s += px[i] * py[i];
        }
        return s;
    }

    /// <summary>Sum of x.</summary>
    [MethodImpl(HotPath.Options)]
    public static unsafe double Sum(ReadOnlySpan<double> x)
    {
        int n = x.Length, i = 0;
        if (n == 0) return 0;
        double s = 0;
        fixed (double* px = &x[0])
        {
            if (Avx.IsSupported && n >= 8)
            {
                var acc = Vector256<double>.Zero;
                for (; i + 4 <= n; i += 4) acc = Avx.Add(acc, Avx.LoadVector256(px + i));
                s = (acc.GetElement(0) + acc.GetElement(1)) + (acc.GetElement(2) + acc.GetElement(3));
            }
            for (; i < n; i++) s += px[i];
        }
        return s;
    }
}
