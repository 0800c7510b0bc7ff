namespace Xbar.Circuits.Nodal;

/// <summary>
/// Tolerances and limits of <see cref="NodalCrossbarSolver"/>. The defaults give a Kirchhoff
/// current-law residual of about 1e-12 relative to the largest branch-current sum at any node.
/// </summary>
public sealed record NodalSolverOptions
{
    /// <summary>Stop the conjugate-gradient solve when the preconditioned residual norm falls below this fraction of the right-hand side's.</summary>
    public double LinearTolerance { get; init; } = 1e-13;

    /// <summary>Largest number of conjugate-gradient iterations per linear solve.</summary>
    public int MaxLinearIterations { get; init; } = 20000;

    /// <summary>Newton stops when max |KCL residual| / max node branch-current sum is at or below this.</summary>
    public double ResidualTolerance { get; init; } = 1e-12;

    /// <summary>Newton also stops when no node voltage moved by more than this (V) times the largest input voltage (round-off floor), or by more than 1 % of <see cref="LinearTolerance"/> times it when that is larger (below what the linear solves resolve).</summary>
    public double VoltageTolerance { get; init; } = 1e-13;

    /// <summary>Largest number of Newton iterations for bias-dependent cells.</summary>
    public int MaxNewtonIterations { get; init; } = 60;

    /// <summary>Floor on every cell's small-signal conductance during Newton (S), as SPICE's gmin.</summary>
    public double Gmin { get; init; } = 1e-12;

    /// <summary>
    /// The conjugate-gradient preconditioner: <see cref="NodalPreconditioner.TwoLevel"/> (default: bit-line
    /// solves plus a coarse space along the word lines, iterations nearly flat in N) or
    /// <see cref="NodalPreconditioner.BitLines"/> (the bit-line solves alone, the earlier solver; kept
    /// as the benchmark's reference). Both give the same solution to the tolerance.
    /// </summary>
    public NodalPreconditioner Preconditioner { get; init; } = NodalPreconditioner.TwoLevel;

    /// <summary>Run line sweeps on several threads for large arrays (results do not depend on it: the chunking is fixed).</summary>
    public bool Parallel { get; init; } = true;

    /// <summary>
    /// Run the scalar loops instead of the AVX2/FMA kernels (those of machines without them); for
    /// tests, which check that both give the same solution.
    /// </summary>
    internal bool ScalarKernels { get; init; }

    /// <summary>The defaults.</summary>
    public static NodalSolverOptions Default { get; } = new();
}

/// <summary>Preconditioners of the nodal solver's conjugate gradients (see <see cref="NodalSolverOptions.Preconditioner"/>).</summary>
public enum NodalPreconditioner
{
    /// <summary>Bit-line tridiagonal solves plus a word-line coarse space (<see cref="WordLineCoarseSpace"/>).</summary>
    TwoLevel,
    /// <summary>Bit-line tridiagonal solves alone.</summary>
    BitLines,
}

/// <summary>The nodal solver did not converge (the CLI maps it to exit code 3).</summary>
public sealed class NodalSolverException : Exception
{
    public NodalSolverException(string message) : base(message) { }
}
