namespace Xbar.Circuits.Nodal.Transient;

/// <summary>
/// Time grid and tolerances of <see cref="CrossbarTransientSolver"/>. The solver steps uniformly by
/// <see cref="TimeStep"/> from 0 to <see cref="StopTime"/> and adds every breakpoint of the drive
/// (a step never straddles a corner of a PWL source), integrating with the second-order backward
/// differentiation formula (BDF2, Gear's method of order 2; the first step is backward Euler).
/// BDF2 is L-stable: wire time constants far shorter than the step decay instead of ringing, as
/// they would with the trapezoidal rule.
/// </summary>
public sealed record TransientOptions
{
    public TransientOptions(double timeStep, double stopTime)
    {
        if (!double.IsFinite(timeStep) || timeStep <= 0)
            throw new InvalidInputException($"transient time step must be a positive number of seconds (got {timeStep})");
        if (!double.IsFinite(stopTime) || stopTime <= 0)
            throw new InvalidInputException($"transient stop time must be a positive number of seconds (got {stopTime})");
        if (stopTime / timeStep > 2_000_000)
            throw new InvalidInputException($"transient of {stopTime / timeStep:g3} steps is too long (stop time / time step > 2e6)");
        TimeStep = timeStep;
        StopTime = stopTime;
    }

    /// <summary>Largest step (s).</summary>
    public double TimeStep { get; }

    /// <summary>End of the simulated window (s).</summary>
    public double StopTime { get; }

    /// <summary>
    /// First step after every breakpoint of the drive (s); the steps after it double until they
    /// reach <see cref="TimeStep"/>, so the charging of the lines at a source corner is resolved even
    /// when the base step is long (a pulse-width drive holds for many steps between corners).
    /// Null = <see cref="TimeStep"/> (no refinement).
    /// </summary>
    public double? FineStep
    {
        get => _fineStep;
        init => _fineStep = value is { } f && !(double.IsFinite(f) && f > 0)
            ? throw new InvalidInputException($"transient fine step must be a positive number of seconds (got {f})")
            : value;
    }

    private readonly double? _fineStep;

    /// <summary>Relative tolerance of each linear solve (preconditioned residual norm against the right-hand side's).</summary>
    public double LinearTolerance { get; init; } = 1e-12;

    /// <summary>Newton stops when no node moved by more than this times the largest source voltage.</summary>
    public double VoltageTolerance { get; init; } = 1e-11;

    /// <summary>Most Newton iterations per time step for bias-dependent cells.</summary>
    public int MaxNewtonIterations { get; init; } = 50;

    /// <summary>Floor on every cell's small-signal conductance during Newton (S), as SPICE's gmin.</summary>
    public double Gmin { get; init; } = 1e-12;
}
