using System.Globalization;

namespace Xbar.Validation.Sweeps;

/// <summary>
/// "--shard I/N": this process runs the sweep points whose index modulo N equals I (0-based), so a
/// Slurm job array (I = SLURM_ARRAY_TASK_ID) or a Kubernetes indexed Job (I = JOB_COMPLETION_INDEX)
/// splits the work deterministically without coordination.
/// </summary>
public sealed record ShardSpec(int Index, int Count)
{
    public static ShardSpec All { get; } = new(0, 1);

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

    public bool Owns(int pointIndex) => pointIndex % Count == Index;
}
