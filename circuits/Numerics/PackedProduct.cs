using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Xbar.Circuits.Numerics;

/// <summary>
/// A float matrix W (n x k, row-major) packed once for many products C = A W^T (A count x k,
/// row-major), each computed by a managed kernel on the calling thread only.
/// </summary>
/// <remarks>
/// <para>Why not OpenBLAS: its thread count is process-wide (<c>openblas_set_num_threads</c>; Debian
/// 12's 0.3.21 has no per-call setting). Products called from code that already runs in parallel
/// (a network layer's tiles, <c>TiledMatrix</c>) with two OpenBLAS threads each cost about 1.6x the
/// processor time of one thread (its threads spin while they wait), and switching the count for a
/// while changes the sums of every other OpenBLAS caller in the process (a training beside it lost
/// its bit-identical resume). This kernel never touches OpenBLAS's threads, and its sums do not
/// depend on any thread count: each element of C is summed over p = 0..k-1 in that order by one
/// thread, with fused multiply-adds where the processor has them (so results are the same run to
/// run on one machine, and may differ in the last bits between machines with and without FMA).</para>
/// <para>The kernel is the register-blocked outer product of BLAS micro-kernels (Goto and van de
/// Geijn 2008, "Anatomy of high-performance matrix multiplication", ACM TOMS 34(3), Sec. 6): W is
/// stored as panels of 16 columns, k x 16 contiguous, and a block of 4 rows of A times one panel
/// keeps 8 vectors of 8 sums in registers, each step one broadcast per row and two panel loads for
/// eight fused multiply-adds. It is meant for the small k of crossbar tiles (tens to hundreds of
/// rows), where a panel stays in the first-level cache.</para>
/// </remarks>
public sealed class PackedProduct
{
    private const int Width = 16;   // columns of W per panel: two Vector256<float>
    private const int RowBlock = 4; // rows of A per kernel call

    private readonly float[] _panels; // [panel][p][16], zero-padded past column n

    /// <summary>Packs <paramref name="w"/> (<paramref name="n"/> x <paramref name="k"/>, row-major).</summary>
    public PackedProduct(ReadOnlySpan<float> w, int n, int k)
    {
        if (n < 0 || k < 1) throw new ArgumentException($"W must have at least one column (n {n}, k {k})");
        if (w.Length < (long)n * k) throw new ArgumentException($"W holds {w.Length} values, {(long)n * k} needed");
        N = n; K = k;
        _panels = new float[(n + Width - 1) / Width * Width * k];
        for (int j = 0; j < n; j++)
            for (int p = 0; p < k; p++)
                _panels[j / Width * Width * k + p * Width + j % Width] = w[j * k + p];
    }

    /// <summary>Columns of W (rows of W^T's result width).</summary>
    public int N { get; }

    /// <summary>The shared dimension.</summary>
    public int K { get; }

    /// <summary>
    /// C = A W^T (or C += A W^T with <paramref name="accumulate"/>): A is <paramref name="count"/> x K
    /// (row-major, dense), C <paramref name="count"/> x N with row stride <paramref name="ldc"/> (0 = N).
    /// </summary>
    public unsafe void Multiply(ReadOnlySpan<float> a, int count, Span<float> c, int ldc = 0, bool accumulate = false)
    {
        int n = N, k = K;
        ldc = ldc > 0 ? ldc : n;
        if (ldc < n) throw new ArgumentException($"the row stride of C ({ldc}) is below its {n} columns");
        if (count < 0 || a.Length < (long)count * k) throw new ArgumentException($"A holds {a.Length} values, {(long)count * k} needed");
        if (count == 0 || n == 0) return;
        if (c.Length < (long)(count - 1) * ldc + n) throw new ArgumentException($"C holds {c.Length} values, {(long)(count - 1) * ldc + n} needed");
        // Rows of A are taken in chunks of about 32 kB, so a chunk stays cached while every panel passes over it.
        int chunk = Math.Max(RowBlock, 8192 / k / RowBlock * RowBlock);
        float* edge = stackalloc float[RowBlock * Width];
        fixed (float* pa = a, pc = c, pw = _panels)
        {
            for (int r0 = 0; r0 < count; r0 += chunk)
            {
                int r1 = Math.Min(count, r0 + chunk);
                for (int j = 0; j < n; j += Width)
                {
                    float* panel = pw + (long)j * k;
                    int cols = Math.Min(Width, n - j);
                    for (int r = r0; r < r1; r += RowBlock)
                    {
                        int rows = Math.Min(RowBlock, r1 - r);
                        float* ar = pa + (long)r * k, cr = pc + (long)r * ldc + j;
                        if (cols == Width && rows == RowBlock) Block(ar, k, panel, cr, ldc, accumulate);
                        else
                        {
                            // An edge: the full block into a scratch, then only its valid part into C.
                            EdgeBlock(ar, rows, k, panel, edge);
                            for (int i = 0; i < rows; i++)
                                for (int q = 0; q < cols; q++)
                                    cr[i * ldc + q] = accumulate ? cr[i * ldc + q] + edge[i * Width + q] : edge[i * Width + q];
                        }
                    }
                }
            }
        }
    }

