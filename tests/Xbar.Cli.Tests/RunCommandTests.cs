using System.CommandLine;
using Google.Protobuf;
using Onnx;
using Xbar.Behavioral.Networks.Graph;
using Xbar.Behavioral.Networks.Graph.Operations;
using Xbar.Behavioral.Networks.Onnx;
using Xbar.Validation.Networks;

namespace Xbar.Cli.Tests;

/// <summary>`xbar run` in process: a small convolutional ONNX model on the shipped MNIST images, and bad models or data exiting 2.</summary>
public sealed class RunCommandTests
{
    private static (int Exit, string Err) Run(params string[] args)
    {
        var error = new StringWriter();
        var exit = Program.BuildRoot().Parse(args).Invoke(new InvocationConfiguration { Output = new StringWriter(), Error = error });
        return (exit, error.ToString());
    }

    private static string TempDir()
    {
        var dir = Path.Combine(Path.GetTempPath(), $"xbar-run-test-{Guid.NewGuid():N}");
        Directory.CreateDirectory(dir);
        return dir;
    }

    /// <summary>Conv 1 -> 4 channels (5x5, stride 3), ReLU, global average pool, flatten, dense to 10 classes; seeded weights.</summary>
    private static string SmallConvModel(string dir, int channels = 1, int side = 28)
    {
        var rng = new Random(3);
        double[] R(int n) => Enumerable.Range(0, n).Select(_ => rng.NextDouble() - 0.5).ToArray();
        var b = new GraphBuilder("small conv");
        var x = b.Input("image", channels, side, side);
        var h = b.Add(Elementwise.Relu(), b.Add(new Conv2d(R(4 * channels * 25), 4, channels, new SpatialWindow(5, 5, 3, 3), R(4)), x));
        var f = b.Add(new Flatten(), b.Add(new Pool(PoolKind.GlobalAverage), h));
        var graph = b.Output(b.Add(new Dense(R(40), 10, 4, R(10)), f)).Build();
        string path = Path.Combine(dir, "small.onnx");
        OnnxExporter.Save(graph, path);
        return path;
    }

    [Fact]
    public void When_SmallConvModelRunsOnIdealTiles_Expect_Exit0AndTileOutputsNearFloat()
    {
        var dir = TempDir();
        try
        {
            var (exit, err) = Run("run", "--model", SmallConvModel(dir), "--preset", "ideal", "--limit", "20", "--range-images", "20", "--out", dir);
            Assert.True(exit == 0, err);
            var s = ModelRunSummary.Read(Path.Combine(dir, "summary.json"));
            Assert.True(s.Complete);
            Assert.Equal(20, s.Images);
            Assert.NotNull(s.FloatAcc); // 10 outputs, 10 label classes: accuracy applies
            Assert.NotNull(s.TileAcc);
            // An ideal tile computes W x exactly, up to its DAC full scale: the largest input seen on the 20 training
            // images, which a test image may exceed slightly (clipped); so the outputs are float's within that clipping.
            Assert.True(s.CosineSimilarity > 0.9999, $"cosine {s.CosineSimilarity}");
            Assert.Equal(100, s.Agreement);
            Assert.True(File.Exists(Path.Combine(dir, "report.md")));
            Assert.True(File.Exists(Path.Combine(dir, "outputs.png")));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void When_WeightsAreSlicedOverTwoBitIdealCells_Expect_FourTimesTheTilesAndOutputsOfThe8BitWeights()
    {
        var dir = TempDir();
        try
        {
            string model = SmallConvModel(dir);
            string[] common = ["run", "--model", model, "--preset", "ideal", "--limit", "20", "--range-images", "20", "--weight-clip", "max"];
            var (exit, err) = Run([.. common, "--out", Path.Combine(dir, "whole")]);
            Assert.True(exit == 0, err);
            (exit, err) = Run([.. common, "--cell-bits", "2", "--weight-bits", "8", "--out", Path.Combine(dir, "sliced")]);
            Assert.True(exit == 0, err);
            var whole = ModelRunSummary.Read(Path.Combine(dir, "whole", "summary.json"));
            var sliced = ModelRunSummary.Read(Path.Combine(dir, "sliced", "summary.json"));
            // 8 magnitude bits on 2-bit cells: ceil(8 / 2) = 4 slices, each on its own tiles, in every layer.
            Assert.Equal(whole.LayerTiles!.Select(t => 4 * t), sliced.LayerTiles!);
            Assert.Equal(4, sliced.SliceAdcRangeFraction!.Length);
            Assert.Contains("4 slices", sliced.Slicing);
            // Ideal cells hold each digit exactly and the shift-and-add is exact, so the only change from float is the
            // rounding of every weight to 255 levels of max |w| (at most half a step, 0.2 % of the largest weight).
            Assert.True(sliced.CosineSimilarity > 0.9999, $"cosine {sliced.CosineSimilarity}");
            Assert.True(sliced.Nrmse < 0.005, $"NRMSE {sliced.Nrmse}");
            Assert.Equal(100, sliced.Agreement);
            // A folder of the whole-weight run is another run: refused rather than mixed.
            (exit, err) = Run([.. common, "--cell-bits", "2", "--out", Path.Combine(dir, "whole")]);
            Assert.Equal(2, exit);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void When_ModelHasUnsupportedOperator_Expect_Exit2NamingTheNode()
    {
        var dir = TempDir();
        try
        {
            var model = OnnxExporter.Export(MlpGraph.From(Xbar.Behavioral.Training.Mlp.CreateRandom([784, 10],
                Xbar.Behavioral.Training.Activation.Relu, Xbar.Behavioral.Training.OutputKind.Softmax, 1)));
            model.Graph.Node.Add(new NodeProto { Name = "odd", OpType = "Hardmax", Input = { "z0" }, Output = { "p" } });
            model.Graph.Output[0].Name = "p";
            string path = Path.Combine(dir, "bad.onnx");
            File.WriteAllBytes(path, model.ToByteArray());
            var (exit, err) = Run("run", "--model", path, "--preset", "ideal", "--limit", "5", "--out", dir);
            Assert.Equal(2, exit);
            Assert.Contains("node 'odd' (Hardmax)", err);
            Assert.DoesNotContain("   at ", err);

            File.WriteAllBytes(path, File.ReadAllBytes(SmallConvModel(dir))[..200]);
            (exit, err) = Run("run", "--model", path, "--preset", "ideal", "--limit", "5", "--out", dir);
            Assert.Equal(2, exit);
            Assert.Contains("truncated", err);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void When_ModelInputDoesNotFitTheImages_Expect_Exit2SayingHowToFit()
    {
        var dir = TempDir();
        try
        {
            var (exit, err) = Run("run", "--model", SmallConvModel(dir, channels: 3, side: 32), "--preset", "ideal", "--limit", "5", "--out", dir);
            Assert.Equal(2, exit);
            Assert.Contains("3x32x32", err);
            Assert.Contains("--resize 32x32 --channels 3", err);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
