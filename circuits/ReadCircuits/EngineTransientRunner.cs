using Xbar.Circuits.Engines;
using Xbar.Circuits.Engines.Ngspice;

namespace Xbar.Circuits.ReadCircuits;

/// <summary>
/// Runs read-circuit transients on the project's <see cref="NgspiceEngine"/> (libngspice in a pool
/// of worker processes with per-run timeout and crash isolation). Engine failures are reported as
/// <see cref="ReadSimulationException"/> with the engine's message, so the read analyses handle
/// every runner alike.
/// </summary>
public sealed class EngineTransientRunner : ITransientRunner, IDisposable
{
    private readonly NgspiceEngine _engine;
    private readonly SimulationOptions _options;

    /// <param name="workers">Size of this runner's own worker pool.</param>
    /// <param name="timeout">Per-run limit (default 2 min).</param>
    public EngineTransientRunner(int workers, TimeSpan? timeout = null)
    {
        _engine = new NgspiceEngine(Math.Max(1, workers));
        _options = new SimulationOptions { Timeout = timeout ?? TimeSpan.FromMinutes(2) };
    }

    public TransientResult Run(TransientRequest request, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        SweepResult tran;
        try
        {
            tran = _engine.RunText(NgspiceProcessRunner.Compose(request), _options).Transient;
        }
        catch (SimulationException e)
        {
            throw new ReadSimulationException(e.Message, e);
        }
        var vectors = new Dictionary<string, double[]>(StringComparer.OrdinalIgnoreCase);
        foreach (var name in request.Vectors)
            vectors[name] = tran.Vector(name).ToArray();
        return new TransientResult(tran.Sweep.ToArray(), vectors);
    }

    public void Dispose() => _engine.Dispose();
}
