using Xbar.Behavioral.Data;

namespace Xbar.Behavioral.Tests.Data;

/// <summary>Reads the shipped mnist10k (validation/data), located from the repository root.</summary>
public sealed class ShippedMnistTests
{
    /// <summary>Found from this source file's location (tests may build into an artifacts folder outside the tree).</summary>
    public static string ShippedDirectory([System.Runtime.CompilerServices.CallerFilePath] string sourceFile = "")
    {
        var dir = new DirectoryInfo(Path.GetDirectoryName(sourceFile)!);
        while (dir != null && !Directory.Exists(Path.Combine(dir.FullName, "validation", "data", "mnist10k")))
            dir = dir.Parent;
        if (dir == null) throw new DirectoryNotFoundException("validation/data/mnist10k not found above the test source folder");
        return Path.Combine(dir.FullName, "validation", "data", "mnist10k");
    }

    private static readonly Lazy<DataSplit> Cached = new(() => DatasetLoader.Load(ShippedDirectory()));

    /// <summary>The shipped set, loaded once per test run (tests only read it).</summary>
    public static DataSplit Load() => Cached.Value;

    [Fact]
    public void When_ShippedMnistLoaded_Expect_8000Train2000TestWithPublishedClassCounts()
    {
        var split = Load();
        Assert.Equal(8000, split.Train.Count);
        Assert.Equal(2000, split.Test.Count);
        Assert.Equal(784, split.Train.FeatureCount);
        // Class counts of the whole set from the data README (digits 0-9).
        int[] expected = [1001, 1127, 991, 1032, 980, 863, 1014, 1070, 944, 978];
        var counts = new int[10];
        foreach (var l in split.Train.Labels.Concat(split.Test.Labels)) counts[l]++;
        Assert.Equal(expected, counts);
        Assert.InRange(split.Train.Features.Max(), 0.99, 1.0);
        Assert.Equal(0.0, split.Train.Features.Min());
    }
}
