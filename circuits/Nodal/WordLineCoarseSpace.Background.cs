namespace Xbar.Circuits.Nodal;

/// <summary>
/// The coarse factorisation on a second core. It is serial (block Cholesky down the rows) and its
/// result is first needed at the end of the first preconditioning, after the first word-line solve,
/// the right-hand side and the first bit-line solves, which run on both cores: started in the
/// background it fills the core that those passes would otherwise leave idle while it ran alone
/// (issue 16, eighth pass).
/// </summary>
internal sealed partial class WordLineCoarseSpace
{
    private BackgroundWork? _pending;

    /// <summary>
    /// Starts <see cref="Factor"/> for <paramref name="g"/> on a thread-pool thread. Until
    /// <see cref="WaitFactored"/> returns (<see cref="Finish"/> waits), the caller must not write
    /// <paramref name="g"/>. The factors are the same bits as a direct <see cref="Factor"/>.
    /// </summary>
    public void FactorInBackground(double[] g)
    {
        WaitFactored();
        _pending = BackgroundWork.Start(() => Factor(g));
    }

    /// <summary>Returns once a factorisation started by <see cref="FactorInBackground"/> is finished (see <see cref="BackgroundWork.Wait"/>).</summary>
    public void WaitFactored()
    {
        var job = _pending;
        if (job is null) return;
        _pending = null;
        job.Wait();
    }
}
