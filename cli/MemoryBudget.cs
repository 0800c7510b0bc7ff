using System.Globalization;

namespace Xbar.Cli;

/// <summary>
/// Refuses work whose memory would exceed what the machine (or container) gives this process,
/// before anything is allocated: an out-of-memory crash with a stack trace after minutes is worse
/// than one clear line at once. Estimates are measured, not derived: `xbar crossbar` peaked at
/// about 160-190 bytes per cell (nodal solver, 1024x1024 and 2048x2048, MTJ and linear cells, one
/// input vector) plus about 17 bytes per cell and input vector (1024x1024 with 100 vectors: 1.8
/// GB), so <see cref="CrossbarBytes"/> uses 200 + 17 per vector, rounded up.
/// </summary>
public static class MemoryBudget
{
    /// <summary>Share of the available memory a command may plan to use.</summary>
    public const double UsableShare = 0.8;

    /// <summary>Estimated peak bytes of a crossbar solve of <paramref name="rows"/> x <paramref name="cols"/> cells for <paramref name="vectors"/> inputs.</summary>
    public static double CrossbarBytes(long rows, long cols, long vectors) => (double)rows * cols * (200 + 17.0 * Math.Max(1, vectors));

    /// <summary>Throws <see cref="InvalidInputException"/> naming <paramref name="what"/> when <paramref name="bytes"/> exceed the usable memory.</summary>
    public static void Ensure(double bytes, string what)
    {
        double available = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;
        if (available > 0 && bytes > UsableShare * available)
            throw new InvalidInputException(
                $"{what} needs about {Format(bytes)} of memory but this machine gives the process {Format(available)}; choose a smaller size");
    }

    private static string Format(double bytes) => bytes switch
    {
        >= 1e12 => (bytes / 1e12).ToString("0.#", CultureInfo.InvariantCulture) + " TB",
        >= 1e9 => (bytes / 1e9).ToString("0.#", CultureInfo.InvariantCulture) + " GB",
        _ => (bytes / 1e6).ToString("0", CultureInfo.InvariantCulture) + " MB",
    };
}
