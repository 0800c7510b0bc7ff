namespace Xbar.Circuits.Engines;

/// <summary>
/// The engine could not find a solution: the operating point failed after every continuation
/// method it tried (ngspice: dynamic/true gmin stepping, source stepping, transient op), or a
/// transient step fell below the minimum time step. <see cref="Attempts"/> names what was tried,
/// <see cref="Node"/> the node ngspice blamed when it named one.
/// </summary>
public sealed class ConvergenceException : SimulationException
{
    public ConvergenceException(string message, string analysis, IReadOnlyList<string> attempts, string? node,
        IReadOnlyList<string>? engineOutput = null)
        : base(message, engineOutput)
    {
        Analysis = analysis;
        Attempts = attempts;
        Node = node;
    }

    /// <summary>The analysis that failed (<c>op</c>, <c>dc</c>, <c>tran</c>).</summary>
    public string Analysis { get; }

    /// <summary>The convergence aids tried before giving up, in order (e.g. "gmin stepping", "source stepping").</summary>
    public IReadOnlyList<string> Attempts { get; }

    /// <summary>The node the engine reported trouble with, if any.</summary>
    public string? Node { get; }
}
