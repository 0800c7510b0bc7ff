using System.Globalization;
using System.Text.Json;
using Xbar.Behavioral.Calibration;
using Xbar.Behavioral.Data;
using Xbar.Behavioral.Networks;
using Xbar.Behavioral.Networks.Graph;
using Xbar.Behavioral.Training;
using Xbar.Behavioral.Training.HardwareAware;
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
/// <para>Resumable: models are trained in models/ (each resumes from its checkpoint; folder names carry a hash
/// of their settings), calibrations kept in calibrations/ (by config hash), and every finished read is one file
/// in points/ (<see cref="PointStore"/>), keyed by the model, the tile, the seed and a hash of the rest it
/// depends on; a rerun skips what is there, also after a change of options that leaves a read the same. Every
/// option, the data set and the network's fit to it are checked before anything is written.</para>
/// <para>Sharded (docs/sharding.md): a point is one read; shard I/N runs reads i with i mod N == I and the report is
/// written once the folder holds every read. The models are shared set-up: each shard trains them (the same seeded
/// training gives the same weights on the same machine and thread count) or, with <see cref="HwaStudyOptions.ModelsDirectory"/>
/// on a shared folder, reads them after one <see cref="Train"/> (`--train-only`). <see cref="Merge"/> joins shard folders.</para>
/// </summary>
public static class HwaStudy
{
    public const string Name = "hwa";

    /// <param name="Results">Null when <paramref name="Complete"/> is false: reads of other shards are not in the folder yet (Summary says how many).</param>
    public sealed record Result(string Summary, IReadOnlyList<string> Files, HwaResults? Results, bool Complete = true);

    /// <summary>
    /// One read: a model (its folder name, which carries a hash of how it was trained) on a tile point with one
    /// seed, or its float graph (no point). <see cref="Settings"/> is a hash of what else the accuracy depends on
    /// (the tile's config, the test and range images, the data), so the key names the result exactly and a
    /// rerun with other options reuses only the reads that stay the same.
    /// </summary>
    private sealed record Read(HwaModel Model, string ModelId, HwaTilePoint? Point, int? Seed, string Settings)
    {
        public string Key => Point is null
            ? $"{ModelId}_float_{Settings}"
            : string.Create(CultureInfo.InvariantCulture, $"{ModelId}_{Point.Key}_s{Seed}_{Settings}");
    }

    /// <summary>What a folder holds: reads are keyed by everything they depend on, so no option is pinned.</summary>
    public const string FolderSettings = "{\"study\":\"hwa\"}";

    /// <summary>Runs this shard's reads (all of them by default), then writes the report when the folder holds every read.</summary>
    public static Result Run(HwaStudyOptions o, IProgress<double>? progress = null, Action<string>? log = null, ShardSpec? shard = null) =>
        Run(o, progress, log, shard ?? ShardSpec.All, Stage.All);

    /// <summary>Trains (or finds) every model of the study and reads nothing: the set-up shards share through <see cref="HwaStudyOptions.ModelsDirectory"/>.</summary>
    public static Result Train(HwaStudyOptions o, Action<string>? log = null) => Run(o, null, log, ShardSpec.All, Stage.TrainOnly);

    /// <summary>
    /// Joins the points of shard folders into <paramref name="output"/> (<see cref="StudyMerge"/> has copied them) and writes the
    /// report from them, computing no read: the models come from the shards' models/ (or their shared folder), and a read
    /// still missing is refused (incomplete result).
    /// </summary>
    public static Result Merge(IReadOnlyList<string> inputs, string output)
    {
        var o = StudyMerge.ReadOptions<HwaStudyOptions>(inputs) with { OutDirectory = output };
        StudyMerge.CopySetUp(inputs, output, o.ModelsDirectory is null ? ["models", "calibrations"] : ["calibrations"]);
        return Run(o, null, null, ShardSpec.All, Stage.ReportOnly);
    }

    private enum Stage { All, TrainOnly, ReportOnly }