    /// <summary>4 rows of A times one panel into C (the full-size block).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void Block(float* a, int k, float* panel, float* c, int ldc, bool accumulate)
    {
        if (Vector256.IsHardwareAccelerated)
        {
            Vector256<float> c00 = default, c01 = default, c10 = default, c11 = default;
            Vector256<float> c20 = default, c21 = default, c30 = default, c31 = default;
            float* a1 = a + k, a2 = a1 + k, a3 = a2 + k;
            for (int p = 0; p < k; p++)
            {
                var w0 = Vector256.Load(panel + p * Width);
                var w1 = Vector256.Load(panel + p * Width + 8);
                var b = Vector256.Create(a[p]);
                c00 = MultiplyAdd(b, w0, c00); c01 = MultiplyAdd(b, w1, c01);
                b = Vector256.Create(a1[p]);
                c10 = MultiplyAdd(b, w0, c10); c11 = MultiplyAdd(b, w1, c11);
                b = Vector256.Create(a2[p]);
                c20 = MultiplyAdd(b, w0, c20); c21 = MultiplyAdd(b, w1, c21);
                b = Vector256.Create(a3[p]);
                c30 = MultiplyAdd(b, w0, c30); c31 = MultiplyAdd(b, w1, c31);
            }
            Store(c00, c01, c, accumulate);
            Store(c10, c11, c + ldc, accumulate);
            Store(c20, c21, c + 2 * ldc, accumulate);
            Store(c30, c31, c + 3 * ldc, accumulate);
            return;
        }
        float* scratch = stackalloc float[RowBlock * Width];
        EdgeBlock(a, RowBlock, k, panel, scratch);
        for (int i = 0; i < RowBlock; i++)
            for (int q = 0; q < Width; q++)
                c[i * ldc + q] = accumulate ? c[i * ldc + q] + scratch[i * Width + q] : scratch[i * Width + q];
    }

    /// <summary>Up to 4 rows of A times one panel into a 4 x 16 scratch (the same sums, one row at a time).</summary>
    private static unsafe void EdgeBlock(float* a, int rows, int k, float* panel, float* scratch)
    {
        for (int i = 0; i < rows; i++)
        {
            float* ai = a + (long)i * k;
            if (Vector256.IsHardwareAccelerated)
            {
                Vector256<float> s0 = default, s1 = default;
                for (int p = 0; p < k; p++)
                {
                    var b = Vector256.Create(ai[p]);
                    s0 = MultiplyAdd(b, Vector256.Load(panel + p * Width), s0);
                    s1 = MultiplyAdd(b, Vector256.Load(panel + p * Width + 8), s1);
                }
                s0.Store(scratch + i * Width);
                s1.Store(scratch + i * Width + 8);
            }
            else
                for (int q = 0; q < Width; q++)
                {
                    float s = 0;
                    for (int p = 0; p < k; p++) s += ai[p] * panel[p * Width + q];
                    scratch[i * Width + q] = s;
                }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> MultiplyAdd(Vector256<float> a, Vector256<float> b, Vector256<float> c) =>
        Fma.IsSupported ? Fma.MultiplyAdd(a, b, c) : a * b + c;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void Store(Vector256<float> lo, Vector256<float> hi, float* c, bool accumulate)
    {
        if (accumulate)
        {
            lo = Vector256.Load(c) + lo;
            hi = Vector256.Load(c + 8) + hi;
        }
        lo.Store(c);
        hi.Store(c + 8);
    }
}
