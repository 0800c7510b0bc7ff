using System.Diagnostics;
using System.Globalization;
using Xbar.Behavioral.Networks;
using Xbar.Behavioral.Networks.StateSpace;
using Xbar.Behavioral.Training;
using Xbar.Behavioral.Training.Models;
using Xbar.Behavioral.Training.Optimization;
using Xbar.Behavioral.Training.StateSpace;
using Xbar.Validation.Sharding;
using static Xbar.Validation.Studies.StudyFiles;

namespace Xbar.Validation.Studies.S4d;

/// <summary>
/// `xbar study s4d`: IMSSA (Siegel, Yang and Strachan 2024, arXiv 2412.20215) on Xbar's tiles. Per task
/// an S4D classifier is trained in float, then fine-tuned with fixed-range QAT for each weight width,
/// and deployed with every S4D layer's recurrence on one block crossbar fed back each time step.
/// (1) accuracy in software float, 2-bit QAT in software, on RRAM and on 4-state MTJ crossbars;
/// (2) accuracy against programming noise (0-20 uS) for 2-5-bit models on RRAM, mean and worst over
/// programming seeds; (3) the S4D state's error against float after T steps through the crossbar.
/// Trained models and finished points are kept in the output folder; a rerun skips them.
/// <para>Sharded (docs/sharding.md): a point is one accuracy, spectral radius or drift curve; shard I/N measures the
/// i-th point the study asks for when i mod N == I, and the report is written once the folder holds every point. The
/// models are shared set-up: each shard trains them (seeded: the same weights on the same machine and thread count) or
/// reads them from <see cref="S4dStudyOptions.ModelsDirectory"/> after one <see cref="Train"/> (`--train-only`).</para>
/// </summary>
public static class S4dStudy
{
    public const string Name = "s4d";

    /// <param name="Complete">False when points of other shards are not in the folder yet (no files written; Summary says how many).</param>
    public sealed record Result(string Summary, IReadOnlyList<string> Files, bool Complete = true);

    /// <summary>One row of experiment 1.</summary>
    internal sealed record AccuracyRow(string Task, string Model, string Platform, double Accuracy, int Samples);

    /// <summary>One point of experiment 2: accuracy mean and worst over programming seeds.</summary>
    /// <param name="Radius">Mean over seeds of the spectral radius of the programmed S4D state block (above 1 the recurrence diverges).</param>
    internal sealed record NoisePoint(int Bits, double SigmaMicroSiemens, double Mean, double Worst, double[] PerSeed, double Radius);

    /// <summary>One curve of experiment 3.</summary>
    internal sealed record DriftCurve(string Model, string Platform, IReadOnlyList<DriftPoint> Points);

    /// <summary>A task's trained models: float, and QAT by bits, with their training keys.</summary>
    internal sealed record TaskModels(Network<double> Float, string FloatKey, Dictionary<int, (Network<double> Network, string Key)> Qat, double TrainSeconds);

    private const int RangeSampleCount = 400;

    /// <summary>Runs this shard's points (all of them by default), then writes the report when the folder holds every point.</summary>
    public static Result Run(S4dStudyOptions o, string outDir, Action<string> log, ShardSpec? shard = null) =>
        Run(o, outDir, log, shard ?? ShardSpec.All, Stage.All);

    /// <summary>Trains (or finds) every model and measures nothing: the set-up shards share through <see cref="S4dStudyOptions.ModelsDirectory"/>.</summary>
    public static Result Train(S4dStudyOptions o, string outDir, Action<string> log) => Run(o, outDir, log, ShardSpec.All, Stage.TrainOnly);

    /// <summary>
    /// Writes the report into <paramref name="output"/> from the points <see cref="StudyMerge"/> joined there, measuring none:
    /// the models and calibrations come from the shard folders (or the shared models folder); a point still missing is refused.
    /// </summary>
    public static Result Merge(IReadOnlyList<string> inputs, string output)
    {
        var o = StudyMerge.ReadOptions<S4dStudyOptions>(inputs);
        StudyMerge.CopySetUp(inputs, output, o.ModelsDirectory is null ? ["models", "calibration-*.json"] : ["calibration-*.json"]);
        return Run(o, output, _ => { }, ShardSpec.All, Stage.ReportOnly);
    }

    private enum Stage { All, TrainOnly, ReportOnly }