    private static Result Run(HwaStudyOptions o, IProgress<double>? progress, Action<string>? log, ShardSpec shard, Stage stage)
    {
        o.Validate();
        var split = Load(o);
        var models = HwaModels.All(o);
        var points = HwaTilePoints.All(o);
        // Calibrations are set-up like the models: beside them when shards share a models folder.
        string modelsDir = o.ModelsDirectory ?? Path.Combine(o.OutDirectory, "models"),
            calibrationsDir = Path.Combine(o.ModelsDirectory ?? o.OutDirectory, "calibrations");
        // Every training job (and so every option) is built and checked before anything is written.
        var jobs = Jobs(o, models, points, modelsDir);

        var store = new PointStore(o.OutDirectory);
        store.Prepare(FolderSettings);
        if (stage != Stage.ReportOnly) StudyMerge.WriteOptions(o.OutDirectory, o with { OutDirectory = "" });
        var calibrations = points.ToDictionary(p => p.Key, p => new Lazy<TileCalibration?>(() => HwaTilePoints.Calibration(p.Config, calibrationsDir, log)));
        var paths = new Dictionary<string, string>();
        var evaluations = new Dictionary<string, HwaEvaluation>();
        var plain = models[0];
        // The model the IR-drop-aware fine-tunes start from, and whose per-layer settings their tiles use.
        var irStart = o.IrFromNoise ? models.First(m => m.Kind == HwaModelKind.Noise) : plain;

        string ModelPath(HwaModel m)
        {
            if (paths.TryGetValue(m.Key, out var path)) return path;
            var job = jobs[m.Key];
            if (stage == Stage.ReportOnly && !File.Exists(Path.Combine(job.OutDirectory, CnnTrainingJob.ModelFileName)))
                throw new InvalidInputException($"merge: {job.OutDirectory}: the {m.Label} model is in none of the shard folders (nor their shared models folder).");
            if (m.Kind != HwaModelKind.Plain) ModelPath(plain);
            if (m.Kind == HwaModelKind.IrDrop) ModelPath(irStart);
            if (m.Kind == HwaModelKind.IrDrop && !File.Exists(Path.Combine(job.OutDirectory, CnnTrainingJob.ModelFileName)))
            {
                // The tiles of the forward pass, with the starting model's per-layer settings.
                var point = IrPoint(points, m);
                job = job with { Analog = new TileAnalogForward(Evaluation(irStart).Backend(point, calibrations[point.Key].Value, o.TrainSeed), o.IrRefresh,
                    changeThroughGains: o.IrGradient == AnalogGradient.FittedGain) };
            }
            return paths[m.Key] = HwaModels.TrainOrLoad(job, log);
        }

        HwaEvaluation Evaluation(HwaModel m)
        {
            if (!evaluations.TryGetValue(m.Key, out var e))
            {
                evaluations[m.Key] = e = new HwaEvaluation(TrainedNetworkGraph.From(NetworkFile.Load<float>(ModelPath(m)), m.Label),
                    split.Train, split.Test, o.RangeImages, o.Batch);
                // Read on its own tiles exactly as it was trained (the starting model's DAC, clip and ADC settings).
                if (m.Kind == HwaModelKind.IrDrop) e.Pin(IrPoint(points, m), Evaluation(irStart).Settings(IrPoint(points, m)));
            }
            return e;
        }

        if (stage == Stage.TrainOnly)
        {
            foreach (var m in models) ModelPath(m);
            return new Result($"hwa: {models.Count} models trained or found in {modelsDir}; no read computed.", [], null, Complete: false);
        }
        var reads = Reads(o, models, points, jobs);
        string Compute(Read r)
        {
            var e = Evaluation(r.Model);
            double accuracy = r.Point is null ? e.FloatAccuracy() : e.TileAccuracy(r.Point, calibrations[r.Point.Key].Value, r.Seed!.Value);
            log?.Invoke(string.Create(CultureInfo.InvariantCulture, $"{r.Key}: {100 * accuracy:F2} %"));
            return accuracy.ToString("R", CultureInfo.InvariantCulture);
        }
        if (stage != Stage.ReportOnly) ShardedSweep.Run(reads, r => r.Key, Compute, shard, store, progress); // a merge computes no read
        if (ShardedSweep.Collect(reads, r => r.Key, store, out int missing) is null)
            return new Result(StudyFiles.IncompleteSummary(Name, missing, reads.Count), [], null, Complete: false);

        double Stored(Read r) => double.Parse(store.Load(r.Key)!, CultureInfo.InvariantCulture);
        var results = new HwaResults(models, points,
            reads.Where(r => r.Point is null).ToDictionary(r => r.Model.Key, Stored),
            reads.Where(r => r.Point is not null).GroupBy(r => (r.Model.Key, r.Point!.Key)).ToDictionary(g => g.Key, g => g.Select(Stored).ToArray()),
            Math.Max(split.Train.ClassCount, split.Test.ClassCount));
        var descriptions = models.ToDictionary(m => m.Key, m => NetworkFile.ReadDescription(ModelPath(m)));
        var usedCalibrations = points.Where(p => calibrations[p.Key].Value is not null).ToDictionary(p => p.Config.Name!, p => calibrations[p.Key].Value!);
        var (md, files) = HwaReport.Write(o, split.Description, results, descriptions, usedCalibrations, o.OutDirectory);
        return new Result(md, files, results);
    }

