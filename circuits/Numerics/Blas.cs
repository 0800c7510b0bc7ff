using System.Runtime.InteropServices;

namespace Xbar.Circuits.Numerics;

/// <summary>
/// Dense matrix products through Debian's OpenBLAS (<c>libopenblas.so.0</c>, package libopenblas0),
/// called by P/Invoke on the CBLAS interface, as ngspice is. A 1024x1024 product runs at about
/// 100 GFLOPS on a 2-core machine against a few GFLOPS for a managed loop, which is what makes
/// convolutional networks, training and transfer-matrix batches practical here. Matrices are
/// row-major. Small products (below <see cref="NativeThreshold"/> multiply-adds) stay managed,
/// where the call overhead would dominate. For a fixed thread count OpenBLAS's GEMM gives
/// bit-identical results run to run (each output element is summed by one thread in a fixed
/// order), so seeded runs stay reproducible; <see cref="Threads"/> pins the count.
/// </summary>
public static class Blas
{
    private const string Library = "libopenblas.so.0";
    private const int RowMajor = 101, NoTrans = 111, Trans = 112;

    /// <summary>Multiply-adds below which the managed loop is used (the native call costs about a microsecond).</summary>
    public const long NativeThreshold = 4096;

    private static readonly Lazy<bool> _available = new(Probe);

    /// <summary>Whether libopenblas.so.0 could be loaded (false: every product runs managed, much slower).</summary>
    public static bool Available => _available.Value;

    /// <summary>Threads OpenBLAS uses (set once per process for reproducible sums; default: the number of cores).</summary>
    public static int Threads
    {
        get => Available ? openblas_get_num_threads() : 1;
        set { if (Available) openblas_set_num_threads(Math.Max(1, value)); }
    }

    /// <summary>
    /// C = alpha op(A) op(B) + beta C in double precision, row-major; op(A) is m x k, op(B) is k x n, C is m x n.
    /// <paramref name="lda"/>, <paramref name="ldb"/>, <paramref name="ldc"/> are row strides (0 = dense).
    /// </summary>
    public static unsafe void Gemm(bool transA, bool transB, int m, int n, int k, double alpha,
        ReadOnlySpan<double> a, ReadOnlySpan<double> b, double beta, Span<double> c, int lda = 0, int ldb = 0, int ldc = 0)
    {
        if (m == 0 || n == 0) return;
        lda = lda > 0 ? lda : (transA ? m : k);
        ldb = ldb > 0 ? ldb : (transB ? k : n);
        ldc = ldc > 0 ? ldc : n;
        CheckSizes(transA, transB, m, n, k, a.Length, b.Length, c.Length, lda, ldb, ldc);
        if ((long)m * n * k < NativeThreshold || !Available)
        {
            ManagedGemm(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
            return;
        }
        fixed (double* pa = a, pb = b, pc = c)
            cblas_dgemm(RowMajor, transA ? Trans : NoTrans, transB ? Trans : NoTrans, m, n, k, alpha, pa, lda, pb, ldb, beta, pc, ldc);
    }

    /// <summary>The single-precision form of <see cref="Gemm(bool,bool,int,int,int,double,ReadOnlySpan{double},ReadOnlySpan{double},double,Span{double},int,int,int)"/>.</summary>
    public static unsafe void Gemm(bool transA, bool transB, int m, int n, int k, float alpha,
        ReadOnlySpan<float> a, ReadOnlySpan<float> b, float beta, Span<float> c, int lda = 0, int ldb = 0, int ldc = 0)
    {
        if (m == 0 || n == 0) return;
        lda = lda > 0 ? lda : (transA ? m : k);
        ldb = ldb > 0 ? ldb : (transB ? k : n);
        ldc = ldc > 0 ? ldc : n;
        CheckSizes(transA, transB, m, n, k, a.Length, b.Length, c.Length, lda, ldb, ldc);
        if ((long)m * n * k < NativeThreshold || !Available)
        {
            ManagedGemm(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
            return;
        }
        fixed (float* pa = a, pb = b, pc = c)
            cblas_sgemm(RowMajor, transA ? Trans : NoTrans, transB ? Trans : NoTrans, m, n, k, alpha, pa, lda, pb, ldb, beta, pc, ldc);
    }

    private static void CheckSizes(bool transA, bool transB, int m, int n, int k, int aLen, int bLen, int cLen, int lda, int ldb, int ldc)
    {
        if (m < 0 || n < 0 || k < 0) throw new ArgumentException($"GEMM sizes must be non-negative (m {m}, n {n}, k {k})");
        long needA = transA ? (long)(k - 1) * lda + m : (long)(m - 1) * lda + k;
        long needB = transB ? (long)(n - 1) * ldb + k : (long)(k - 1) * ldb + n;
        long needC = (long)(m - 1) * ldc + n;
        if (k > 0 && aLen < needA) throw new ArgumentException($"GEMM: A holds {aLen} values, {needA} needed");
        if (k > 0 && bLen < needB) throw new ArgumentException($"GEMM: B holds {bLen} values, {needB} needed");
        if (cLen < needC) throw new ArgumentException($"GEMM: C holds {cLen} values, {needC} needed");
    }

    private static void ManagedGemm<T>(bool transA, bool transB, int m, int n, int k, T alpha, ReadOnlySpan<T> a, int lda,
        ReadOnlySpan<T> b, int ldb, T beta, Span<T> c, int ldc) where T : System.Numerics.IFloatingPointIeee754<T>
    {
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++)
            {
                T s = T.Zero;
                for (int p = 0; p < k; p++)
                    s += (transA ? a[p * lda + i] : a[i * lda + p]) * (transB ? b[j * ldb + p] : b[p * ldb + j]);
                ref T cij = ref c[i * ldc + j];
                cij = beta == T.Zero ? alpha * s : alpha * s + beta * cij;
            }
    }

    private static bool Probe()
    {
        try
        {
            return NativeLibrary.TryLoad(Library, typeof(Blas).Assembly, null, out _) && openblas_get_num_threads() > 0;
        }
        catch (DllNotFoundException) { return false; }
        catch (EntryPointNotFoundException) { return false; }
    }

    [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
    private static extern unsafe void cblas_dgemm(int layout, int transA, int transB, int m, int n, int k,
        double alpha, double* a, int lda, double* b, int ldb, double beta, double* c, int ldc);

    [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
    private static extern unsafe void cblas_sgemm(int layout, int transA, int transB, int m, int n, int k,
        float alpha, float* a, int lda, float* b, int ldb, float beta, float* c, int ldc);

    [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
    private static extern void openblas_set_num_threads(int n);

    [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
    private static extern int openblas_get_num_threads();
}
