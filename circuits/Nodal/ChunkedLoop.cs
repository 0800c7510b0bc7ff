namespace Xbar.Circuits.Nodal;

/// <summary>
/// Splits a range into a fixed number of contiguous chunks and runs them, in parallel when asked.
/// The chunking never depends on the machine, so partial sums are added in the same order and
/// results are bit-identical whatever the core count.
/// </summary>
internal readonly struct ChunkedLoop
{
    private const int MaxChunks = 8;
    private readonly bool _parallel;

    public ChunkedLoop(bool parallel) => _parallel = parallel;

    /// <summary>Number of chunks a range of <paramref name="count"/> items is cut into.</summary>
    public static int ChunkCount(int count, long work) => work < 32_768 ? 1 : Math.Min(MaxChunks, count);

    /// <summary>Runs body(chunk, start, end) over [0, count) cut into <see cref="ChunkCount"/> chunks.</summary>
    public void Run(int count, long work, Action<int, int, int> body)
    {
        int chunks = ChunkCount(count, work);
        if (chunks == 1 || !_parallel)
        {
            for (int c = 0; c < chunks; c++) body(c, Start(count, chunks, c), Start(count, chunks, c + 1));
            return;
        }
        System.Threading.Tasks.Parallel.For(0, chunks, c => body(c, Start(count, chunks, c), Start(count, chunks, c + 1)));
    }

    private static int Start(int count, int chunks, int c) => (int)((long)count * c / chunks);
}