    private static Result Run(S4dStudyOptions o, string outDir, Action<string> log, ShardSpec shard, Stage stage)
    {
        o.Validate();
        Prepare(outDir);
        var clock = Stopwatch.StartNew();
        var store = new S4dModelStore(o.ModelsDirectory ?? Path.Combine(outDir, "models"), log, mayTrain: stage != Stage.ReportOnly);
        var points = new S4dPointStore(outDir, shard, measure: stage != Stage.ReportOnly);
        if (stage != Stage.ReportOnly) StudyMerge.WriteOptions(outDir, o);
        var tasks = S4dStudyTask.Load(o, log);
        if (stage == Stage.TrainOnly)
        {
            foreach (var task in tasks) Train(task, o, store);
            return new Result($"s4d: every model trained or found in {store.Directory}; no point measured.", [], Complete: false);
        }
        var mtj = S4dCrossbar.Mtj4(outDir, o.CalibrationSamples, o.Seed, log);
        var rram = S4dCrossbar.Rram(0);
        var mtjSplit = S4dCrossbar.Mtj4Split(outDir, o.CalibrationSamples, o.Seed, log);

        var accuracy = new List<AccuracyRow>();
        var models = new Dictionary<string, TaskModels>();
        foreach (var task in tasks)
        {
            var m = models[task.Name] = Train(task, o, store);
            var test = task.CrossbarTest(o.CrossbarTestLimit);
            double Software(Network<double> n, string key) =>
                points.GetOrMeasure($"software|{task.Name}|{key}", () => NetworkTrainer<double>.Evaluate(n, task.Test).Accuracy);
            double OnCrossbar(Network<double> n, string key, S4dCrossbar xbar) =>
                points.GetOrMeasure($"crossbar|{task.Name}|{xbar.Name}|{xbar.Key}|seed{o.Seed}|n{test.Count}|{key}", () =>
                {
                    log($"{task.Name}: {key[..6]} on {xbar.Name}");
                    var d = new S4dDeployment(n);
                    return d.Accuracy(xbar.Program(d, Ranges(d, task, xbar), o.Seed), test);
                });
            var (q2, k2) = m.Qat[2];
            accuracy.Add(new AccuracyRow(task.Name, "float", "software", Software(m.Float, m.FloatKey), task.Test.Count));
            accuracy.Add(new AccuracyRow(task.Name, "2-bit QAT", "software", Software(q2, k2), task.Test.Count));
            accuracy.Add(new AccuracyRow(task.Name, "float (16 levels after training)", "RRAM", OnCrossbar(m.Float, m.FloatKey, rram), test.Count));
            accuracy.Add(new AccuracyRow(task.Name, "2-bit QAT", "RRAM", OnCrossbar(q2, k2, rram), test.Count));
            accuracy.Add(new AccuracyRow(task.Name, "2-bit QAT", "MTJ4", OnCrossbar(q2, k2, mtj), test.Count));
            foreach (var variant in mtjSplit)
                accuracy.Add(new AccuracyRow(task.Name, "2-bit QAT", variant.Name, OnCrossbar(q2, k2, variant), test.Count));
            foreach (var (bits, (qn, qk)) in m.Qat.Where(q => q.Key != 2).OrderBy(q => q.Key))
                accuracy.Add(new AccuracyRow(task.Name, $"{bits}-bit QAT", "software", Software(qn, qk), task.Test.Count));
        }

        var digits2 = tasks[0];
        var noise = NoiseSweep(digits2, models[digits2.Name], o, points, log);
        var drift = Drift(digits2, models[digits2.Name], o, rram, mtj, points, log);
        if (points.Missing > 0) return new Result(IncompleteSummary(Name, points.Missing, points.Total), [], Complete: false);
        var files = S4dStudyReport.Write(outDir, o, tasks, models, accuracy, noise, drift);
        // The run's own time and reuse go to the console only: the report is the same bytes however its points were computed.
        return new Result(File.ReadAllText(files[^1]) + Environment.NewLine +
                          $"Run time {F(clock.Elapsed.TotalSeconds, "F0")} s (2-core machine shared with other jobs); {points.Reused} points read from an earlier run (`points/`).", files);
    }

    /// <summary>The float model, then QAT for each width the task needs, starting from the float weights.</summary>
    private static TaskModels Train(S4dStudyTask task, S4dStudyOptions o, S4dModelStore store)
    {
        var arch = new S4dArchitecture(task.Steps, task.Features, task.Classes, o.Hidden, o.Modes, o.Layers);
        var options = new NetworkTrainingOptions
        {
            Epochs = task.Epochs, BatchSize = o.BatchSize, LearningRate = o.LearningRate, Optimizer = OptimizerKind.Adam,
            WeightDecay = 0, Augment = false, Seed = o.Seed,
        };
        var (floatNet, floatKey) = store.TrainOrLoad($"{task.Name}-float", S4dClassifier.Create<double>(arch, o.Seed), task.Train, options);
        var qat = new Dictionary<int, (Network<double>, string)>();
        foreach (var bits in task.Bits.Append(2).Distinct().Order())
        {
            var start = S4dClassifier.WithQuantization(floatNet, bits);
            var qatOptions = options with { Epochs = task.QatEpochs, LearningRate = o.LearningRate / 2, StartedFrom = floatKey };
            qat[bits] = store.TrainOrLoad($"{task.Name}-qat{bits}", start, task.Train, qatOptions);
        }
        // The training time recorded in the model files: the same in every run that reads them.
        double seconds = store.Seconds($"{task.Name}-float") + qat.Keys.Sum(bits => store.Seconds($"{task.Name}-qat{bits}"));
        return new TaskModels(floatNet, floatKey, qat, seconds);
    }

    /// <summary>Per crossbar, the DAC full scale and the ADC's partial-sum fraction, in float on a sample of the training set.</summary>
    private static S4dRanges Ranges(S4dDeployment d, S4dStudyTask task, S4dCrossbar xbar) =>
        S4dRanges.Measure(d, task.RangeSamples(RangeSampleCount), xbar.Geometry.Inputs);

