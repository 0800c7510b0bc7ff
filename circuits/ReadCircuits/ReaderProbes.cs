namespace Xbar.Circuits.ReadCircuits;

/// <summary>
/// Where one reader instance's results live in the transient vectors: its comparator outputs (low
/// to high reference), the logic threshold that turns them into bits, and the instantaneous total
/// power delivered by every source of the instance (W) at a time index.
/// </summary>
public sealed record ReaderProbes(
    IReadOnlyList<string> ComparatorOutputs,
    double LogicThreshold,
    Func<TransientResult, int, double> Power);
