using System.Buffers;

namespace Xbar.Circuits.Numerics;

/// <summary>
/// The dense symmetric positive-definite inverse by recursive 2 x 2 block elimination, so that
/// nearly all the work runs in dgemm. With A = [A11 A12; A12^T A22], X11 = A11^{-1},
/// W = X11 A12 and the Schur complement S = A22 - A12^T W (SPD whenever A is), the inverse is
/// [X11 + W S^{-1} W^T, -W S^{-1}; -S^{-1} W^T, S^{-1}] (Golub and Van Loan, "Matrix
/// Computations", 4th ed. 2013, section 3.2.11 and eq. 4.2.6 for positive definite Schur
/// complements). About 4/3 n^3 flops, a third more than LAPACK's dpotrf + dpotri (n^3), but
/// OpenBLAS runs those at about a third of dgemm's rate at n = 256 (docs/solver.md), so this is
/// the faster exact inverse there: 255 inverses at n = 256 in 0.23-0.25 s against 0.30 s (shared 2-core machine). Blocks of at most <see cref="LeafSize"/> go to <see cref="Lapack.InvertSpd"/>.
/// </summary>
public static class BlockSpdInverse
{
    /// <summary>Blocks up to this order are inverted by Cholesky (dpotrf + dpotri) directly.</summary>
    public const int LeafSize = 32; // measured at n = 256: leaves of 16 or 32 about equal, 64 and 128 slower (dpotri dominates)

    /// <summary>
    /// Replaces the symmetric positive-definite n x n row-major matrix <paramref name="a"/> by its
    /// inverse, both triangles filled. Returns false when a leaf Cholesky finds it not positive definite.
    /// </summary>
    public static bool Invert(Span<double> a, int n)
    {
        if (a.Length < n * n) throw new ArgumentException($"matrix holds {a.Length} values, {n * n} needed");
        return Invert(a, n, n);
    }

    /// <summary>Inverts the n x n block at the start of <paramref name="a"/>, rows <paramref name="ld"/> apart.</summary>
    private static bool Invert(Span<double> a, int n, int ld)
    {
        if (n <= LeafSize) return InvertLeaf(a, n, ld);
        int h = n / 2, k = n - h;
        var a11 = a;
        var a12 = a[h..];
        var a21 = a[(h * ld)..];
        var a22 = a[(h * ld + h)..];
        var w = ArrayPool<double>.Shared.Rent(h * k);
        try
        {
            if (!Invert(a11, h, ld)) return false;
            Blas.Gemm(false, false, h, k, h, 1.0, a11, a12, 0.0, w, lda: ld, ldb: ld, ldc: k);       // W = X11 A12
            Blas.Gemm(true, false, k, k, h, -1.0, a12, w, 1.0, a22, lda: ld, ldb: k, ldc: ld);       // S = A22 - A12^T W
            if (!Invert(a22, k, ld)) return false;                                                     // S^{-1}
            Blas.Gemm(false, false, h, k, k, -1.0, w, a22, 0.0, a12, lda: k, ldb: ld, ldc: ld);       // A12 = -W S^{-1}
            Blas.Gemm(false, true, h, h, k, -1.0, a12, w, 1.0, a11, lda: ld, ldb: k, ldc: ld);        // X11 + W S^{-1} W^T
            for (int r = 0; r < h; r++)
                for (int c = 0; c < k; c++) a21[c * ld + r] = a12[r * ld + c];
            return true;
        }
        finally { ArrayPool<double>.Shared.Return(w); }
    }

    private static bool InvertLeaf(Span<double> a, int n, int ld)
    {
        if (ld == n) return Lapack.InvertSpd(a, n);
        var block = ArrayPool<double>.Shared.Rent(n * n);
        try
        {
            for (int r = 0; r < n; r++) a.Slice(r * ld, n).CopyTo(block.AsSpan(r * n, n));
            if (!Lapack.InvertSpd(block, n)) return false;
            for (int r = 0; r < n; r++) block.AsSpan(r * n, n).CopyTo(a.Slice(r * ld, n));
            return true;
        }
        finally { ArrayPool<double>.Shared.Return(block); }
    }
}