    /// <summary>Experiment 2: "zero"/"one" accuracy on RRAM against programming noise, per weight width, over programming seeds.</summary>
    private static List<NoisePoint> NoiseSweep(S4dStudyTask task, TaskModels m, S4dStudyOptions o, S4dPointStore points, Action<string> log)
    {
        var test = task.CrossbarTest(o.CrossbarTestLimit);
        var result = new List<NoisePoint>();
        foreach (var bits in o.Bits)
        {
            var (network, key) = m.Qat[bits];
            var d = new S4dDeployment(network);
            var ranges = Ranges(d, task, S4dCrossbar.Rram(0));
            foreach (var sigma in o.SigmasMicroSiemens)
            {
                var xbar = S4dCrossbar.Rram(sigma);
                var (layer, block) = d.S4dBlocks[0];
                var acc = new double[o.NoiseSeeds.Length];
                var radius = new double[o.NoiseSeeds.Length];
                for (int i = 0; i < acc.Length; i++)
                {
                    int seed = o.NoiseSeeds[i];
                    string at = $"{task.Name}|b{bits}|s{F(sigma)}|{xbar.Key}|seed{seed}|{key}";
                    IProgrammedMatrix[]? crossbars = null;
                    IProgrammedMatrix[] Programmed() => crossbars ??= xbar.Program(d, ranges, seed);
                    acc[i] = points.GetOrMeasure($"noise|{at}|n{test.Count}", () =>
                    {
                        log($"noise sweep: {bits}-bit, sigma {F(sigma)} uS, seed {seed}");
                        return d.Accuracy(Programmed(), test);
                    });
                    radius[i] = points.GetOrMeasure($"radius|{at}", () => BlockSsm.SpectralRadius(block.ProbeStateBlock(Programmed()[layer])));
                }
                result.Add(new NoisePoint(bits, sigma, acc.Average(), acc.Min(), acc, radius.Average()));
            }
        }
        return result;
    }

    /// <summary>
    /// Experiment 3: the first S4D layer of the 2-bit and float "zero"/"one" models alone, fed the float
    /// encoder's outputs of test sequences, through its block crossbar against its float recurrence,
    /// on RRAM without and with programming noise (over seeds) and on MTJ. One point per curve (its lines
    /// "step,state error,worst,output error,worst" at round-trip precision); empty when another shard owns it.
    /// </summary>
    private static List<DriftCurve> Drift(S4dStudyTask task, TaskModels m, S4dStudyOptions o, S4dCrossbar rram, S4dCrossbar mtj, S4dPointStore points, Action<string> log)
    {
        var curves = new List<DriftCurve>();
        var sample = task.CrossbarTest(o.DriftSequences);
        foreach (var (name, network, key) in new[] { ("2-bit QAT", m.Qat[2].Network, m.Qat[2].Key), ("float", m.Float, m.FloatKey) })
        {
            var d = new S4dDeployment(network);
            var (layer, block) = d.S4dBlocks[0];
            var reference = new Lazy<SsmTrace>(() => d.Run(d.Exact(), sample.Features, sample.Count).S4dTraces[0]);
            var exactRun = new Lazy<SsmTrace>(() => block.Run(new DenseMatrix(block.Matrix), reference.Value.Input, sample.Count, task.Steps));
            var noisy = S4dCrossbar.Rram(5);
            foreach (var (platform, xbar, seeds) in new[] { ("RRAM", rram, new[] { o.Seed }), ("RRAM sigma 5 uS", noisy, o.NoiseSeeds), ("MTJ4", mtj, new[] { o.Seed }) })
            {
                string? text = points.GetOrMeasureText($"drift|{task.Name}|{platform}|{xbar.Key}|seeds{string.Join('-', seeds)}|n{sample.Count}|{key}", () =>
                {
                    log($"recurrence drift: {name} model on {platform}");
                    var ranges = Ranges(d, task, xbar);
                    var runs = seeds.Select(seed => block.Run(xbar.Program(d, ranges, seed)[layer], reference.Value.Input, sample.Count, task.Steps)).ToArray();
                    return string.Join("\n", RecurrenceDrift.Compare(exactRun.Value, runs).Select(p => string.Join(",",
                        p.Step.ToString(CultureInfo.InvariantCulture), R(p.StateError), R(p.WorstStateError), R(p.OutputError), R(p.WorstOutputError))));
                });
                curves.Add(new DriftCurve(name, platform, text is null ? [] : text.Split('\n').Select(ParseDrift).ToArray()));
            }
        }
        return curves;
    }

    private static string R(double v) => v.ToString("R", CultureInfo.InvariantCulture);

    private static DriftPoint ParseDrift(string line)
    {
        var f = line.Split(',');
        double D(int i) => double.Parse(f[i], NumberStyles.Float, CultureInfo.InvariantCulture);
        return new DriftPoint(int.Parse(f[0], CultureInfo.InvariantCulture), D(1), D(2), D(3), D(4));
    }
}
