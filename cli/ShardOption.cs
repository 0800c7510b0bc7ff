using System.CommandLine;
using Xbar.Validation.Sharding;

namespace Xbar.Cli;

/// <summary>
/// The `--shard I/N` option every sweep of independent points takes, with the job-array variables
/// it falls back to (Slurm's SLURM_ARRAY_TASK_ID/SLURM_ARRAY_TASK_COUNT, Kubernetes'
/// JOB_COMPLETION_INDEX with XBAR_SHARD_COUNT); see <see cref="ShardSpec.Resolve"/> and docs/sharding.md.
/// A new sweep command adds <c>ShardOption.Create()</c> to its options and passes
/// <c>ShardOption.Resolve(parse, option)</c> to <see cref="ShardedSweep.Run"/>.
/// </summary>
public static class ShardOption
{
    public static Option<string?> Create() => new("--shard")
    {
        Description = "Run only points i with i mod N == I (I/N, 0-based), for job arrays; without it, read from " +
                      $"SLURM_ARRAY_TASK_ID/SLURM_ARRAY_TASK_COUNT or JOB_COMPLETION_INDEX/{ShardSpec.CountVariable} when set. Join shard folders with `xbar merge`.",
    };

    public static ShardSpec Resolve(ParseResult parse, Option<string?> option) =>
        ShardSpec.Resolve(parse.GetValue(option), Environment.GetEnvironmentVariable);
}