    /// <summary>The training job of every model, its output folder named by a hash of its settings (fine-tunes start from the plain model's file).</summary>
    private static Dictionary<string, CnnJobOptions> Jobs(HwaStudyOptions o, IReadOnlyList<HwaModel> models, IReadOnlyList<HwaTilePoint> points, string modelsDir)
    {
        var plain = HwaModels.Job(o, models[0], modelsDir);
        string plainModel = Path.Combine(plain.OutDirectory, CnnTrainingJob.ModelFileName);
        string irStart = o.IrFromNoise
            ? Path.Combine(HwaModels.Job(o, models.First(m => m.Kind == HwaModelKind.Noise), modelsDir, plainModel).OutDirectory, CnnTrainingJob.ModelFileName)
            : plainModel;
        return models.ToDictionary(m => m.Key, m => m.Kind switch
        {
            HwaModelKind.Plain => plain,
            HwaModelKind.IrDrop => HwaModels.Job(o, m, modelsDir, irStart, HwaModels.IrDescription(IrPoint(points, m), o.IrRefresh, o.RangeImages, o.IrGradient)),
            _ => HwaModels.Job(o, m, modelsDir, plainModel),
        });
    }

    private static HwaTilePoint IrPoint(IReadOnlyList<HwaTilePoint> points, HwaModel m) =>
        points.First(p => p.Kind == HwaTileKind.MtjIrDrop && (int)p.Size == m.TileSize);

    /// <summary>Every read in the order they run: per model its float graph, then each tile point, once per seed for tiles with draws.</summary>
    private static List<Read> Reads(HwaStudyOptions o, IReadOnlyList<HwaModel> models, IReadOnlyList<HwaTilePoint> points,
        IReadOnlyDictionary<string, CnnJobOptions> jobs)
    {
        // What a read depends on besides the model, the tile and the seed.
        var data = new { data = Path.GetFullPath(o.DataDirectory), o.TrainLimit, o.TestLimit, o.RangeImages, o.Batch };
        var reads = new List<Read>();
        foreach (var m in models)
        {
            string id = Path.GetFileName(jobs[m.Key].OutDirectory);
            reads.Add(new Read(m, id, null, null, HwaModels.Hash8(data)));
            foreach (var p in points)
            {
                // An IR-drop-aware model on its own tiles is read with the plain model's settings (HwaEvaluation.Pin): a key of its own.
                string config = Behavioral.Config.TileConfigJson.Serialize(p.Config);
                string settings = m.Kind == HwaModelKind.IrDrop && p == IrPoint(points, m)
                    ? HwaModels.Hash8(new { data, config, settings = o.IrFromNoise ? "noise model's, as trained" : "plain model's, as trained" })
                    : HwaModels.Hash8(new { data, config });
                foreach (int seed in p.HasDraws ? o.Seeds : o.Seeds[..1]) reads.Add(new Read(m, id, p, seed, settings));
            }
        }
        return reads;
    }

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
