using System.Globalization;
using System.Text.Json;
using Xbar.Behavioral.Calibration;
using Xbar.Behavioral.Data;
using Xbar.Behavioral.Networks;
using Xbar.Behavioral.Networks.Graph;
using Xbar.Behavioral.Training;
using Xbar.Behavioral.Training.Models;
using Xbar.Validation.Sharding;

namespace Xbar.Validation.Studies.Hwa;

/// <summary>
/// `xbar study hwa`: does Gaussian-noise fine-tuning protect a network against read noise and ADC
/// quantization but less against IR drop (Luquin et al. 2025)? The ResNet-8 of `xbar train fashion-cnn`
/// is trained plainly, then fine-tuned with noise, with fixed-range QAT, and with its forward pass
/// through calibrated MTJ tiles with IR drop (one fine-tune per tile size); each model is read on an
/// ideal tile, on PCM tiles at several times after programming (several seeds) and on MTJ tiles with
/// ideal wires and with IR drop, and the report splits the losses and says whether the shape holds.
/// <para>Resumable: models are trained in models/ (each resumes from its checkpoint), calibrations kept in
/// calibrations/, and every finished read is one file in points/ (<see cref="PointStore"/>, settings pinned in
/// run.json); a rerun skips what is there. Every option, the data set and the network's fit to it are
/// checked before anything is written.</para>
/// </summary>
public static class HwaStudy
{
    public const string Name = "hwa";

    public sealed record Result(string Summary, IReadOnlyList<string> Files, HwaResults Results);

    /// <summary>One read: a model on a tile point with one seed (seed null: the float graph).</summary>
    private sealed record Read(HwaModel Model, HwaTilePoint? Point, int? Seed)
    {
        public string Key => Point is null ? $"{Model.Key}_float" : string.Create(CultureInfo.InvariantCulture, $"{Model.Key}_{Point.Key}_s{Seed}");
    }

    /// <summary>The settings pinned in run.json (everything but the output folder).</summary>
    public static string Settings(HwaStudyOptions o) => JsonSerializer.Serialize(new { study = Name, options = o with { OutDirectory = "" } });

    public static Result Run(HwaStudyOptions o, IProgress<double>? progress = null, Action<string>? log = null)
    {
        o.Validate();
        var split = Load(o);
        var models = HwaModels.All(o);
        var points = HwaTilePoints.All(o);
        string modelsDir = Path.Combine(o.OutDirectory, "models"), calibrationsDir = Path.Combine(o.OutDirectory, "calibrations");
        foreach (var m in models) HwaModels.Job(o, m, modelsDir, plainModel: "plain.json"); // every training option checked before anything is written

        var store = new PointStore(o.OutDirectory);
        store.Prepare(Settings(o));
        var calibrations = points.ToDictionary(p => p.Key, p => new Lazy<TileCalibration?>(() => HwaTilePoints.Calibration(p.Config, calibrationsDir, log)));
        var paths = new Dictionary<string, string>();
        var evaluations = new Dictionary<string, HwaEvaluation>();

        string ModelPath(HwaModel m)
        {
            if (paths.TryGetValue(m.Key, out var path)) return path;
            var plain = models[0];
            CnnJobOptions job;
            if (m.Kind == HwaModelKind.Plain) job = HwaModels.Job(o, m, modelsDir);
            else if (m.Kind != HwaModelKind.IrDrop) job = HwaModels.Job(o, m, modelsDir, ModelPath(plain));
            else
            {
                // The tiles of the forward pass, with the plain model's per-layer settings.
                var point = points.First(p => p.Kind == HwaTileKind.MtjIrDrop && (int)p.Size == m.TileSize);
                var calibration = calibrations[point.Key].Value;
                job = HwaModels.Job(o, m, modelsDir, ModelPath(plain), HwaModels.IrDescription(point, o.IrRefresh, calibration is not null, o.RangeImages));
                if (!File.Exists(Path.Combine(job.OutDirectory, CnnTrainingJob.ModelFileName)))
                    job = job with { Analog = new TileAnalogForward(Evaluation(plain).Backend(point, calibration, o.TrainSeed), o.IrRefresh) };
            }
            return paths[m.Key] = HwaModels.TrainOrLoad(job, log);
        }

        HwaEvaluation Evaluation(HwaModel m)
        {
            if (!evaluations.TryGetValue(m.Key, out var e))
                evaluations[m.Key] = e = new HwaEvaluation(TrainedNetworkGraph.From(NetworkFile.Load<float>(ModelPath(m)), m.Label),
                    split.Train, split.Test, o.RangeImages, o.Batch);
            return e;
        }

        var reads = Reads(o, models, points);
        ShardedSweep.Run(reads, r => r.Key, r =>
        {
            var e = Evaluation(r.Model);
            double accuracy = r.Point is null ? e.FloatAccuracy() : e.TileAccuracy(r.Point, calibrations[r.Point.Key].Value, r.Seed!.Value);
            log?.Invoke(string.Create(CultureInfo.InvariantCulture, $"{r.Key}: {100 * accuracy:F2} %"));
            return accuracy.ToString("R", CultureInfo.InvariantCulture);
        }, ShardSpec.All, store, progress);

        double Stored(Read r) => double.Parse(store.Load(r.Key)!, CultureInfo.InvariantCulture);
        var results = new HwaResults(models, points,
            reads.Where(r => r.Point is null).ToDictionary(r => r.Model.Key, Stored),
            reads.Where(r => r.Point is not null).GroupBy(r => (r.Model.Key, r.Point!.Key)).ToDictionary(g => g.Key, g => g.Select(Stored).ToArray()));
        var descriptions = models.ToDictionary(m => m.Key, m => NetworkFile.ReadDescription(ModelPath(m)));
        var usedCalibrations = points.Where(p => calibrations[p.Key].Value is not null).ToDictionary(p => p.Config.Name!, p => calibrations[p.Key].Value!);
        var (md, files) = HwaReport.Write(o, split.Description, results, descriptions, usedCalibrations, o.OutDirectory);
        return new Result(md, files, results);
    }

    /// <summary>Every read in the order they run: per model its float graph, then each tile point, once per seed for tiles with draws.</summary>
    private static List<Read> Reads(HwaStudyOptions o, IReadOnlyList<HwaModel> models, IReadOnlyList<HwaTilePoint> points) =>
        [.. from m in models
            from r in new[] { new Read(m, null, null) }.Concat(
                from p in points from seed in p.HasDraws ? o.Seeds : o.Seeds[..1] select new Read(m, p, seed))
            select r];

    /// <summary>The data set (first N images when limited), checked to be images with at least two classes.</summary>
    private static DataSplit Load(HwaStudyOptions o)
    {
        var split = DatasetLoader.Load(o.DataDirectory);
        if (o.TrainLimit is not null || o.TestLimit is not null)
            split = split.Take(Math.Min(o.TrainLimit ?? split.Train.Count, split.Train.Count), Math.Min(o.TestLimit ?? split.Test.Count, split.Test.Count));
        if (split.Train.ImageSize is null)
            throw new InvalidInputException($"{o.DataDirectory}: the samples are not images (no rows x columns); the study trains a CNN on images");
        if (Math.Max(split.Train.ClassCount, split.Test.ClassCount) < 2)
            throw new InvalidInputException($"{o.DataDirectory}: a classifier needs at least two classes");
        return split;
    }
}
