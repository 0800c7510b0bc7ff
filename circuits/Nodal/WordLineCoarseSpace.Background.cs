using System.Runtime.ExceptionServices;

namespace Xbar.Circuits.Nodal;

/// <summary>
/// The coarse factorisation on a second core. It is serial (block Cholesky down the rows) and its
/// result is first needed at the end of the first preconditioning, after the first word-line solve,
/// the right-hand side and the first bit-line solves, which run on both cores: started in the background it fills the core that
/// those passes would otherwise leave idle while it ran alone (issue 16, eighth pass).
/// </summary>
internal sealed partial class WordLineCoarseSpace
{
    private BackgroundFactor? _pending;

    /// <summary>
    /// Starts <see cref="Factor"/> for <paramref name="g"/> on a thread-pool thread. Until
    /// <see cref="WaitFactored"/> returns (<see cref="Finish"/> waits), the caller must not write
    /// <paramref name="g"/>. The factors are the same bits as a direct <see cref="Factor"/>.
    /// </summary>
    public void FactorInBackground(double[] g)
    {
        WaitFactored();
        var job = new BackgroundFactor(this, g);
        _pending = job;
        ThreadPool.UnsafeQueueUserWorkItem(job, preferLocal: false);
    }

    /// <summary>
    /// Returns once a factorisation started by <see cref="FactorInBackground"/> is finished; runs it
    /// on the calling thread when no pool thread has taken it yet (so a busy pool cannot stall the
    /// solve), and rethrows its exception as it was thrown.
    /// </summary>
    public void WaitFactored()
    {
        var job = _pending;
        if (job is null) return;
        _pending = null;
        job.Wait();
    }

    private sealed class BackgroundFactor(WordLineCoarseSpace owner, double[] g) : IThreadPoolWorkItem
    {
        private readonly ManualResetEventSlim _done = new(false);
        private int _claimed;
        private ExceptionDispatchInfo? _error;

        public void Execute()
        {
            if (Interlocked.Exchange(ref _claimed, 1) != 0) return;
            try
            {
                owner.Factor(g);
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

        public void Wait()
        {
            Execute(); // returns at once when a pool thread has claimed the job
            _done.Wait();
            _error?.Throw();
        }
    }
}
