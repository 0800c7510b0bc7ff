namespace Xbar.Behavioral.Data;

/// <summary>A training set, a test set, and one line saying where they come from and how they were split (printed beside every accuracy).</summary>
public sealed record DataSplit(LabeledImages Train, LabeledImages Test, string Description)
{
    /// <summary>The first <paramref name="train"/> and <paramref name="test"/> samples of each part (to run faster on a subset).</summary>
    public DataSplit Take(int train, int test) =>
        new(Train.Slice(0, Math.Min(train, Train.Count)), Test.Slice(0, Math.Min(test, Test.Count)),
            $"{Description}; subset: first {Math.Min(train, Train.Count)} train, first {Math.Min(test, Test.Count)} test");
}
