using System.Runtime.ExceptionServices;

namespace Xbar.Circuits.Engines;

/// <summary>
/// Runs in-process work under a wall-clock limit: the work runs on a thread of its own with a
/// cancellation token that fires at the deadline, and the caller gets
/// <see cref="SimulationTimeoutException"/> at the deadline whatever the work is doing (reading,
/// flattening, factoring), so <c>--timeout</c> covers every phase. Work that checks its token
/// stops soon after; a phase that does not (one matrix factorization) finishes in the background
/// and its result is dropped. The thread is a background thread, so it never keeps the process alive.
/// </summary>
public static class Deadline
{
    /// <summary>Stack of the work thread: generous, since netlist reading recurses (bounded) through expressions.</summary>
    private const int StackBytes = 64 << 20;

    public static T Run<T>(TimeSpan timeout, string engine, Func<CancellationToken, T> work)
    {
        // Not disposed: the work thread may still touch both after the caller has given up.
        var cancel = new CancellationTokenSource();
        var done = new ManualResetEventSlim();
        T result = default!;
        ExceptionDispatchInfo? failure = null;
        var thread = new Thread(() =>
        {
            try { result = work(cancel.Token); }
            catch (Exception e) { failure = ExceptionDispatchInfo.Capture(e); }
            finally { done.Set(); }
        }, StackBytes) { IsBackground = true, Name = $"{engine} run" };
        thread.Start();
        if (!done.Wait(timeout))
        {
            cancel.Cancel();
            throw new SimulationTimeoutException(timeout, engine);
        }
        if (failure is { SourceException: OperationCanceledException } && cancel.IsCancellationRequested)
            throw new SimulationTimeoutException(timeout, engine);
        failure?.Throw();
        return result;
    }
}
