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

    /// <summary>True when a range of <paramref name="work"/> cells would run on several threads.</summary>
    public bool RunsInParallel(long work) => _parallel && work >= ParallelWork && Environment.ProcessorCount > 1;

    /// <summary>Runs body(chunk, start, end) over [0, count) cut into <see cref="ChunkCount"/> chunks.</summary>
    public void Run(int count, long work, Action<int, int, int> body, int align = 1)
    {
        int chunks = ChunkCount(count, work, align);
        if (chunks == 1 || !RunsInParallel(work))
        {
            for (int c = 0; c < chunks; c++) body(c, Start(count, chunks, c, align), Start(count, chunks, c + 1, align));
            return;
        }
        new Job(body, count, chunks, align).Run();
    }

    /// <summary>
    /// Runs body(item) for every item of [0, <paramref name="items"/>), one item per chunk: on the
    /// calling thread in order when <paramref name="parallel"/> is false or there is one item, else
    /// shared with pool threads as <see cref="Run"/> does (not <c>Parallel.For</c>, for the first-use
    /// cost given at <see cref="Job"/>). Items must not depend on one another.
    /// </summary>
    public static void RunEach(int items, bool parallel, Action<int> body)
    {
        if (items <= 1 || !parallel || Environment.ProcessorCount == 1)
        {
            for (int item = 0; item < items; item++) body(item);
            return;
        }
        new Job((item, _, _) => body(item), items, items, 1).Run();
    }

    /// <summary>
    /// One parallel run: the calling thread and up to ProcessorCount - 1 thread-pool work items claim
    /// chunks from a shared counter until none is left; the caller then waits for the chunks others
    /// took. Not <c>Parallel.For</c>: its first use in a process cost 10-12 ms of processor time
    /// (tier-0 compilation of its generic workers, which ReadyToRun images do not hold, and its
    /// set-up), a tenth of a 1024 x 1024 solve. The caller always takes part, so a run completes
    /// even when no pool thread is free (nested runs), and a work item that starts late finds no
    /// chunk left and returns. The first exception of a chunk is rethrown as it was (the serial
    /// path's behaviour), after every claimed chunk has finished.
    /// </summary>
    private sealed class Job(Action<int, int, int> body, int count, int chunks, int align) : IThreadPoolWorkItem
    {
        private readonly ManualResetEventSlim _done = new(false);
        private int _next = -1, _remaining = chunks;
        private System.Runtime.ExceptionServices.ExceptionDispatchInfo? _error;

        public void Run()
        {
            int helpers = Math.Min(Environment.ProcessorCount, chunks) - 1;
            for (int h = 0; h < helpers; h++) ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);
            Execute();
            // Not disposed: the thread that finished the last chunk may still be inside Set.
            _done.Wait();
            _error?.Throw();
        }

        /// <summary>Claims and runs chunks until none is left (the caller and every pool work item).</summary>
        public void Execute()
        {
            int c;
            while ((c = Interlocked.Increment(ref _next)) < chunks)
            {
                try
                {
                    if (_error is null) body(c, Start(count, chunks, c, align), Start(count, chunks, c + 1, align));
                }
                catch (Exception e)
                {
                    Interlocked.CompareExchange(ref _error, System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e), null);
                }
                finally
                {
                    if (Interlocked.Decrement(ref _remaining) == 0) _done.Set();
                }
            }
        }
    }
}
