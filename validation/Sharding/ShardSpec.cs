using System.Globalization;

namespace Xbar.Validation.Sharding;

/// <summary>
/// Which share of a sweep of independent points this process runs: the points whose index modulo
/// <see cref="Count"/> equals <see cref="Index"/> (0-based), so job arrays split the work
/// deterministically without talking to each other, and any split merges to the same result.
/// Resolved (<see cref="Resolve"/>) from <c>--shard I/N</c>, else from a Slurm job array
/// (SLURM_ARRAY_TASK_ID, SLURM_ARRAY_TASK_COUNT, with SLURM_ARRAY_TASK_MIN and
/// SLURM_ARRAY_TASK_STEP for arrays not numbered 0, 1, 2, ...), else from a Kubernetes Indexed Job
/// (JOB_COMPLETION_INDEX, with the Job's completions in <see cref="CountVariable"/>, which
/// Kubernetes does not set by itself). See docs/sharding.md.
/// </summary>
public sealed record ShardSpec(int Index, int Count)
{
    /// <summary>The number of shards of a Kubernetes Indexed Job (set it to the Job's <c>completions</c>).</summary>
    public const string CountVariable = "XBAR_SHARD_COUNT";

    public static ShardSpec All { get; } = new(0, 1);

    /// <summary>True when this shard is the whole sweep.</summary>
    public bool IsAll => Count == 1;

    /// <summary>Parses "I/N" (null or blank: the whole sweep).</summary>
    public static ShardSpec Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return All;
        var parts = text.Split('/');
        if (parts.Length != 2
            || !int.TryParse(parts[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out int i)
            || !int.TryParse(parts[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out int n))
            throw new InvalidInputException($"--shard must be I/N (for example 0/4), got '{text}'.");
        if (n < 1 || i < 0 || i >= n)
            throw new InvalidInputException($"--shard {text}: need N >= 1 and 0 <= I < N.");
        return new ShardSpec(i, n);
    }

    /// <summary>
    /// The shard from <paramref name="option"/> (--shard), else from the job-array variables that
    /// <paramref name="environment"/> returns (<see cref="Environment.GetEnvironmentVariable(string)"/>
    /// in the CLI), else the whole sweep.
    /// </summary>
    public static ShardSpec Resolve(string? option, Func<string, string?> environment)
    {
        if (!string.IsNullOrWhiteSpace(option)) return Parse(option);
        if (environment("SLURM_ARRAY_TASK_ID") is { Length: > 0 } task)
        {
            int id = Integer("SLURM_ARRAY_TASK_ID", task);
            int count = Integer("SLURM_ARRAY_TASK_COUNT", environment("SLURM_ARRAY_TASK_COUNT")
                ?? throw new InvalidInputException("SLURM_ARRAY_TASK_ID is set but SLURM_ARRAY_TASK_COUNT is not (submit with sbatch --array)."));
            int min = environment("SLURM_ARRAY_TASK_MIN") is { Length: > 0 } m ? Integer("SLURM_ARRAY_TASK_MIN", m) : 0;
            int step = environment("SLURM_ARRAY_TASK_STEP") is { Length: > 0 } s ? Integer("SLURM_ARRAY_TASK_STEP", s) : 1;
            if (step < 1 || (id - min) % step != 0)
                throw new InvalidInputException($"SLURM_ARRAY_TASK_ID {id} is not on the array's grid (min {min}, step {step}).");
            return Checked((id - min) / step, count, "SLURM_ARRAY_TASK_ID/SLURM_ARRAY_TASK_COUNT");
        }
        if (environment("JOB_COMPLETION_INDEX") is { Length: > 0 } index)
        {
            var count = environment(CountVariable)
                ?? throw new InvalidInputException($"JOB_COMPLETION_INDEX is set but {CountVariable} is not: set it to the Indexed Job's completions (see docs/sharding.md).");
            return Checked(Integer("JOB_COMPLETION_INDEX", index), Integer(CountVariable, count), $"JOB_COMPLETION_INDEX/{CountVariable}");
        }
        return All;
    }

    /// <summary>Whether point <paramref name="pointIndex"/> (in the sweep's fixed order) belongs to this shard.</summary>
    public bool Owns(int pointIndex) => pointIndex % Count == Index;

    /// <summary>The items of <paramref name="points"/> this shard owns, in order.</summary>
    public IEnumerable<T> Select<T>(IEnumerable<T> points) => points.Where((_, i) => Owns(i));

    public override string ToString() => $"{Index}/{Count}";

    private static ShardSpec Checked(int index, int count, string source)
    {
        if (count < 1 || index < 0 || index >= count)
            throw new InvalidInputException($"{source} = {index}/{count}: need a count >= 1 and 0 <= index < count.");
        return new ShardSpec(index, count);
    }

    private static int Integer(string name, string text) =>
        int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out int v)
            ? v : throw new InvalidInputException($"{name}='{text}' is not a whole number.");
}
