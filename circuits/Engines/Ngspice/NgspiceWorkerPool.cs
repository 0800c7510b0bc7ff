namespace Xbar.Circuits.Engines.Ngspice;

/// <summary>
/// A thread-safe pool of up to <see cref="MaxWorkers"/> ngspice worker processes, started on
/// demand and reused across runs (start-up costs a .NET process plus ngspice's init). Each
/// run takes one idle worker; a worker that timed out or crashed is discarded and the next run
/// starts a fresh one. <see cref="Shared"/> serves every engine that does not bring its own pool.
/// </summary>
public sealed class NgspiceWorkerPool : IDisposable
{
    private static readonly Lazy<NgspiceWorkerPool> SharedPool = new(() =>
    {
        var pool = new NgspiceWorkerPool(Math.Max(1, Environment.ProcessorCount));
        AppDomain.CurrentDomain.ProcessExit += (_, _) => pool.Dispose();
        return pool;
    });

    private readonly SemaphoreSlim _slots;
    private readonly Stack<NgspiceWorkerProcess> _idle = new();
    private readonly HashSet<NgspiceWorkerProcess> _all = new();
    private readonly object _lock = new();
    private bool _disposed;

    /// <param name="maxWorkers">Most worker processes alive at once (= most parallel runs).</param>
    public NgspiceWorkerPool(int maxWorkers)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxWorkers, 1);
        MaxWorkers = maxWorkers;
        _slots = new SemaphoreSlim(maxWorkers, maxWorkers);
    }

    /// <summary>The process-wide pool (one worker per processor), disposed at process exit.</summary>
    public static NgspiceWorkerPool Shared => SharedPool.Value;

    public int MaxWorkers { get; }

    /// <summary>Process ids of the live workers, idle or busy (for diagnostics and tests).</summary>
    public IReadOnlyList<int> WorkerProcessIds
    {
        get
        {
            lock (_lock) return _all.Where(w => w.IsAlive).Select(w => w.ProcessId).ToArray();
        }
    }

    /// <summary>Runs one netlist on an idle worker, waiting for one when all are busy.</summary>
    internal WorkerReply Run(string netlist, string? workingDirectory, TimeSpan timeout)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        _slots.Wait();
        NgspiceWorkerProcess? worker = null;
        try
        {
            worker = TakeIdle() ?? StartWorker();
            var reply = worker.Run(netlist, workingDirectory, timeout);
            if (worker.IsAlive)
            {
                Return(worker);
                worker = null;
            }
            return reply;
        }
        finally
        {
            if (worker != null) Discard(worker);
            _slots.Release();
        }
    }

    private NgspiceWorkerProcess? TakeIdle()
    {
        lock (_lock)
        {
            while (_idle.Count > 0)
            {
                var w = _idle.Pop();
                if (w.IsAlive) return w;
                _all.Remove(w);
                w.Dispose();
            }
            return null;
        }
    }

    private NgspiceWorkerProcess StartWorker()
    {
        var worker = NgspiceWorkerProcess.Start();
        lock (_lock)
        {
            if (_disposed)
            {
                worker.Dispose();
                throw new ObjectDisposedException(nameof(NgspiceWorkerPool));
            }
            _all.Add(worker);
        }
        return worker;
    }

    private void Return(NgspiceWorkerProcess worker)
    {
        lock (_lock)
        {
            if (!_disposed)
            {
                _idle.Push(worker);
                return;
            }
        }
        Discard(worker);
    }

    private void Discard(NgspiceWorkerProcess worker)
    {
        lock (_lock) _all.Remove(worker);
        worker.Dispose();
    }

    /// <summary>Stops every worker (busy ones are killed).</summary>
    public void Dispose()
    {
        NgspiceWorkerProcess[] idle, busy;
        lock (_lock)
        {
            if (_disposed) return;
            _disposed = true;
            idle = _idle.ToArray();
            busy = _all.Except(idle).ToArray();
            _all.Clear();
            _idle.Clear();
        }
        foreach (var w in idle) w.Dispose();
        // A busy worker belongs to the thread running it, which disposes it when its run fails.
        foreach (var w in busy) w.Abort();
    }
}
