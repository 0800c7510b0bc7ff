using Xbar.Behavioral.Config;
using Xbar.Behavioral.Networks.Graph;
using Xbar.Behavioral.Networks.Graph.Operations;
using Xbar.Behavioral.Networks.Onnx;
using Xbar.Behavioral.Data.Speech;
using Xbar.Validation.Studies;
using Xbar.Validation.Studies.S4d;
using Xbar.Validation.Sharding;

namespace Xbar.Validation.Tests.Studies;

/// <summary>
/// Runs alone (no other test class in parallel): the comparisons are bit-exact, and other classes' concurrent OpenBLAS
/// calls could change the threads a product gets and with them the last bit.
/// </summary>
[CollectionDefinition("study-shard", DisableParallelization = true)]
public sealed class StudyShardCollection;

/// <summary>
/// `xbar study resnet18` and `xbar study s4d` in shards: each shard computes only its points, and the merge of the shard
/// folders (<see cref="StudyMerge"/>, what `xbar merge` runs) writes the single run's outputs byte for byte; a merge that
/// lacks a shard is refused as invalid input naming the missing points.
/// </summary>
[Collection("study-shard")]
public sealed class StudyShardTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("xbar-study-shard-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string P(string name) => Path.Combine(_dir, name);

    private static void AssertSameBytes(string expectedDir, string actualDir, IEnumerable<string> names)
    {
        foreach (var name in names)
            Assert.True(File.ReadAllBytes(Path.Combine(expectedDir, name)).AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(actualDir, name))), $"{name} differs");
    }

    /// <summary>Every file under <paramref name="folder"/> of <paramref name="dir"/>, relative to it.</summary>
    private static string[] Files(string dir, string folder) =>
        Directory.GetFiles(Path.Combine(dir, folder), "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(dir, f)).Order().ToArray();

    /// <summary>
    /// A stand-in for ResNet-18 that takes the same 3x224x224 preprocessed images (seeded weights): a 16x16 convolution of stride 16
    /// to 8 channels, ReLU, global average pool and a dense layer to 16 features, so the study's whole pipeline (ONNX Runtime
    /// features, linear probe, sliced tiles) runs in seconds.
    /// </summary>
    private string TinyFeatureModel()
    {
        var rng = new Random(11);
        double[] R(int n, double scale) => Enumerable.Range(0, n).Select(_ => scale * (rng.NextDouble() - 0.5)).ToArray();
        var b = new GraphBuilder("tiny feature extractor");
        var x = b.Input("image", 3, 224, 224);
        var h = b.Add(Elementwise.Relu(), b.Add(new Conv2d(R(8 * 3 * 256, 0.02), 8, 3, new SpatialWindow(16, 16, 16, 16), R(8, 0.1)), x));
        var f = b.Add(new Flatten(), b.Add(new Pool(PoolKind.GlobalAverage), h));
        var graph = b.Output(b.Add(new Dense(R(16 * 8, 1), 16, 8, R(16, 0.1)), f)).Build();
        string path = P("tiny.onnx");
        OnnxExporter.Save(graph, path);
        return path;
    }

    [Fact]
    public void When_ResNet18StudyRunsInThreeShards_Expect_TheMergeToWriteTheSingleRunsReportAndChunksByteForByte()
    {
        var options = new ResNet18StudyOptions
        {
            ModelPath = TinyFeatureModel(), CellBits = [2], NState = true, Test = 8, Train = 40, RangeImages = 4, Chunk = 2, Batch = 2, ArraySize = 32,
            IrDrop = IrDropModel.None, ColumnCorrection = false, Calibrate = false,
        };
        var single = ResNet18Study.Run(options, P("single"));
        Assert.True(single.Complete);
        // The report as the stored chunks give it: a rerun reads every chunk back (no timing of its own, as a merge).
        var reread = ResNet18Study.Run(options, P("single"));
        Assert.All(reread.Configs, c => Assert.Null(c.SecondsPerImage));
        Assert.Equal(single.Configs.Select(c => c.TileAcc), reread.Configs.Select(c => c.TileAcc));

        string[] shards = [P("s0"), P("s1"), P("s2")];
        for (int i = 0; i < shards.Length; i++)
        {
            var part = ResNet18Study.Run(options, shards[i], shard: new ShardSpec(i, shards.Length));
            Assert.False(part.Complete); // 2 configs x 4 chunks: each shard holds 2 or 3 of the 8
            Assert.Equal(8 - (i == 2 ? 2 : 3), part.Missing);
        }
        var refused = Assert.Throws<InvalidInputException>(() => StudyMerge.Merge(shards[..2], P("half")));
        Assert.Contains("2 missing", refused.Message);

        var (summary, files) = StudyMerge.Merge(shards, P("merged"));
        Assert.Contains("ResNet-18", summary);
        AssertSameBytes(P("single"), P("merged"), ["results.csv", "layers.csv", "summary.md", "tiles.png", "accuracy.png", "results.json"]);
        var chunks = Files(P("single"), "features").Where(f => f.Contains("tiles-")).ToArray();
        Assert.Equal(8, chunks.Length);
        Assert.Equal(chunks, Files(P("merged"), "features").Where(f => f.Contains("tiles-")));
        AssertSameBytes(P("single"), P("merged"), chunks);
    }

    /// <summary>
    /// The reduced S4D study of <see cref="S4dStudyTests"/> (its own small spoken-digit set, a few epochs): trained once into a
    /// shared models folder, then run whole and in two shards; minutes on the shared 2-core machine, so Slow.
    /// </summary>
    [Fact]
    [Trait("Category", "Slow")]
    public void When_S4dStudyRunsInTwoShards_Expect_TheMergeToWriteTheSingleRunsOutputsByteForByte()
    {
        var o = new S4dStudyOptions
        {
            Digits = new SpokenDigitsConfig(Repetitions: 2, MaxSpeakers: 12), DigitsCache = P("cache"), ModelsDirectory = P("models"), Fashion = false,
            Hidden = 6, Modes = 6, Epochs = 2, QatEpochs = 1, MaxTrain = 200, MaxTest = 60,
            Bits = [2, 3], SigmasMicroSiemens = [0, 5], NoiseSeeds = [1, 2], DriftSequences = 4, CalibrationSamples = 8, CrossbarTestLimit = 40,
        };
        S4dStudy.Train(o, P("train"), _ => { });
        var single = S4dStudy.Run(o, P("single"), _ => { });
        Assert.True(single.Complete);
        var s0 = S4dStudy.Run(o, P("s0"), _ => { }, new ShardSpec(0, 2));
        Assert.False(s0.Complete);
        Assert.False(File.Exists(P("s0/summary.md")));
        S4dStudy.Run(o, P("s1"), _ => { }, new ShardSpec(1, 2));

        Assert.Contains("missing", Assert.Throws<InvalidInputException>(() => StudyMerge.Merge([P("s1")], P("half"))).Message);
        StudyMerge.Merge([P("s0"), P("s1")], P("merged"));
        AssertSameBytes(P("single"), P("merged"), ["accuracy.csv", "noise.csv", "drift.csv", "noise.png", "drift.png", "summary.md"]);
        var points = Files(P("single"), "points");
        Assert.Equal(points, Files(P("merged"), "points"));
        Assert.Equal(points.Length, Files(P("s0"), "points").Length + Files(P("s1"), "points").Length);
    }
}
