namespace Xbar.Cli.Tests;

/// <summary>
/// `xbar study hwa --shard I/N` at a tiny size, smaller than <see cref="HwaStudyCommandTests"/>'s (a width-4 ResNet-8, 128 training
/// and 48 test images, one epoch, 32x32 MTJ tiles): the models are trained once with --train-only into a shared
/// --models folder, a single run and two shards in their own folders read from it, and `xbar merge` of the shards writes
/// every output of the single run byte for byte; a merge of one shard is refused with exit 2. Runs alone (the
/// "run-shard" collection): the comparison is bit-exact and other tests' OpenBLAS threads could change the last bit.
/// </summary>
[Collection("run-shard")]
public sealed class HwaShardTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("xbar-hwa-shard-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string P(string name) => Path.Combine(_dir, name);

    private string[] Tiny(string output, params string[] more) =>
    [
        "study", "hwa", "--out", output, "--models", P("models"), "--width", "4", "--epochs", "1", "--finetune-epochs", "1", "--train-limit", "128",
        "--test-limit", "48", "--seeds", "1,2", "--times", "3600", "--mtj-sizes", "32", "--range-images", "32", .. more,
    ];

    private static readonly string[] Outputs = ["hwa.csv", "hwa-summary.csv", "hwa.md", "hwa-pcm.png", "hwa-mtj.png"];

    [Fact]
    public void When_TwoShardsAreMerged_Expect_EveryOutputOfTheSingleRunByteForByte_AndOneShardAloneRefused()
    {
        Check(CliRun.Invoke(Tiny(P("train"), "--train-only")));
        Assert.False(File.Exists(P("train/hwa.md"))); // trained, read nothing
        Check(CliRun.Invoke(Tiny(P("single"))));
        Check(CliRun.Invoke(Tiny(P("s0"), "--shard", "0/2")));
        Assert.False(File.Exists(P("s0/hwa.md"))); // half the reads: no report
        Check(CliRun.Invoke(Tiny(P("s1"), "--shard", "1/2")));

        var (exit, err) = CliRun.Invoke("merge", P("s0"), "--out", P("half"));
        Assert.Equal(2, exit);
        Assert.Contains("missing", err);

        Check(CliRun.Invoke("merge", P("s0"), P("s1"), "--out", P("merged")));
        foreach (var name in Outputs)
            Assert.True(File.ReadAllBytes(P("single/" + name)).AsSpan().SequenceEqual(File.ReadAllBytes(P("merged/" + name))), $"{name} differs");
        var points = Directory.GetFiles(P("single/points")).Select(Path.GetFileName).Order().ToArray();
        Assert.Equal(points, Directory.GetFiles(P("merged/points")).Select(Path.GetFileName).Order().ToArray());
        // Every read split between the shards: none computed twice, none left out.
        Assert.Equal(points.Length, Directory.GetFiles(P("s0/points")).Length + Directory.GetFiles(P("s1/points")).Length);
    }

    private static void Check((int Exit, string Err) run) => Assert.True(run.Exit == 0, run.Err);
}
