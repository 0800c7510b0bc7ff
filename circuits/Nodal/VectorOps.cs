using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Xbar.Circuits.Nodal;

/// <summary>
/// The few vector kernels of the nodal solver (y += a x, x *= a, dot, sum), SIMD with
/// <see cref="Vector{T}"/> and compiled fully optimised on first use. They stand in for
/// TensorPrimitives on the solver's hot path because a generic library method starts in the
/// unoptimised tier and runs many times slower there, which is what a single solve in a fresh
/// process would pay.
/// </summary>
internal static class VectorOps
{
    /// <summary>y += a x.</summary>
    [MethodImpl(HotPath.Options)]
    public static void AddScaled(ReadOnlySpan<double> x, double a, Span<double> y)
    {
        int n = x.Length, i = 0;
        if (y.Length < n) throw new ArgumentException("destination shorter than source");
        if (Vector.IsHardwareAccelerated)
        {
            var xv = MemoryMarshal.Cast<double, Vector<double>>(x);
            var yv = MemoryMarshal.Cast<double, Vector<double>>(y[..n]);
            var av = new Vector<double>(a);
            for (int v = 0; v < xv.Length; v++) yv[v] += av * xv[v];
            i = xv.Length * Vector<double>.Count;
        }
        for (; i < n; i++) y[i] += a * x[i];
    }

    /// <summary>x *= a.</summary>
    [MethodImpl(HotPath.Options)]
    public static void Scale(Span<double> x, double a)
    {
        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var xv = MemoryMarshal.Cast<double, Vector<double>>(x);
            var av = new Vector<double>(a);
            for (int v = 0; v < xv.Length; v++) xv[v] *= av;
            i = xv.Length * Vector<double>.Count;
        }
        for (; i < x.Length; i++) x[i] *= a;
    }

    /// <summary>x·y.</summary>
    [MethodImpl(HotPath.Options)]
    public static double Dot(ReadOnlySpan<double> x, ReadOnlySpan<double> y)
    {
        int n = x.Length, i = 0;
        double s = 0;
        if (Vector.IsHardwareAccelerated && n >= 2 * Vector<double>.Count)
        {
            var xv = MemoryMarshal.Cast<double, Vector<double>>(x);
            var yv = MemoryMarshal.Cast<double, Vector<double>>(y[..n]);
            var acc = Vector<double>.Zero;
            for (int v = 0; v < xv.Length; v++) acc += xv[v] * yv[v];
            s = Vector.Sum(acc);
            i = xv.Length * Vector<double>.Count;
        }
        for (; i < n; i++) s += x[i] * y[i];
        return s;
    }

    /// <summary>Sum of x.</summary>
    [MethodImpl(HotPath.Options)]
    public static double Sum(ReadOnlySpan<double> x)
    {
        int i = 0;
        double s = 0;
        if (Vector.IsHardwareAccelerated && x.Length >= 2 * Vector<double>.Count)
        {
            var xv = MemoryMarshal.Cast<double, Vector<double>>(x);
            var acc = Vector<double>.Zero;
            for (int v = 0; v < xv.Length; v++) acc += xv[v];
            s = Vector.Sum(acc);
            i = xv.Length * Vector<double>.Count;
        }
        for (; i < x.Length; i++) s += x[i];
        return s;
    }
}
