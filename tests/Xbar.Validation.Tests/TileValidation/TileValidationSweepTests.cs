using Xbar.Behavioral.Calibration;
using Xbar.Behavioral.Config;
using Xbar.Validation.Sharding;
using Xbar.Validation.Studies;
using Xbar.Validation.TileValidation;

namespace Xbar.Validation.Tests.TileValidation;

/// <summary>
/// `validate tile` as a sharded sweep at tiny sizes (8 and 16, one seed, linear cells): the points of
/// one run, split between two shard folders by the shard rule and merged, give the run's CSV,
/// Markdown and PNG byte for byte (the assembly does not depend on where a point was computed);
/// two real shards merged give the single run's numbers (every column but the timings, which are
/// measurements of each run). Runs alone, as the other bit-exact shard comparisons do: OpenBLAS's thread count is
/// process-wide, and a product's last bit can depend on it (a clean-clone run once saw the calibrated linear rows differ
/// in the third digit while tile reads elsewhere switched OpenBLAS to one thread, a switch since removed).
/// </summary>
[Collection("study-shard")]
public sealed class TileValidationSweepTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("xbar-vts-").FullName;
    private static readonly TileValidationOptions Tiny = TileValidationOptions.Quick with { Sizes = [8, 16], WireResistances = [1.0, 2.5], Seeds = 1 };

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string P(string name) => Path.Combine(_dir, name);

    /// <summary>The CSV without its three timing columns (us_per_mvm, us_per_mvm_batch, program_ms).</summary>
    private static string[] Untimed(string dir) =>
        File.ReadAllLines(Path.Combine(dir, TileValidationSweep.CsvFile)).Select(l => string.Join(",", l.Split(',')[..11])).ToArray();

    [Fact]
    public void When_OneRunsPointsSplitIntoTwoShardFoldersAndMerged_Expect_ByteIdenticalOutputs()
    {
        var config = TilePresets.Linear();
        var single = TileValidationSweep.Run(config, Tiny, null, P("single"));
        Assert.True(single.Complete);
        var store = new PointStore(P("single"));
        var points = TileValidationSweep.Points(Tiny);
        for (int s = 0; s < 2; s++)
        {
            var shard = new PointStore(P($"s{s}"));
            shard.Prepare(store.Settings()!);
            foreach (var p in new ShardSpec(s, 2).Select(points))
                shard.Save(TileValidationSweep.Key(p), store.Load(TileValidationSweep.Key(p))!);
        }
        StudyMerge.Merge([P("s0"), P("s1")], P("merged"));
        foreach (var file in new[] { TileValidationSweep.CsvFile, TileValidationSweep.MarkdownFile, TileValidationSweep.PngFile })
            Assert.Equal(File.ReadAllBytes(Path.Combine(P("single"), file)), File.ReadAllBytes(Path.Combine(P("merged"), file)));
    }

    [Fact]
    public void When_TwoShardsRunAndMerged_Expect_SingleRunsNumbersAndIncompleteShardWritesNothing()
    {
        var config = TilePresets.Linear();
        var first = TileValidationSweep.Run(config, Tiny, null, P("s0"), new ShardSpec(0, 2));
        Assert.False(first.Complete);
        Assert.False(File.Exists(Path.Combine(P("s0"), TileValidationSweep.CsvFile)));
        TileValidationSweep.Run(config, Tiny, null, P("s1"), new ShardSpec(1, 2));
        StudyMerge.Merge([P("s0"), P("s1")], P("merged"));
        TileValidationSweep.Run(config, Tiny, null, P("single"));
        Assert.Equal(Untimed(P("single")), Untimed(P("merged")));
        Assert.Equal(1 + 2 * 2 * (1 + TileValidator.Models.Length * (StructuredProblems.Weights.Count * StructuredProblems.Inputs.Count + 1)), Untimed(P("merged")).Length);
    }
}
