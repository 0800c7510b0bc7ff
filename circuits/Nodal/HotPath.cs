using System.Runtime.CompilerServices;

namespace Xbar.Circuits.Nodal;

/// <summary>
/// How the solver's hot loops are compiled. In an ordinary (JIT) build they are marked
/// AggressiveOptimization: compiled fully optimised on first call instead of starting in the
/// unoptimised tier, so a single solve in a fresh process runs at full speed. In a ReadyToRun
/// publish (<c>make publish</c>, which defines READY_TO_RUN) the mark is dropped, because crossgen
/// does not precompile methods that carry it; there they run precompiled from the first call
/// (AVX2 code, see the Makefile) and no JIT is needed at all.
/// </summary>
internal static class HotPath
{
#if READY_TO_RUN
    public const MethodImplOptions Options = 0;
#else
    public const MethodImplOptions Options = MethodImplOptions.AggressiveOptimization;
#endif
}
