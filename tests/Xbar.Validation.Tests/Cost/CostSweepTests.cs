using Xbar.Circuits.Cost;
using Xbar.Validation.Cost;
using Xbar.Validation.Sharding;

namespace Xbar.Validation.Tests.Cost;

/// <summary>The cost sweep: resumable, shardable, merged shards equal one run, and the fit reads what it wrote.</summary>
public sealed class CostSweepTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("xbar-cost-sweep-test-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static CostSweepSpec Spec(TileCostConfig? @base = null) => new(@base ?? new TileCostConfig(), ["pcm", "mtj1"], ["amplitude"],
        [(4, 4), (6, 4)], [InputStatistics.Dense, InputStatistics.FullScale], 1, [2, 4], "nodal");

    private string Run(string name, ShardSpec shard)
    {
        string dir = Path.Combine(_dir, name);
        new CostSweepRunner(2).Run(Spec(), shard, new CostSweepStore(dir));
        return dir;
    }

    /// <summary>summary.csv without the wall-time column, which differs between runs.</summary>
    private static string[] Summary(string dir) =>
        File.ReadAllLines(Path.Combine(dir, CostSweepStore.SummaryFile)).Select(l => l[..l.LastIndexOf(',')]).ToArray();

    [Fact]
    public void When_ShardsMerged_Expect_TheSingleRunsSummary()
    {
        var single = Run("single", ShardSpec.All);
        var a = Run("s0", new ShardSpec(0, 2));
        var b = Run("s1", new ShardSpec(1, 2));
        CostSweepMerge.Merge([a, b], Path.Combine(_dir, "merged"));
        Assert.Equal(Summary(single), Summary(Path.Combine(_dir, "merged")));
        // 2 cells x 2 sizes x 2 inputs x 1 seed, each at 2 resolutions x 2 ADC kinds.
        Assert.Equal(1 + 8 * 4, Summary(single).Length);
    }

    [Fact]
    public void When_RunAgain_Expect_NothingPending()
    {
        var dir = Run("again", ShardSpec.All);
        Assert.Empty(CostSweepRunner.Pending(Spec(), ShardSpec.All, new CostSweepStore(dir)));
    }

    [Fact]
    public void When_APointIsLostOrCutShort_Expect_OnlyThoseTwoPendingAndTheSummaryRebuiltWhole()
    {
        var dir = Run("killed", ShardSpec.All);
        var store = new CostSweepStore(dir);
        var points = Directory.GetFiles(Path.Combine(dir, PointStore.PointsFolder), "*.txt").Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(8, points.Length);
        File.Delete(points[0]);
        File.WriteAllText(points[1], File.ReadAllText(points[1]).TrimEnd('\n'));
        Assert.Equal(2, CostSweepRunner.Pending(Spec(), ShardSpec.All, store).Count);
        var before = Summary(dir);
        new CostSweepRunner(1).Run(Spec(), ShardSpec.All, store);
        Assert.Empty(CostSweepRunner.Pending(Spec(), ShardSpec.All, store));
        Assert.Equal(before, Summary(dir));
    }

    [Fact]
    public void When_FolderHoldsAnotherBaseConfig_Expect_InvalidInput()
    {
        var dir = Run("other", ShardSpec.All);
        var other = Spec(new TileCostConfig(Array: new ArrayCostConfig(DriverROhm: 20)));
        Assert.Throws<InvalidInputException>(() => new CostSweepRunner(1).Run(other, ShardSpec.All, new CostSweepStore(dir)));
    }

    [Fact]
    public void When_NgspiceAskedForLargeArrays_Expect_InvalidInputBeforeAnySimulation()
    {
        var e = Assert.Throws<InvalidInputException>(() => new CostSweepSpec(new TileCostConfig(), ["pcm"], ["amplitude"],
            [(128, 128)], [InputStatistics.Dense], 1, [8], "ngspice"));
        Assert.Contains("--engine nodal", e.Message);
    }

    [Fact]
    public void When_SweepFitted_Expect_ModelFileAndResidualPerCellAndSize()
    {
        var dir = Run("fit", ShardSpec.All);
        string model = Path.Combine(dir, "cost-model.json");
        var (fitted, residuals) = CostFitReport.Run(dir, model);
        Assert.True(File.Exists(model));
        Assert.Equal(2, fitted.Groups.Count);
        Assert.Equal(4, residuals.Count);
        Assert.All(residuals, r => Assert.True(double.IsFinite(r.EnergyWorst) && double.IsFinite(r.LatencyWorst)));
        Assert.Equal(5, File.ReadAllLines(Path.Combine(dir, "fit_residual.csv")).Length);
    }
}
