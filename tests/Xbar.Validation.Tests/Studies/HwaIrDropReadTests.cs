using Xbar.Behavioral.Data;
using Xbar.Behavioral.Networks;
using Xbar.Behavioral.Networks.Graph;
using Xbar.Behavioral.Training;
using Xbar.Behavioral.Training.Layers;
using Xbar.Behavioral.Training.Models;
using Xbar.Validation.Studies.Hwa;
using Xunit.Abstractions;

namespace Xbar.Validation.Tests.Studies;

/// <summary>
/// The IR-drop-aware model of `xbar study hwa` is read on the hardware it was trained on: its batch-norm
/// statistics come from the tiles' attenuated sums, so DAC, clip and ADC ranges re-measured on its float
/// graph would deploy it on other settings than its training forward used. A tiny study (width 4, 1,024
/// training and 200 test images, 32x32 MTJ tiles at 1 Ohm): about 40 s on the shared 2-core machine.
/// </summary>
public sealed class HwaIrDropReadTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("xbar-hwa-ir-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void When_IrAwareModelIsReadOnItsTiles_Expect_TheAccuracyOfTheTileForwardItWasTrainedWith()
    {
        var o = new HwaStudyOptions
        {
            Width = 4, Epochs = 1, FineTuneEpochs = 1, TrainLimit = 1024, TestLimit = 200, Seeds = [1], Times = [3600], MtjSizes = [32],
            RangeImages = 32, OutDirectory = _dir,
        };
        var r = HwaStudy.Run(o).Results!;
        var irModel = r.Models.Single(m => m.Kind == HwaModelKind.IrDrop);
        var point = r.Mtj(HwaTileKind.MtjIrDrop, 32);

        // The training forward, rebuilt here: the plain model's settings on the same calibrated tiles (TileAnalogForward).
        var split = DatasetLoader.Load(o.DataDirectory).Take(1024, 200);
        string Model(string kind) => Path.Combine(Directory.GetDirectories(Path.Combine(_dir, "models"), kind + "-*").Single(), CnnTrainingJob.ModelFileName);
        var plain = new HwaEvaluation(TrainedNetworkGraph.From(NetworkFile.Load<float>(Model("plain")), "plain"), split.Train, split.Test, o.RangeImages, o.Batch);
        var calibration = HwaTilePoints.Calibration(point.Config, Path.Combine(_dir, "calibrations"));
        var forward = new TileAnalogForward(plain.Backend(point, calibration, o.Seeds[0]));
        var net = NetworkFile.Load<double>(Model($"irdrop{irModel.TileSize}"));
        int n = split.Test.Count, classes = net.Classes;
        var logits = net.Forward(split.Test.Features, n, LayerContext.Inference with { Analog = forward });
        int correct = Enumerable.Range(0, n).Count(i =>
        {
            var row = logits.AsSpan(i * classes, classes);
            int best = 0;
            for (int c = 1; c < classes; c++) if (row[c] > row[best]) best = c;
            return best == split.Test.Labels[i];
        });
        output.WriteLine($"study read {100 * r.Mean(irModel, point):F2} %, training forward {100.0 * correct / n:F2} %, plain on the same tiles {100 * r.Mean(r.Plain, point):F2} %");
        Assert.Equal(correct / (double)n, r.Mean(irModel, point));
    }
}
