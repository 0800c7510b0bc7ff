using System.Runtime.InteropServices;

namespace Xbar.Circuits.Nodal;

/// <summary>
/// Asks Linux for transparent huge pages (2 MiB) behind the solver's large arrays, before their
/// first touch. A fresh 4 KiB page costs about 1.5 us of processor time on this machine (fault,
/// zeroing, memory-cgroup charge): a 1024 x 1024 solve touches about 60 MB of fresh arrays, some
/// 25 ms of its 120-140 ms. Behind a huge page the same 64 MB took 5.7-6.1 ms (a C check with
/// mmap and madvise, docs/solver.md). Only the 2 MiB-aligned interior of an array is advised, so
/// arrays below 4 MiB (N &lt; 724 for doubles) are left alone; with THP set to "never" (or on other
/// systems) the call does nothing, and any failure is ignored: the pages are only a speed matter.
/// </summary>
/// <remarks>
/// The arrays live on the large-object heap, which the collector does not move, and the advice
/// stays with the memory when it is reused. It must come before the first write: a page already
/// faulted in as 4 KiB stays so.
/// </remarks>
internal static partial class HugePages
{
    private const int MadvHugePage = 14;
    private const long Size = 2 << 20;

    /// <summary>Bytes from which an array is advised: its aligned interior then holds at least one huge page.</summary>
    private const long MinBytes = 2 * Size;

    private static bool _failed = !OperatingSystem.IsLinux();

    /// <summary>
    /// A new zeroed array of <paramref name="length"/> doubles with huge pages advised. Plain
    /// <c>new</c>, not <c>GC.AllocateUninitializedArray</c>: the collector hands out fresh memory from
    /// the system without writing it, and the generic method was compiled at tier 0 on the first call
    /// of a ReadyToRun build.
    /// </summary>
    public static double[] Doubles(int length) => Advise(new double[length]);

    /// <inheritdoc cref="Doubles"/>
    public static float[] Floats(int length) => Advise(new float[length]);

    /// <summary>Advises the 2 MiB-aligned interior of <paramref name="array"/> (before it is first written); returns it.</summary>
    public static unsafe double[] Advise(double[] array)
    {
        fixed (double* start = array) Advise(start, (long)array.Length * sizeof(double));
        return array;
    }

    /// <inheritdoc cref="Advise(double[])"/>
    public static unsafe float[] Advise(float[] array)
    {
        fixed (float* start = array) Advise(start, (long)array.Length * sizeof(float));
        return array;
    }

    // Not generic: a ReadyToRun image cannot precompile every instantiation, and the first call must not JIT.
    private static unsafe void Advise(void* start, long bytes)
    {
        if (_failed || bytes < MinBytes) return;
        long first = ((long)start + Size - 1) & ~(Size - 1), last = ((long)start + bytes) & ~(Size - 1);
        try
        {
            if (last > first) madvise((nint)first, (nuint)(last - first), MadvHugePage);
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            _failed = true;
        }
    }

    [LibraryImport("libc", EntryPoint = "madvise")]
    private static partial int madvise(nint address, nuint length, int advice);
}
