using Xbar.Behavioral.Data;
using Xbar.Behavioral.Training.Models;

namespace Xbar.Cli.Tests;

/// <summary>
/// `xbar train fashion-cnn` in process on a small synthetic IDX set (8x8 images, a bright square whose
/// corner is the class): a run writes the model and history, a stopped run resumes to the same model
/// file byte for byte, and bad input exits 2 with one message and writes nothing.
/// </summary>
public sealed class TrainCnnCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("xbar-train-cnn-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string P(string name) => Path.Combine(_dir, name);

    private static (int Exit, string Err) Run(params string[] args) => CliRun.Invoke(args);

    /// <summary>Writes train-/t10k- IDX files of <paramref name="size"/> x <paramref name="size"/> images into a new folder.</summary>
    private string Dataset(string name, int size, int train = 64, int test = 32)
    {
        var dir = Directory.CreateDirectory(P(name)).FullName;
        var rng = new Random(1);
        void Write(string prefix, int count)
        {
            var pixels = new byte[count * size * size];
            var labels = new byte[count];
            for (int s = 0; s < count; s++)
            {
                int label = labels[s] = (byte)(s % 4);
                int r0 = label / 2 * (size / 2), c0 = label % 2 * (size / 2);
                for (int r = 0; r < size / 2; r++)
                    for (int c = 0; c < size / 2; c++) pixels[s * size * size + (r0 + r) * size + c0 + c] = (byte)(150 + rng.Next(100));
            }
            IdxFile.WriteImages(Path.Combine(dir, $"{prefix}-images-idx3-ubyte.gz"), new IdxImages(count, size, size, pixels), gzip: true);
            IdxFile.WriteLabels(Path.Combine(dir, $"{prefix}-labels-idx1-ubyte.gz"), labels, gzip: true);
        }
        Write("train", train);
        Write("t10k", test);
        return dir;
    }

    /// <summary>A two-epoch run of a width-2 ResNet-8; <paramref name="changes"/> (option, value pairs) replace or add options.</summary>
    private static string[] Tiny(string data, string output, params string[] changes)
    {
        var options = new Dictionary<string, string>
        {
            ["--data"] = data, ["--out"] = output, ["--width"] = "2", ["--epochs"] = "2", ["--batch"] = "16", ["--lr"] = "0.05", ["--checkpoint-every"] = "2",
        };
        for (int i = 0; i + 1 < changes.Length; i += 2) options[changes[i]] = changes[i + 1];
        return ["train", "fashion-cnn", .. options.SelectMany(kv => new[] { kv.Key, kv.Value })];
    }

    [Fact]
    public void When_TinyRunCompletes_Expect_ModelAndHistory_AndTheModelEvaluates()
    {
        var data = Dataset("d8", 8);
        var (exit, err) = Run(Tiny(data, P("run")));
        Assert.True(exit == 0, err);
        var model = NetworkFile.Load<float>(Path.Combine(P("run"), "model.json"));
        Assert.Equal(new Xbar.Behavioral.Training.Layers.SampleShape(1, 8, 8), model.InputShape);
        var history = File.ReadAllLines(Path.Combine(P("run"), "history.csv"));
        Assert.Equal("epoch,loss,train_accuracy,test_accuracy,seconds", history[0]);
        Assert.Equal(3, history.Length);
        (exit, err) = Run("train", "fashion-cnn", "--model", Path.Combine(P("run"), "model.json"), "--data", data);
        Assert.True(exit == 0, err);
    }

    [Fact]
    public void When_StoppedAfterThreeStepsAndRunAgain_Expect_TheSameModelFileAsAnUninterruptedRun()
    {
        var data = Dataset("d8", 8);
        Assert.Equal(0, Run(Tiny(data, P("straight"))).Exit);
        Assert.Equal(0, Run(Tiny(data, P("split"), "--stop-after", "3")).Exit);
        Assert.False(File.Exists(Path.Combine(P("split"), "model.json")));
        Assert.True(File.Exists(Path.Combine(P("split"), "checkpoint.bin")));
        Assert.Equal(0, Run(Tiny(data, P("split"))).Exit);
        Assert.Equal(File.ReadAllBytes(Path.Combine(P("straight"), "model.json")), File.ReadAllBytes(Path.Combine(P("split"), "model.json")));
    }

    [Fact]
    public void When_RunWithOnnx_Expect_AnOnnxModelWhosePredictionsAreTheModels_AlsoFromModelMode()
    {
        var data = Dataset("d8", 8);
        var onnx = P("export/net.onnx");
        var (exit, err) = Run(Tiny(data, P("run"), "--qat-levels", "4", "--onnx", onnx));
        Assert.True(exit == 0, err);
        var model = NetworkFile.Load<float>(Path.Combine(P("run"), "model.json"));
        var graph = Xbar.Behavioral.Networks.Onnx.OnnxImporter.Load(onnx);
        Assert.Equal(model.WeightLayers.Select(l => l.Name), graph.WeightNodes.Select(n => n.Name));
        Assert.All(graph.WeightNodes, n => Assert.NotNull(((Xbar.Behavioral.Networks.Graph.IWeightOperation)n.Op).Levels));
        var test = DatasetLoader.Load(data).Test;
        var logits = new Xbar.Behavioral.Networks.Graph.GraphExecutor(graph, Xbar.Behavioral.Networks.Graph.FloatBackend.Instance).RunAll(test.Features, test.Count, 8);
        var own = model.Forward(test.Features.Select(v => (float)v).ToArray(), test.Count, Xbar.Behavioral.Training.Layers.LayerContext.Inference);
        for (int i = 0; i < own.Length; i++) Assert.True(Math.Abs(own[i] - logits[i]) <= 1e-4 * (1 + Math.Abs(own[i])), $"logit {i}: {own[i]} vs ONNX {logits[i]}");

        var again = P("again.onnx");
        (exit, err) = Run("train", "fashion-cnn", "--model", Path.Combine(P("run"), "model.json"), "--data", data, "--onnx", again);
        Assert.True(exit == 0, err);
        Assert.Equal(File.ReadAllBytes(onnx), File.ReadAllBytes(again));
    }

    [Fact]
    public void When_OnnxPathIsAFolder_Expect_Exit2_NothingWritten()
    {
        var data = Dataset("d8", 8);
        var (exit, err) = Run(Tiny(data, P("out"), "--onnx", _dir));
        Assert.Equal(2, exit);
        Assert.Contains("is a folder", err);
        Assert.False(Directory.Exists(P("out")));
    }

    [Theory]
    [InlineData("--lr", "-1", "--lr")]
    [InlineData("--lr", "50", "--lr")]
    [InlineData("--noise", "2", "weight noise")]
    [InlineData("--output-noise", "-0.1", "output noise")]
    [InlineData("--qat-levels", "1", "QAT levels")]
    [InlineData("--qat-range", "0.5", "--qat-range needs --qat-levels")]
    [InlineData("--epochs", "0", "--epochs")]
    [InlineData("--optimizer", "lbfgs", "--optimizer lbfgs")]
    public void When_OptionOutOfRange_Expect_Exit2_OneMessage_NothingWritten(string option, string value, string expected)
    {
        var data = Dataset("d8", 8);
        var (exit, err) = Run(Tiny(data, P("out"), option, value));
        Assert.Equal(2, exit);
        Assert.Contains(expected, err);
        Assert.Single(err.Trim().Split('\n'));
        Assert.False(Directory.Exists(P("out")));
    }

    [Fact]
    public void When_DatasetFolderLacksTheFiles_Expect_Exit2_NothingWritten()
    {
        var empty = Directory.CreateDirectory(P("empty")).FullName;
        File.WriteAllText(Path.Combine(empty, "notes.txt"), "no images here");
        var (exit, err) = Run(Tiny(empty, P("out")));
        Assert.Equal(2, exit);
        Assert.Contains("no IDX dataset", err);
        Assert.DoesNotContain("   at ", err);
        Assert.False(Directory.Exists(P("out")));
    }

    [Fact]
    public void When_ModelShapesDoNotMatchTheData_Expect_Exit2NamingBoth_NothingWritten()
    {
        var eight = Dataset("d8", 8);
        var six = Dataset("d6", 6);
        Assert.Equal(0, Run(Tiny(eight, P("run"))).Exit);
        var model = Path.Combine(P("run"), "model.json");
        var (exit, err) = Run("train", "fashion-cnn", "--model", model, "--data", six);
        Assert.Equal(2, exit);
        Assert.Contains($"{model}: the network takes 1x8x8 inputs but the test set has 6x6 images", err);
        (exit, err) = Run(Tiny(six, P("finetune"), "--init", model));
        Assert.Equal(2, exit);
        Assert.Contains("takes 1x8x8 inputs but the training set has 6x6 images", err);
        Assert.False(Directory.Exists(P("finetune")));
    }
}
