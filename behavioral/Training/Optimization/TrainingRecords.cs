namespace Xbar.Behavioral.Training.Optimization;

/// <summary>One finished epoch: mean training loss and accuracy (on the augmented, noisy batches as trained), test accuracy when a test set was given, wall time.</summary>
public sealed record EpochRecord(int Epoch, double Loss, double TrainAccuracy, double? TestAccuracy, double Seconds);

/// <summary>Where a training run is, reported after every step.</summary>
public sealed record TrainingStatus(long Step, long TotalSteps, int Epoch, int Epochs, double Loss, double Accuracy, double LearningRate);

/// <summary>
/// The outcome of <see cref="NetworkTrainer{T}.Train"/>: the epochs finished (all of them, also those
/// before a resume), the step it started from (0, or where the checkpoint was) and the step it
/// stopped at, which is the total unless the run was stopped early.
/// </summary>
public sealed record TrainingResult(IReadOnlyList<EpochRecord> History, long StartStep, long StopStep, long TotalSteps)
{
    public bool Completed => StopStep == TotalSteps;
}

/// <summary>
/// Checkpointing of a run: the file, how often it is written (every <see cref="EverySteps"/>
/// optimizer steps and at every epoch end), and, for tests and for splitting a run, a step after
/// which training stops as if killed (the checkpoint written first).
/// </summary>
public sealed record CheckpointOptions(string Path, int EverySteps = 100, long? StopAfterStep = null)
{
    public CheckpointOptions Validate()
    {
        if (EverySteps < 1) throw new InvalidInputException($"--checkpoint-every must be at least 1 step, got {EverySteps}");
        if (StopAfterStep is < 1) throw new InvalidInputException($"--stop-after must be at least 1 step, got {StopAfterStep}");
        return this;
    }
}
