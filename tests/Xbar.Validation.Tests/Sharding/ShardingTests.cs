using Xbar.Validation.ReadCircuits;
using Xbar.Validation.Sharding;
using Xbar.Validation.Studies;

namespace Xbar.Validation.Tests.Sharding;

/// <summary>The shard helper reads --shard, Slurm and Kubernetes variables; studies split into shards and merge to a single run's bytes.</summary>
public sealed class ShardingTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("xbar-shard-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static Func<string, string?> Env(params (string Name, string Value)[] vars) =>
        name => vars.FirstOrDefault(v => v.Name == name).Value;

    [Fact]
    public void When_OptionAndVariablesGiven_Expect_OptionWins() =>
        Assert.Equal(new ShardSpec(2, 5), ShardSpec.Resolve("2/5", Env(("SLURM_ARRAY_TASK_ID", "0"), ("SLURM_ARRAY_TASK_COUNT", "3"))));

    [Theory]
    [InlineData("3", "8", null, null, 3, 8)]
    [InlineData("5", "4", "4", null, 1, 4)]     // --array=4-7
    [InlineData("8", "4", "0", "4", 2, 4)]      // --array=0-12:4
    public void When_SlurmArrayVariablesSet_Expect_IndexFromTaskIdMinAndStep(string id, string count, string? min, string? step, int index, int n)
    {
        var vars = new List<(string, string)> { ("SLURM_ARRAY_TASK_ID", id), ("SLURM_ARRAY_TASK_COUNT", count) };
        if (min is not null) vars.Add(("SLURM_ARRAY_TASK_MIN", min));
        if (step is not null) vars.Add(("SLURM_ARRAY_TASK_STEP", step));
        Assert.Equal(new ShardSpec(index, n), ShardSpec.Resolve(null, Env([.. vars])));
    }

    [Fact]
    public void When_KubernetesIndexedJob_Expect_IndexAndCountFromVariables() =>
        Assert.Equal(new ShardSpec(4, 6), ShardSpec.Resolve(null, Env(("JOB_COMPLETION_INDEX", "4"), (ShardSpec.CountVariable, "6"))));

    [Theory]
    [InlineData("JOB_COMPLETION_INDEX", "1", null, null, "XBAR_SHARD_COUNT")]
    [InlineData("SLURM_ARRAY_TASK_ID", "1", null, null, "SLURM_ARRAY_TASK_COUNT")]
    [InlineData("SLURM_ARRAY_TASK_ID", "7", "SLURM_ARRAY_TASK_COUNT", "4", "7/4")]
    [InlineData("JOB_COMPLETION_INDEX", "x", "XBAR_SHARD_COUNT", "2", "not a whole number")]
    public void When_VariablesIncompleteOrOutOfRange_Expect_InvalidInputSayingWhich(string name, string value, string? name2, string? value2, string fragment)
    {
        var vars = new List<(string, string)> { (name, value) };
        if (name2 is not null) vars.Add((name2, value2!));
        var e = Assert.Throws<InvalidInputException>(() => ShardSpec.Resolve(null, Env([.. vars])));
        Assert.Contains(fragment, e.Message);
    }

    [Fact]
    public void When_NoOptionNoVariables_Expect_WholeSweep() => Assert.True(ShardSpec.Resolve(null, Env()).IsAll);

    private static readonly NStatesOptions Tiny = new() { Draws = 3, Products = 10, SigmaPerp = [0, 100], MaxStates = 6 };

    [Fact]
    public void When_NStatesRunInThreeShardsAndMerged_Expect_SameBytesAsOneRun()
    {
        var single = NStatesStudy.Run(Tiny, Path.Combine(_dir, "single"));
        Assert.True(single.Complete);
        var shards = Enumerable.Range(0, 3).Select(i => Path.Combine(_dir, $"s{i}")).ToArray();
        for (int i = 0; i < 3; i++)
        {
            var part = NStatesStudy.Run(Tiny, shards[i], shard: new ShardSpec(i, 3));
            Assert.False(part.Complete);
            Assert.Empty(part.Files);
        }
        var (_, files) = StudyMerge.Merge(shards, Path.Combine(_dir, "merged"));
        Assert.Equal(single.Files.Select(Path.GetFileName), files.Select(Path.GetFileName));
        foreach (var f in single.Files)
            Assert.Equal(File.ReadAllBytes(f), File.ReadAllBytes(Path.Combine(_dir, "merged", Path.GetFileName(f))));
    }

    [Fact]
    public void When_MergeLacksAShard_Expect_InvalidInputCountingTheMissingPoints()
    {
        var shards = Enumerable.Range(0, 2).Select(i => Path.Combine(_dir, $"p{i}")).ToArray();
        for (int i = 0; i < 2; i++) NStatesStudy.Run(Tiny, shards[i], shard: new ShardSpec(i, 3));
        var e = Assert.Throws<InvalidInputException>(() => StudyMerge.Merge(shards, Path.Combine(_dir, "m")));
        Assert.Contains("8 of 12 points are in the folder, 4 missing", e.Message);
    }

    [Fact]
    public void When_ShardsOfDifferentSettingsMerged_Expect_InvalidInput()
    {
        NStatesStudy.Run(Tiny, Path.Combine(_dir, "a"), shard: new ShardSpec(0, 2));
        NStatesStudy.Run(Tiny with { Seed = 9 }, Path.Combine(_dir, "b"), shard: new ShardSpec(1, 2));
        var e = Assert.Throws<InvalidInputException>(() => StudyMerge.Merge([Path.Combine(_dir, "a"), Path.Combine(_dir, "b")], Path.Combine(_dir, "m")));
        Assert.Contains("settings differ", e.Message);
    }

    [Fact]
    public void When_PointFileEmptyOrCut_Expect_NotDoneAndRecomputed()
    {
        var dir = Path.Combine(_dir, "resume");
        var first = NStatesStudy.Run(Tiny, dir);
        var csv = File.ReadAllBytes(first.Files[0]);
        var points = Directory.GetFiles(Path.Combine(dir, PointStore.PointsFolder));
        File.WriteAllText(points[0], "");                                    // a full disk
        File.WriteAllText(points[1], File.ReadAllText(points[1]).TrimEnd('\n')); // a cut write
        var store = new PointStore(dir);
        Assert.False(store.IsDone(Path.GetFileNameWithoutExtension(points[0])));
        Assert.False(store.IsDone(Path.GetFileNameWithoutExtension(points[1])));
        var again = NStatesStudy.Run(Tiny, dir);
        Assert.Equal(csv, File.ReadAllBytes(again.Files[0]));
    }

    [Fact]
    public void When_ReadSweepPointFileEmpty_Expect_NotDone()
    {
        var spec = new ReadSweepSpec([1.0], [4], 2, 0, 1);
        var store = new ReadSweepStore(Path.Combine(_dir, "adc"));
        store.Prepare(ReadSweepStore.RunSettings.Of(spec));
        var point = spec.Points()[0];
        File.WriteAllText(Path.Combine(store.PointsDirectory, ReadSweepStore.PointFileName(point.Tmr0, point.States, point.Bits)), "");
        Assert.False(store.IsDone(point));
    }
}
