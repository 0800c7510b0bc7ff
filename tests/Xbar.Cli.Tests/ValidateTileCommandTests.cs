namespace Xbar.Cli.Tests;

/// <summary>
/// `xbar validate tile --shard I/N` in process at a tiny grid (8 and 16, 1 Ohm, one seed): two shards
/// joined by `xbar merge` give the single run's CSV (every column but the measured timings), a
/// rerun over the merged folder recomputes nothing and rewrites the CSV byte for byte, and a bad
/// shard exits 2 before anything is computed.
/// </summary>
public sealed class ValidateTileCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("xbar-vtc-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string P(string name) => Path.Combine(_dir, name);

    private static string[] Tiny(string output, params string[] more) =>
        ["validate", "tile", "--quick", "--sizes", "8,16", "--wire-r", "1", "--seeds", "1", "--out", output, .. more];

    private static string[] Untimed(string csv) => File.ReadAllLines(csv).Select(l => string.Join(",", l.Split(',')[..11])).ToArray();

    [Fact]
    public void When_TwoShardsMerged_Expect_SingleRunsCsvAndRerunRewritesItByteForByte()
    {
        Assert.Equal(0, CliRun.Invoke(Tiny(P("s0"), "--shard", "0/2")).Exit);
        Assert.False(File.Exists(Path.Combine(P("s0"), "validate-tile.csv")));
        Assert.Equal(0, CliRun.Invoke(Tiny(P("s1"), "--shard", "1/2")).Exit);
        Assert.Equal(0, CliRun.Invoke("merge", P("s0"), P("s1"), "--out", P("m")).Exit);
        Assert.Equal(0, CliRun.Invoke(Tiny(P("single"))).Exit);
        string merged = Path.Combine(P("m"), "validate-tile.csv");
        Assert.Equal(Untimed(Path.Combine(P("single"), "validate-tile.csv")), Untimed(merged));

        var before = File.ReadAllBytes(merged);
        var points = Directory.GetFiles(Path.Combine(P("m"), "points"));
        var written = points.Select(File.GetLastWriteTimeUtc).ToArray();
        Assert.Equal(0, CliRun.Invoke(Tiny(P("m"))).Exit);
        Assert.Equal(written, points.Select(File.GetLastWriteTimeUtc).ToArray());
        Assert.Equal(before, File.ReadAllBytes(merged));
    }

    [Theory]
    [InlineData("3/2")]
    [InlineData("x")]
    public void When_ShardIsBad_Expect_Exit2(string shard)
    {
        var (exit, err) = CliRun.Invoke(Tiny(P("bad"), "--shard", shard));
        Assert.Equal(2, exit);
        Assert.Contains("--shard", err);
        Assert.False(Directory.Exists(Path.Combine(P("bad"), "points")));
    }
}
