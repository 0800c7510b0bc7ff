using System.Diagnostics;
using MathNet.Numerics.LinearAlgebra;
using Xbar.Circuits.Numerics;

namespace Xbar.Validation.Benchmarks;

/// <summary>One row of <see cref="BlasBenchmark"/>: a product's best time over the repeats and its rate.</summary>
public sealed record BlasBenchmarkRow(string Precision, string Engine, int Size, int Repeats, double BestSeconds, double Gflops, double? SpeedupOverManaged, double MaxRelativeDifference);

/// <summary>
/// An n x n matrix product C = A B (2 n^3 flops) in single and double precision through OpenBLAS
/// (<see cref="Blas.Gemm(bool,bool,int,int,int,double,ReadOnlySpan{double},ReadOnlySpan{double},double,Span{double},int,int,int)"/>,
/// Debian's libopenblas0 by P/Invoke) and through MathNet.Numerics' managed provider, in the same
/// process on the same seeded matrices: the best of a few repeats, GFLOPS and the ratio. The
/// largest relative difference between the two products shows both computed the same thing.
/// </summary>
public sealed class BlasBenchmark
{
    public int Size { get; init; } = 1024;
    public int BlasRepeats { get; init; } = 5;
    public int ManagedRepeats { get; init; } = 2;

    public IReadOnlyList<BlasBenchmarkRow> Run(Action<string>? log = null)
    {
        if (Size is < 16 or > 8192) throw new InvalidInputException($"--size must be 16..8192, got {Size}");
        if (BlasRepeats < 1 || ManagedRepeats < 1) throw new InvalidInputException("--repeats must be at least 1");
        MathNet.Numerics.Control.UseManaged();
        var rows = new List<BlasBenchmarkRow>();
        rows.AddRange(Compare<float>("single", log));
        rows.AddRange(Compare<double>("double", log));
        return rows;
    }

    private IEnumerable<BlasBenchmarkRow> Compare<T>(string precision, Action<string>? log)
        where T : struct, IEquatable<T>, IFormattable, System.Numerics.IFloatingPointIeee754<T>
    {
        int n = Size;
        var rng = new Random(42);
        var a = Matrix<T>.Build.Dense(n, n, (_, _) => T.CreateTruncating(rng.NextDouble() - 0.5));
        var b = Matrix<T>.Build.Dense(n, n, (_, _) => T.CreateTruncating(rng.NextDouble() - 0.5));
        // Row-major copies for BLAS (MathNet stores column-major).
        var ar = a.ToRowMajorArray();
        var br = b.ToRowMajorArray();
        var cr = new T[n * n];
        double flops = 2.0 * n * n * n;

        log?.Invoke($"{precision}: OpenBLAS x{BlasRepeats}");
        double blas = Best(BlasRepeats, () => Gemm(n, ar, br, cr));
        log?.Invoke($"{precision}: MathNet managed x{ManagedRepeats}");
        Matrix<T>? c = null;
        double managed = Best(ManagedRepeats, () => c = a * b);

        var cm = c!.ToRowMajorArray();
        double maxDiff = 0, scale = 0;
        for (int i = 0; i < cm.Length; i++)
        {
            maxDiff = Math.Max(maxDiff, Math.Abs(double.CreateTruncating(cr[i] - cm[i])));
            scale = Math.Max(scale, Math.Abs(double.CreateTruncating(cm[i])));
        }
        double rel = maxDiff / scale;
        yield return new BlasBenchmarkRow(precision, $"OpenBLAS ({Blas.Threads} threads)", n, BlasRepeats, blas, flops / blas / 1e9, managed / blas, rel);
        yield return new BlasBenchmarkRow(precision, "MathNet managed", n, ManagedRepeats, managed, flops / managed / 1e9, null, rel);
    }

    private static void Gemm<T>(int n, T[] a, T[] b, T[] c) where T : struct, System.Numerics.IFloatingPointIeee754<T>
    {
        if (typeof(T) == typeof(float)) Blas.Gemm(false, false, n, n, n, 1f, (float[])(object)a, (float[])(object)b, 0f, (float[])(object)c);
        else Blas.Gemm(false, false, n, n, n, 1.0, (double[])(object)a, (double[])(object)b, 0.0, (double[])(object)c);
    }

    private static double Best(int repeats, Action run)
    {
        double best = double.PositiveInfinity;
        for (int r = 0; r < repeats; r++)
        {
            var watch = Stopwatch.StartNew();
            run();
            best = Math.Min(best, watch.Elapsed.TotalSeconds);
        }
        return best;
    }
}
