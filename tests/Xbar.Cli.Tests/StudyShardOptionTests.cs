namespace Xbar.Cli.Tests;

/// <summary>`xbar study hwa|s4d|resnet18 --shard`: a shard outside 0..N-1 exits 2 with one message naming --shard, before anything is computed or written.</summary>
public sealed class StudyShardOptionTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("xbar-study-shard-option-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Theory]
    [InlineData("hwa")]
    [InlineData("s4d")]
    [InlineData("resnet18")]
    public void When_ShardIndexIsNotBelowTheCount_Expect_Exit2NamingShard_NothingWritten(string study)
    {
        string output = Path.Combine(_dir, study);
        var (exit, err) = CliRun.Invoke("study", study, "--shard", "2/2", "--out", output);
        Assert.Equal(2, exit);
        Assert.Contains("--shard", err);
        Assert.Single(err.Trim().Split('\n'));
        Assert.False(Directory.Exists(output));
    }
}
