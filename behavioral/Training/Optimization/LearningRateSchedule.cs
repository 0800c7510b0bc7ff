using System.Globalization;

namespace Xbar.Behavioral.Training.Optimization;

public enum ScheduleKind
{
    /// <summary>The base rate throughout.</summary>
    Constant,

    /// <summary>Cosine annealing from the base rate to 0 over the run (Loshchilov and Hutter 2017, arXiv:1608.03983, Eq. 5, one cycle, no restart).</summary>
    Cosine,

    /// <summary>The base rate times 0.1 at 50 % and again at 75 % of the run (the step schedule of He et al. 2016, Sec. 4.2, in fractions of the run).</summary>
    Step,
}

/// <summary>
/// Learning rate per optimizer step: a linear warm-up over the first <see cref="WarmupSteps"/>
/// steps (Goyal et al. 2017, arXiv:1706.02677, Sec. 2.2), then the schedule over the remaining steps.
/// </summary>
public sealed record LearningRateSchedule
{
    public LearningRateSchedule(ScheduleKind kind, double baseRate, long totalSteps, long warmupSteps = 0)
    {
        if (!double.IsFinite(baseRate) || baseRate <= 0 || baseRate > 10)
            throw new InvalidInputException($"--lr: the learning rate must be in (0, 10], got {baseRate.ToString("R", CultureInfo.InvariantCulture)}");
        if (totalSteps <= 0) throw new InvalidInputException($"the run has no optimizer steps ({totalSteps})");
        if (warmupSteps < 0 || warmupSteps >= totalSteps)
            throw new InvalidInputException($"warm-up of {warmupSteps} steps must be shorter than the run's {totalSteps}");
        Kind = kind;
        BaseRate = baseRate;
        TotalSteps = totalSteps;
        WarmupSteps = warmupSteps;
    }

    public ScheduleKind Kind { get; }
    public double BaseRate { get; }
    public long TotalSteps { get; }
    public long WarmupSteps { get; }

    /// <summary>The rate of step <paramref name="step"/> (0-based).</summary>
    public double Rate(long step)
    {
        if (step < WarmupSteps) return BaseRate * (step + 1) / WarmupSteps;
        double progress = (double)(step - WarmupSteps) / Math.Max(1, TotalSteps - WarmupSteps);
        return Kind switch
        {
            ScheduleKind.Cosine => 0.5 * BaseRate * (1 + Math.Cos(Math.PI * Math.Min(progress, 1))),
            ScheduleKind.Step => BaseRate * (progress < 0.5 ? 1 : progress < 0.75 ? 0.1 : 0.01),
            _ => BaseRate,
        };
    }
}
