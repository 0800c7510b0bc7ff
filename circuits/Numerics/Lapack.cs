using System.Runtime.InteropServices;

namespace Xbar.Circuits.Numerics;

/// <summary>
/// The dense symmetric positive-definite inverse through LAPACK's Cholesky routines (dpotrf, dpotri)
/// in Debian's OpenBLAS (<c>libopenblas.so.0</c> carries LAPACK too), by P/Invoke as
/// <see cref="Blas"/>; without the library a managed Cholesky does the same at lower speed.
/// Used by the nodal solver's block elimination, where n^3 inversions dominate.
/// </summary>
public static class Lapack
{
    private const string Library = "libopenblas.so.0";
    // The trailing uploLength is gfortran's hidden length of the character argument.

    /// <summary>
    /// Replaces the symmetric positive-definite n x n matrix <paramref name="a"/> (dense, either
    /// ordering) by its inverse, both triangles filled. Returns false when it is not positive definite.
    /// </summary>
    public static unsafe bool InvertSpd(Span<double> a, int n)
    {
        if (a.Length < n * n) throw new ArgumentException($"matrix holds {a.Length} values, {n * n} needed");
        if (n == 0) return true;
        if (Blas.Available && n >= 16)
        {
            int info, nn = n;
            byte uplo = (byte)'L';
            fixed (double* p = a)
            {
                dpotrf_(&uplo, &nn, p, &nn, &info, 1);
                if (info != 0) return false;
                dpotri_(&uplo, &nn, p, &nn, &info, 1);
                if (info != 0) return false;
            }
            // Column-major lower = row-major upper: mirror it into the other triangle.
            for (int i = 0; i < n; i++)
                for (int j = i + 1; j < n; j++) a[j * n + i] = a[i * n + j];
            return true;
        }
        return ManagedInvert(a, n);
    }

    private static bool ManagedInvert(Span<double> a, int n)
    {
        // Cholesky L L^T in the lower triangle (row-major), then A^{-1} column by column.
        var l = a[..(n * n)].ToArray();
        for (int r = 0; r < n; r++)
        {
            for (int c = 0; c <= r; c++)
            {
                double s = l[r * n + c];
                for (int t = 0; t < c; t++) s -= l[r * n + t] * l[c * n + t];
                if (c < r) l[r * n + c] = s / l[c * n + c];
                else if (s > 0) l[r * n + r] = Math.Sqrt(s);
                else return false;
            }
        }
        var x = new double[n];
        for (int c = 0; c < n; c++)
        {
            Array.Clear(x);
            x[c] = 1;
            for (int r = 0; r < n; r++)
            {
                double s = x[r];
                for (int t = 0; t < r; t++) s -= l[r * n + t] * x[t];
                x[r] = s / l[r * n + r];
            }
            for (int r = n - 1; r >= 0; r--)
            {
                double s = x[r];
                for (int t = r + 1; t < n; t++) s -= l[t * n + r] * x[t];
                x[r] = s / l[r * n + r];
            }
            for (int r = 0; r < n; r++) a[r * n + c] = x[r];
        }
        return true;
    }

    [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
    private static extern unsafe void dpotrf_(byte* uplo, int* n, double* a, int* lda, int* info, nint uploLength);

    [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
    private static extern unsafe void dpotri_(byte* uplo, int* n, double* a, int* lda, int* info, nint uploLength);
}
