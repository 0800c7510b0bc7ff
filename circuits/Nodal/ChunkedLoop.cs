namespace Xbar.Circuits.Nodal;

/// <summary>
/// Splits a range into a fixed number of contiguous chunks and runs them, in parallel when asked
/// and the work is large enough. The chunking depends only on the range and the work, never on the
/// machine or on whether the chunks run in parallel, so partial sums are added in the same order and
/// results are bit-identical whatever the core count and thread schedule.
/// </summary>
internal readonly struct ChunkedLoop
{
    public const int MaxChunks = 8;

    /// <summary>Cells of work from which a range is cut into chunks (this fixes the summation order).</summary>
    private const long ChunkWork = 32_768;

    /// <summary>
    /// Cells of work from which chunks run on several threads: a speed choice only (results are the
    /// same either way). Below it a pass over the arrays takes tens of microseconds, about what
    /// waking a pool thread costs, and a second thread mostly adds CPU time on a busy machine.
    /// </summary>
    private const long ParallelWork = 1 << 17;

    private readonly bool _parallel;

    public ChunkedLoop(bool parallel) => _parallel = parallel;

    /// <summary>
    /// Number of chunks a range of <paramref name="count"/> items is cut into; with
    /// <paramref name="align"/> &gt; 1 chunk boundaries fall on multiples of it, so no chunk is empty.
    /// </summary>
    public static int ChunkCount(int count, long work, int align = 1) =>
        work < ChunkWork ? 1 : Math.Max(1, Math.Min(MaxChunks, count / align));

    /// <summary>First item of chunk <paramref name="c"/> (<paramref name="count"/> for c = chunks).</summary>
    public static int Start(int count, int chunks, int c, int align = 1) =>
        c >= chunks ? count : (int)((long)count * c / chunks) / align * align;

    /// <summary>Runs body(chunk, start, end) over [0, count) cut into <see cref="ChunkCount"/> chunks.</summary>
    public void Run(int count, long work, Action<int, int, int> body, int align = 1)
    {
        int chunks = ChunkCount(count, work, align);
        if (chunks == 1 || !_parallel || work < ParallelWork)
        {
            for (int c = 0; c < chunks; c++) body(c, Start(count, chunks, c, align), Start(count, chunks, c + 1, align));
            return;
        }
        System.Threading.Tasks.Parallel.For(0, chunks, c => body(c, Start(count, chunks, c, align), Start(count, chunks, c + 1, align)));
    }
}
