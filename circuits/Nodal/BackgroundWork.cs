using System.Runtime.ExceptionServices;

namespace Xbar.Circuits.Nodal;

/// <summary>
/// One piece of work started on a thread-pool thread and waited for later, to fill the second core
/// while the caller runs something else (the coarse factorisation, pre-faulting a fresh array).
/// <see cref="Wait"/> runs the work on the calling thread when no pool thread has taken it yet, so a
/// busy pool cannot stall the caller, and rethrows its exception as it was thrown.
/// </summary>
internal sealed class BackgroundWork : IThreadPoolWorkItem
{
    private readonly Action _work;
    private readonly ManualResetEventSlim _done = new(false);
    private int _claimed;
    private ExceptionDispatchInfo? _error;

    private BackgroundWork(Action work) => _work = work;

    /// <summary>Queues <paramref name="work"/> on the thread pool.</summary>
    public static BackgroundWork Start(Action work)
    {
        var job = new BackgroundWork(work);
        ThreadPool.UnsafeQueueUserWorkItem(job, preferLocal: false);
        return job;
    }

    /// <summary>Runs the work unless another thread has claimed it.</summary>
    public void Execute()
    {
        if (Interlocked.Exchange(ref _claimed, 1) != 0) return;
        try
        {
            _work();
        }
        catch (Exception e)
        {
            _error = ExceptionDispatchInfo.Capture(e);
        }
        finally
        {
            _done.Set();
        }
    }

    /// <summary>Returns when the work has finished (running it here if no pool thread took it); rethrows its exception.</summary>
    public void Wait()
    {
        Execute(); // returns at once when a pool thread has claimed the work
        _done.Wait();
        _error?.Throw();
    }
}
