using System.CommandLine;
using Xbar.Behavioral.Config;
using Xbar.Behavioral.Networks.Graph;
using Xbar.Behavioral.Networks.Onnx;
using Xbar.Behavioral.Training;
using Xbar.Validation.Networks;

namespace Xbar.Cli.Tests;

/// <summary>
/// Runs alone (no other test class in parallel): in a full parallel test run the byte comparison failed
/// twice in three runs, never alone or under plain CPU load; our suspicion (not pinned down) is that
/// other classes' concurrent OpenBLAS calls change the threads a product gets, and with them the last bit.
/// </summary>
[CollectionDefinition("run-shard", DisableParallelization = true)]
public sealed class RunShardCollection;

/// <summary>
/// `xbar run --shard I/N`: two shards into one folder give the single run's stored outputs and summary
/// exactly, a deleted chunk is recomputed to the same bytes (resume), and a bad --shard exits 2. The tile
/// has read noise, the one stream drawn while reading, so the chunks' independence from each other is tested too.
/// </summary>
[Collection("run-shard")]
public sealed class RunShardTests
{
    private static int Run(params string[] args) =>
        Program.BuildRoot().Parse(args).Invoke(new InvocationConfiguration { Output = new StringWriter(), Error = new StringWriter() });

    /// <summary>A seeded 784-16-10 MLP as ONNX, and the 4-state MTJ preset with 2 % read noise as a config file.</summary>
    private static (string Model, string Config) Inputs(string dir)
    {
        string model = Path.Combine(dir, "mlp.onnx");
        OnnxExporter.Save(MlpGraph.From(Mlp.CreateRandom([784, 16, 10], Activation.Relu, OutputKind.Softmax, 5)), model);
        var mtj = TilePresets.Get("mtj4");
        string config = Path.Combine(dir, "noisy.json");
        TileConfigJson.Save(mtj with { Device = mtj.Device with { ReadNoiseSigma = 0.02 } }, config);
        return (model, config);
    }

    private static string[] Args(string model, string config, string outDir, params string[] more) =>
        ["run", "--model", model, "--config", config, "--limit", "40", "--range-images", "40", "--batch", "4", "--chunk-images", "8", "--out", outDir, .. more];

    private static Dictionary<string, string> Chunks(string outDir) =>
        Directory.GetFiles(Path.Combine(outDir, "points"), "*.txt").ToDictionary(Path.GetFileName, File.ReadAllText)!;

    [Fact]
    public void When_TwoShardsShareAFolder_Expect_ChunksAndSummaryOfTheSingleRun()
    {
        var dir = Directory.CreateTempSubdirectory("xbar-run-shard-").FullName;
        try
        {
            var (model, config) = Inputs(dir);
            string single = Path.Combine(dir, "single"), sharded = Path.Combine(dir, "sharded");
            Assert.Equal(0, Run(Args(model, config, single)));
            Assert.Equal(0, Run(Args(model, config, sharded, "--shard", "1/2")));
            // Shard 1/2 alone leaves chunks 0, 2, 4 to shard 0/2 and so writes no summary.
            Assert.Equal(["chunk-00001.txt", "chunk-00003.txt"], Chunks(sharded).Keys.Order());
            Assert.False(File.Exists(Path.Combine(sharded, "summary.json")));
            Assert.Equal(0, Run(Args(model, config, sharded, "--shard", "0/2")));

            var (one, two) = (Chunks(single), Chunks(sharded));
            Assert.Equal(one.Keys.Order(), two.Keys.Order());
            foreach (var key in one.Keys)
            {
                var (x, y) = (one[key].Split('\n'), two[key].Split('\n'));
                Assert.True(x[0] == y[0], $"{key}: float outputs differ");
                Assert.True(x[1] == y[1], $"{key}: tile outputs differ");
            }
            var a = ModelRunSummary.Read(Path.Combine(single, "summary.json"));
            var b = ModelRunSummary.Read(Path.Combine(sharded, "summary.json"));
            Assert.True(a.Complete && b.Complete);
            Assert.Equal(40, b.Images);
            Assert.True(a.Nrmse > 0, "the noisy tile should differ from float, or the comparison tests nothing");
            Assert.Equal((a.FloatAcc, a.TileAcc, a.Agreement), (b.FloatAcc, b.TileAcc, b.Agreement));
            Assert.Equal((a.CosineSimilarity, a.MinCosineSimilarity, a.Nrmse), (b.CosineSimilarity, b.MinCosineSimilarity, b.Nrmse));
            Assert.Equal(a.LayerInputMax, b.LayerInputMax);
            Assert.Equal(a.LayerAdcRangeFraction, b.LayerAdcRangeFraction);

            // Resume: a run over a folder recomputes only what is missing, to the same bytes.
            string lost = Path.Combine(single, "points", "chunk-00002.txt");
            string expected = File.ReadAllText(lost);
            File.Delete(lost);
            Assert.Equal(0, Run(Args(model, config, single)));
            Assert.Equal(expected, File.ReadAllText(lost));

            // A folder of other settings is refused rather than mixed.
            Assert.Equal(2, Run(Args(model, config, single, "--seed", "2")));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Theory]
    [InlineData("2/2")]
    [InlineData("1")]
    [InlineData("-1/3")]
    public void When_ShardIsBad_Expect_Exit2(string shard)
    {
        var dir = Directory.CreateTempSubdirectory("xbar-run-shard-").FullName;
        try
        {
            var (model, config) = Inputs(dir);
            Assert.Equal(2, Run(Args(model, config, Path.Combine(dir, "out"), "--shard", shard)));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
