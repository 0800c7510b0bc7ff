using System.Text.Json.Nodes;
using Xbar.Behavioral.Training.HardwareAware;
using Xbar.Behavioral.Training.Layers;
using Xbar.Behavioral.Training.Models;

namespace Xbar.Behavioral.Tests.Training;

/// <summary>The xbar-cnn/1 model file: exact round trip, QAT levels kept, every bad file named.</summary>
public sealed class NetworkFileTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("xbar-model-test-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static Network<float> Trained()
    {
        var net = new Network<float>(new SampleShape(1, 12, 12), ResNet.Specs(8, 1, 4, width: 4, stemPool: true));
        net.Initialize(3);
        var rng = new Random(4);
        foreach (var p in net.Parameters.Where(p => !p.Name.EndsWith(".weight", StringComparison.Ordinal) || p.Name.Contains("bn")))
            for (int i = 0; i < p.Value.Length; i++) p.Value[i] = (float)(0.5 + rng.NextDouble());
        return net;
    }

    private string Save(Network<float> net, string name = "model.json")
    {
        var path = Path.Combine(_dir, name);
        NetworkFile.Save(path, net, "test model");
        return path;
    }

    [Fact]
    public void When_SavedAndLoaded_Expect_EveryArrayBitIdentical_AndTheSameLogits()
    {
        var net = Trained();
        var loaded = NetworkFile.Load<float>(Save(net));
        Assert.Equal(net.Parameters.Select(p => p.Name), loaded.Parameters.Select(p => p.Name));
        for (int i = 0; i < net.Parameters.Count; i++) Assert.Equal(net.Parameters[i].Value, loaded.Parameters[i].Value);
        var x = new float[2 * 144];
        for (int i = 0; i < x.Length; i++) x[i] = (i % 13) / 13f;
        Assert.Equal((float[])net.Forward(x, 2, LayerContext.Inference).Clone(), loaded.Forward(x, 2, LayerContext.Inference));
    }

    [Fact]
    public void When_QatModelSaved_Expect_QuantizerKeptAndValuesExactlyTheLevels()
    {
        var net = Trained();
        foreach (var layer in net.WeightLayers) layer.Quantizer = new FixedRangeQuantizer(4, 0.3);
        var path = Save(net);
        var loaded = NetworkFile.Load<double>(path);
        foreach (var layer in loaded.WeightLayers)
        {
            Assert.Equal(new FixedRangeQuantizer(4, 0.3), layer.Quantizer);
            foreach (var w in layer.Weight.Value) Assert.Equal(layer.Quantizer!.Level(layer.Quantizer.LevelIndex(w)), w);
        }
    }

    private string Edited(Action<JsonObject> edit)
    {
        var path = Save(Trained(), "edited.json");
        var json = JsonNode.Parse(File.ReadAllText(path))!.AsObject();
        edit(json);
        File.WriteAllText(path, json.ToJsonString());
        return path;
    }

    [Fact]
    public void When_ArrayShapeDoesNotMatchItsLayer_Expect_ErrorNamingFileAndArray()
    {
        var path = Edited(j => j["parameters"]!["fc.weight"]!["shape"] = new JsonArray(4, 7));
        var e = Assert.Throws<InvalidInputException>(() => NetworkFile.Load<float>(path));
        Assert.Contains(path, e.Message);
        Assert.Contains("parameters.fc.weight", e.Message);
        Assert.Contains("[4, 16]", e.Message);
    }

    [Fact]
    public void When_ArrayMissingOrExtraOrFormatWrong_Expect_ClearErrors()
    {
        Assert.Contains("parameters.stem.bn.running_var is missing",
            Assert.Throws<InvalidInputException>(() => NetworkFile.Load<float>(Edited(j => j["parameters"]!.AsObject().Remove("stem.bn.running_var")))).Message);
        Assert.Contains("parameters.extra belongs to no layer",
            Assert.Throws<InvalidInputException>(() => NetworkFile.Load<float>(Edited(j => j["parameters"]!["extra"] = JsonNode.Parse("""{"shape":[1],"values":[0]}""")))).Message);
        Assert.Contains("expected 'xbar-cnn/1'",
            Assert.Throws<InvalidInputException>(() => NetworkFile.Load<float>(Edited(j => j["format"] = "xbar-mlp/1"))).Message);
        Assert.Contains("stage1.block1.conv1: convolution takes 5 input channels",
            Assert.Throws<InvalidInputException>(() => NetworkFile.Load<float>(Edited(j => j["layers"]![4]!["main"]![0]!["in_channels"] = 5))).Message);
    }

    [Fact]
    public void When_DataDoNotFitTheModel_Expect_ErrorNamingBothSizes()
    {
        var net = Trained();
        var data = new Xbar.Behavioral.Data.LabeledImages(new double[2 * 784], 784, [0, 1]) { ImageSize = (28, 28) };
        var e = Assert.Throws<InvalidInputException>(() => NetworkFile.CheckFits(net, data, "m.json", "the test set"));
        Assert.Contains("m.json: the network takes 1x12x12 inputs but the test set has 28x28 images", e.Message);
        var labels = new Xbar.Behavioral.Data.LabeledImages(new double[2 * 144], 144, [0, 9]) { ImageSize = (12, 12) };
        Assert.Contains("4 outputs but the test set has labels up to 9",
            Assert.Throws<InvalidInputException>(() => NetworkFile.CheckFits(net, labels, "m.json", "the test set")).Message);
    }
}
