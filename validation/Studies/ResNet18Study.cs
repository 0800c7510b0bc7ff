using System.Diagnostics;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using Tensor = Xbar.Behavioral.Networks.Graph.Tensor;
using Xbar.Behavioral.Calibration;
using Xbar.Behavioral.Config;
using Xbar.Behavioral.Data;
using Xbar.Behavioral.Mapping;
using Xbar.Behavioral.Networks;
using Xbar.Behavioral.Networks.Graph;
using Xbar.Behavioral.Networks.Onnx;
using Xbar.Validation.Networks;

namespace Xbar.Validation.Studies;

/// <summary>Settings of <c>xbar study resnet18</c>.</summary>
public sealed record ResNet18StudyOptions
{
    /// <summary>Bits per MTJ cell of the bit-sliced configs (1 = binary, 2 = 4-state).</summary>
    public IReadOnlyList<int> CellBits { get; init; } = [1, 2];

    /// <summary>Also the N-state tile that holds the whole weight on one cell (mtj4, 4 k-means levels).</summary>
    public bool NState { get; init; } = true;

    /// <summary>Magnitude bits of a sliced weight (its sign on the differential pair).</summary>
    public int WeightBits { get; init; } = CellSlicing.DefaultWeightBits;

    /// <summary>Test images run through the tiles (the first of the test set).</summary>
    public int Test { get; init; } = 1000;

    /// <summary>Training images whose float features train the linear classifier.</summary>
    public int Train { get; init; } = 5000;

    /// <summary>IDX image set (Fashion-MNIST from the Debian package dataset-fashion-mnist by default).</summary>
    public string DataDir { get; init; } = "/usr/share/datasets/fashion-mnist";

    /// <summary>Training images that set each layer's DAC full scale and fitted ADC range.</summary>
    public int RangeImages { get; init; } = 32;

    /// <summary>Test images per checkpoint (a chunk's features are saved before the next starts).</summary>
    public int Chunk { get; init; } = 32;

    /// <summary>
    /// Test images per round (null: all at once): every config runs a round's images before the next round starts and the
    /// report is rewritten after each round, so a long run stopped early has all configs on the same images. A multiple of <see cref="Chunk"/>.
    /// </summary>
    public int? Round { get; init; }

    /// <summary>Images per executor call when every tile stays programmed.</summary>
    public int Batch { get; init; } = 8;

    public int Seed { get; init; } = 1;

    /// <summary>Fit each tile's IR-drop correction to nodal solves (cached in OUT/calib); false = the fast model uncorrected.</summary>
    public bool Calibrate { get; init; } = true;

    /// <summary>Random MVMs solved per calibration.</summary>
    public int CalibrationSamples { get; init; } = 24;

    /// <summary>
    /// Tiles kept programmed at once (about 200 kB each): a config with more is programmed one layer at a time per chunk
    /// (<see cref="LayerStreamingBackend"/>), which bounds memory by the largest layer.
    /// </summary>
    public int MaxResidentTiles { get; init; } = 10_000;

    /// <summary>
    /// IR-drop model of every tile. Default <see cref="IrDropModel.Fast"/> (the ladder model, about 1 ms per tile to program):
    /// the calibrated transfer model of the presets takes about 2 x rows nodal solves per tile (tens of ms), hours for the
    /// 62,000 tiles of ResNet-18 on binary cells.
    /// </summary>
    public IrDropModel IrDrop { get; init; } = IrDropModel.Fast;

    /// <summary>Array rows = columns in cells (null: the presets' 64).</summary>
    public int? ArraySize { get; init; }

    /// <summary>
    /// Share of a layer's tile partial sums on the range images that its column ADC range holds, per slice for sliced weights
    /// (<see cref="ModelRun.AdcRangeQuantile"/> by default). The most significant slice of an 8-bit weight is mostly zero digits, so
    /// its 99.9 % range saturates on the largest weights' partial sums (docs/bit-slicing.md); 1 holds the largest.
    /// </summary>
    public double AdcQuantile { get; init; } = ModelRun.AdcRangeQuantile;

    /// <summary>Correct every tile's outputs per column after programming (scale and offset fitted on reads of the layer's own inputs).</summary>
    public bool ColumnCorrection { get; init; } = true;

    /// <summary>Where feature chunks are kept (null: OUT/features); runs sharing it share the float features.</summary>
    public string? FeatureDir { get; init; }

    /// <summary>ResNet18.onnx and ResNetPreprocess.onnx (null: the NuGet package's).</summary>
    public string? ModelPath { get; init; }
    public string? PreprocessPath { get; init; }

    public ResNet18StudyOptions Validate()
    {
        if (CellBits.Count == 0 && !NState) throw new InvalidInputException("--cell-bits: nothing to run (give cell bits or keep the N-state tile)");
        if (CellBits.Any(b => b is < 1 or > 4)) throw new InvalidInputException($"--cell-bits: an MTJ cell holds 1..4 bits (got {string.Join(",", CellBits)})");
        if (Test < 1 || Train < 10) throw new InvalidInputException($"--test must be at least 1 and --train at least 10 (got {Test}, {Train})");
        if (RangeImages < 1 || Chunk < 1 || Batch < 1) throw new InvalidInputException("--range-images, --chunk and --batch must be at least 1");
        if (Round is { } round && (round < 1 || round % Chunk != 0))
            throw new InvalidInputException($"--round {round}: give a positive multiple of --chunk {Chunk} (rounds reuse the checkpointed chunks)");
        if (ArraySize is < 4 or > 1024) throw new InvalidInputException($"--array must be 4..1024 cells (got {ArraySize})");
        if (!(AdcQuantile > 0 && AdcQuantile <= 1)) throw new InvalidInputException($"--adc-quantile must be in (0, 1] (got {AdcQuantile})");
        if (CalibrationSamples < 4) throw new InvalidInputException($"--calib-samples must be at least 4 (got {CalibrationSamples})");
        _ = new BitSlicing(WeightBits, 2); // checks the bits
        return this;
    }
}

/// <summary>One tile config of the study: its tiles and how its features compare with float.</summary>
/// <param name="Key">File-name key (features/tiles-KEY).</param>
/// <param name="Cells">"whole weight on ..." or the slicing.</param>
/// <param name="Tiles">Physical tiles of the network (NeuroSim's count, slices included).</param>
/// <param name="LayerTiles">Tiles per weight layer.</param>
/// <param name="Cosine">Mean over images of the cosine similarity of tile and ONNX Runtime features.</param>
/// <param name="CosineMin">The smallest per-image cosine.</param>
/// <param name="Nrmse">RMSE of tile features against ORT's over the range of ORT's features.</param>
/// <param name="Scale">Least-squares slope of tile features on ORT's (1 = same scale).</param>
/// <param name="TileAcc">Accuracy of the float-trained classifier on tile features (transfer accuracy).</param>
/// <param name="Agreement">Share of images classified the same on tile and float features.</param>
/// <param name="ProgramSeconds">Programming time of all tiles once (null when every chunk was already on disk).</param>
/// <param name="SecondsPerImage">Wall time per test image through the tiles in this run (programming included when streamed).</param>
public sealed record ResNet18ConfigResult(string Key, string Label, string Cells, int Slices, int Tiles, int[] LayerTiles, double Cosine, double CosineMin,
    double Nrmse, double Scale, double TileAcc, double Agreement, bool Streamed, double? ProgramSeconds, double? SecondsPerImage);

/// <summary>What the study measured.</summary>
/// <param name="Missing">Chunks (config, test images) of other shards not on disk yet: then Configs and Files are empty (no report written).</param>
public sealed record ResNet18StudyResult(ResNet18StudyOptions Options, string Graph, string[] LayerNames, string[] LayerShapes, double FloatAcc,
    double ExecutorVsOrt, IReadOnlyList<ResNet18ConfigResult> Configs, IReadOnlyList<string> Files, int Missing = 0)
{
    public bool Complete => Missing == 0;
}

/// <summary>
/// <c>xbar study resnet18</c>: the ImageNet ResNet-18 (Microsoft.ML.DnnImageFeaturizer.ResNet18) as a feature extractor on
/// Fashion-MNIST (gray, 28x28, resized to 224x224 and copied to 3 channels, preprocessed as ResNetPreprocess.onnx does)
/// through crossbar tiles of 1-bit and 2-bit MTJ cells holding bit-sliced weights (Gupte et al. 2026's comparison) and of
/// the N-state mtj4 cell holding a whole weight. Per config: tiles per layer and in total, feature fidelity against ONNX
/// Runtime's float features (cosine similarity, NRMSE), and the transfer accuracy of a linear classifier trained on float
/// features of training images and evaluated on tile features of test images. Every feature set is checkpointed per chunk
/// of images (<see cref="FeatureStore"/>), so a stopped run resumes where it stopped.
/// <para>Sharded (docs/sharding.md): a point is one config's features of one chunk of test images; shard I/N computes
/// point c x configs + k (chunk c, config k) when that index mod N == I, and the report is written once every chunk is on
/// disk. The ONNX Runtime float features, the classifier and the per-layer settings are set-up every shard computes the
/// same way (or reads from a shared <see cref="ResNet18StudyOptions.FeatureDir"/>); <see cref="Merge"/> joins shard folders.</para>
/// </summary>
public static class ResNet18Study
{
    public const string Name = "resnet18";

    public const int Classes = 10;

    /// <summary>Calibration reads per tile for the per-column correction (input vectors of the layer drawn from the range images).</summary>
    public const int CorrectionVectors = 64;

    /// <summary>Runs this shard's chunks (all of them by default), then writes the report when every chunk of every config is on disk.</summary>
    public static ResNet18StudyResult Run(ResNet18StudyOptions options, string outDir, Action<string>? log = null, Sharding.ShardSpec? shard = null)
    {
        var part = shard ?? Sharding.ShardSpec.All;
        return Run(options, outDir, log, part.Owns, merge: false);
    }

    /// <summary>
    /// Joins shard folders into <paramref name="output"/>: their feature chunks (a chunk found twice must be the same bytes) and
    /// calibrations, then writes the report from them, computing no tile chunk (a missing one is refused: incomplete result).
    /// </summary>
    public static ResNet18StudyResult Merge(IReadOnlyList<string> inputs, string output)
    {
        var options = StudyMerge.ReadOptions<ResNet18StudyOptions>(inputs);
        StudyMerge.CopySetUp(inputs, output, identical: true, options.FeatureDir is null ? ["features", "calib"] : ["calib"]);
        return Run(options, output, null, _ => false, merge: true);
    }

    private static ResNet18StudyResult Run(ResNet18StudyOptions options, string outDir, Action<string>? log, Func<int, bool> ownsPoint, bool merge)
    {
        options.Validate();
        log ??= _ => { };
        StudyFiles.Prepare(outDir);
        // run.json names the study for `xbar merge`; the options (in options.json) are not pinned: feature sets are named by what they depend on.
        new Sharding.PointStore(outDir).Prepare($"{{\"study\":\"{Name}\"}}");
        if (!merge) StudyMerge.WriteOptions(outDir, options);
        string modelPath = options.ModelPath ?? ResNet18Files.Model;
        var prep = ResNetPreprocessing.Load(options.PreprocessPath ?? ResNet18Files.Preprocess);
        var graph = GraphPasses.Optimize(OnnxImporter.Load(modelPath));
        int width = (int)Tensor.Size(graph.ShapeOf(graph.SingleOutput).SampleDims);
        if (!graph.SingleInput.SampleShape.SequenceEqual([3, prep.Height, prep.Width]))
            throw new InvalidInputException($"{modelPath}: input {Tensor.Describe(graph.SingleInput.SampleShape)} does not take the preprocessing's 3x{prep.Height}x{prep.Width}");
        if (!Directory.Exists(options.DataDir)) throw new InvalidInputException($"--data {options.DataDir}: folder not found (Fashion-MNIST: apt-get install dataset-fashion-mnist)");
        var split = DatasetLoader.Load(options.DataDir);
        if (split.Train.Count < options.Train || split.Test.Count < options.Test)
            throw new InvalidInputException($"{options.DataDir}: {split.Train.Count} training and {split.Test.Count} test images, fewer than --train {options.Train} / --test {options.Test}");
        var train = split.Train.Slice(0, options.Train);
        var test = split.Test.Slice(0, options.Test);
        log($"{graph}; {split.Description}: {options.Train} training images (classifier), {options.Test} test images");

        // Float features from ONNX Runtime (float32, one image per call: the model's batch is 1), the reference.
        var store = new FeatureStore(options.FeatureDir ?? Path.Combine(outDir, "features"), width);
        double[] floatTrain, floatTest;
        using (var session = new InferenceSession(modelPath))
        {
            string inputName = session.InputMetadata.Keys.Single();
            double[] Ort(LabeledImages images, int start, int count)
            {
                var x = prep.Apply(images, start, count, options.DataDir);
                var y = new double[(long)count * width];
                for (int s = 0; s < count; s++)
                {
                    var image = new float[prep.SampleSize];
                    for (int k = 0; k < image.Length; k++) image[k] = (float)x[(long)s * prep.SampleSize + k];
                    using var r = session.Run([NamedOnnxValue.CreateFromTensor(inputName, new DenseTensor<float>(image, [1, 3, prep.Height, prep.Width]))]);
                    var f = r.First().AsTensor<float>().ToArray();
                    for (int k = 0; k < width; k++) y[(long)s * width + k] = f[k];
                }
                return y;
            }
            floatTrain = store.GetOrCompute("float-train", options.Train, 500, (s, c) => Ort(train, s, c), (d, t, _) => log($"float features (ONNX Runtime), training: {d}/{t}"));
            floatTest = store.GetOrCompute("float-test", options.Test, 500, (s, c) => Ort(test, s, c), (d, t, _) => log($"float features (ONNX Runtime), test: {d}/{t}"));
        }
        var probe = LinearProbe.Train(floatTrain, options.Train, width, train.Labels, Classes, options.Seed);
        var floatPred = probe.Predict(floatTest, options.Test);
        double floatAcc = LinearProbe.Accuracy(floatPred, test.Labels);
        log($"linear classifier on float features: {100 * floatAcc:F2} % on {options.Test} test images");

        // Our float executor against ORT on two images (the tile runs use the same graph).
        var floatExec = new GraphExecutor(graph, FloatBackend.Instance);
        int check = Math.Min(2, options.Test);
        var ours = floatExec.RunAll(prep.Apply(test, 0, check, options.DataDir), check, check);
        double diff = 0, scale = 0;
        for (int k = 0; k < check * width; k++) { diff = Math.Max(diff, Math.Abs(ours[k] - floatTest[k])); scale = Math.Max(scale, Math.Abs(floatTest[k])); }
        double executorVsOrt = diff / Math.Max(scale, 1e-30);

        // Per-layer DAC full scale from training images (shared by every config).
        var xRange = prep.Apply(train, 0, Math.Min(options.RangeImages, options.Train), options.DataDir);
        int rangeCount = Math.Min(options.RangeImages, options.Train);
        double[]? inputMax = null;
        double[] InputMax() => inputMax ??= LayerRanges.LayerInputMax(floatExec, xRange, rangeCount, options.Batch);

        // Configs run round by round: every config gets a round's test images before the next round starts, and the report is
        // rewritten after each round, so a run stopped at any time has every config measured on the same images.
        var runs = Configs(options).Select(c => new ConfigRun(c.Key, c.Label, c.Cells, TileMapper.Map(graph, c.Cells.Config, c.Cells.Geometry, c.Cells.Slicing),
            options.MaxResidentTiles)).ToList();
        foreach (var c in runs)
            log($"{c.Label}: {c.Cells.Describe()}; {c.Map.TotalTiles:N0} tiles of {c.Cells.Geometry} weights{(c.Streamed ? " (programmed one layer at a time per chunk)" : "")}");
        int round = options.Round ?? options.Test;
        ResNet18StudyResult result;
        for (int n = Math.Min(round, options.Test); ; n = Math.Min(n + round, options.Test))
        {
            var results = new List<ResNet18ConfigResult>();
            int missing = 0;
            foreach (var (c, k) in runs.Select((c, k) => (c, k)))
            {
                GraphExecutor Executor()
                {
                    if (c.Executor is not null) return c.Executor;
                    c.Programmer ??= ConfigProgrammer(c.Cells);
                    var backend = new TileBackend(c.Programmer, c.Cells.Geometry, options.Seed);
                    var clock = Stopwatch.StartNew();
                    c.Executor = new GraphExecutor(graph, c.Streamed ? new LayerStreamingBackend(backend, options.MaxResidentTiles) : backend);
                    if (!c.Streamed) c.ProgramSeconds = clock.Elapsed.TotalSeconds;
                    return c.Executor;
                }
                var tileTest = store.GetOrCompute($"tiles-{c.Key}", n, options.Chunk, (start, count) =>
                {
                    var e = Executor();
                    var clock = Stopwatch.StartNew(); // inference (and streamed programming), not the one-time set-up
                    var y = e.RunAll(prep.Apply(test, start, count, options.DataDir), count, c.Streamed ? options.Chunk : options.Batch);
                    c.Seconds += clock.Elapsed.TotalSeconds;
                    c.Computed += count;
                    return y;
                }, chunk => ownsPoint(chunk * runs.Count + k), (done, total, cached) => log($"{c.Label}: {done}/{total} test images{(cached ? " (from checkpoint)" : "")}"));
                c.Executor = null; // its tiles go before the next config's are programmed (a resident config is programmed again next round)
                if (tileTest is null)
                {
                    missing += store.Missing($"tiles-{c.Key}", n, options.Chunk);
                    continue;
                }
                results.Add(Compare(c, probe, tileTest, floatTest, test.Labels, floatPred, n, width));
                var r = results[^1];
                log($"{c.Label}: cosine {r.Cosine:F4} (min {r.CosineMin:F4}), NRMSE {100 * r.Nrmse:F2} %, scale {r.Scale:F3}, transfer accuracy {100 * r.TileAcc:F2} % "
                    + $"(float {100 * LinearProbe.Accuracy(floatPred[..n], test.Labels[..n]):F2} %) on {n} test images");
                GC.Collect();
            }
            result = new ResNet18StudyResult(options with { Test = n }, graph.ToString(), graph.WeightNodes.Select(nd => nd.Name).ToArray(),
                Enumerable.Range(0, graph.WeightNodes.Count).Select(l => $"{graph.Layer(l).MatrixInputs}x{graph.Layer(l).MatrixOutputs}").ToArray(),
                LinearProbe.Accuracy(floatPred[..n], test.Labels[..n]), executorVsOrt, missing == 0 ? results : [], [], missing);
            if (missing > 0) log($"{missing} chunk(s) of the first {n} test images belong to other shards and are not on disk yet: no report");
            else result = result with { Files = ResNet18Report.Write(outDir, result) };
            if (n == options.Test) break;
            if (missing == 0) log($"round of {n} test images written to {outDir}");
        }
        return result;

        ITileProgrammer ConfigProgrammer(CellSlicing cells)
        {
            var calib = options.Calibrate ? Calibration(cells.Config, Path.Combine(outDir, "calib"), options, log) : null;
            var correction = options.ColumnCorrection
                ? ColumnCorrectedProgrammer.DataInputs(floatExec, xRange, rangeCount, cells.Geometry, CorrectionVectors, options.Seed, options.Batch)
                : null;
            // DAC full scale per layer, MSE-optimal weight clip, ADC range per layer (per slice) at --adc-quantile.
            return MeasuredProgrammer.Create(graph, cells, calib, InputMax(), floatExec, xRange, rangeCount, options.Batch, options.AdcQuantile,
                WeightClipRule.MinimumMse, correction, log).Programmer;
        }
    }

    /// <summary>What a shard that left chunks to others says: how many of the study's points (configs x chunks) are missing.</summary>
    public static string IncompleteSummary(ResNet18StudyResult r) => StudyFiles.IncompleteSummary(Name, r.Missing,
        Configs(r.Options).Count() * ((r.Options.Test + r.Options.Chunk - 1) / r.Options.Chunk));

    /// <summary>One config's state across rounds: its tile map, its programmer (per-layer ranges, correction inputs), its executor while it runs, and its inference time.</summary>
    private sealed class ConfigRun(string key, string label, CellSlicing cells, TileMap map, int maxResidentTiles)
    {
        public string Key { get; } = key;
        public string Label { get; } = label;
        public CellSlicing Cells { get; } = cells;
        public TileMap Map { get; } = map;
        public bool Streamed { get; } = map.TotalTiles > maxResidentTiles;
        public ITileProgrammer? Programmer { get; set; }
        public GraphExecutor? Executor { get; set; }
        public double? ProgramSeconds { get; set; }
        public double Seconds { get; set; }
        public int Computed { get; set; }
    }

    /// <summary>The configs run: bit-sliced on cells of each of <see cref="ResNet18StudyOptions.CellBits"/>, then the N-state mtj4 tile.</summary>
    public static IEnumerable<(string Key, string Label, CellSlicing Cells)> Configs(ResNet18StudyOptions options)
    {
        foreach (int b in options.CellBits)
        {
            // The presets for 1 and 2 bits; other widths are mtj2bit's cell with 2^b states.
            var cells = b is 1 or 2
                ? CellSlicing.Resolve(Tile(TilePresets.Get(b == 1 ? "mtj1bit" : "mtj2bit"), options), null, options.WeightBits)
                : CellSlicing.Resolve(Tile(TilePresets.Get("mtj2bit"), options), b, options.WeightBits);
            yield return ($"mtj{b}bit-w{options.WeightBits}-{Variant(cells.Config, options)}", $"{b}-bit MTJ cells", cells);
        }
        if (options.NState)
        {
            var mtj4 = Tile(TilePresets.Get("mtj4"), options);
            yield return ($"mtj4-whole-{Variant(mtj4, options)}", "mtj4 (whole weight per cell)", new CellSlicing(mtj4, null));
        }
    }

    /// <summary>The part of a feature set's name that tells runs apart: array size, IR-drop model, correction, seed.</summary>
    private static string Variant(TileConfig config, ResNet18StudyOptions options) =>
        $"a{config.Array.Rows}-{config.IrDrop.Model.ToString().ToLowerInvariant()}{(options.IrDrop == IrDropModel.Calibrated && !options.Calibrate ? "-uncal" : "")}"
        + $"{(options.ColumnCorrection ? "-cc" : "")}-r{options.RangeImages}"
        + $"{(options.AdcQuantile != ModelRun.AdcRangeQuantile ? $"-q{options.AdcQuantile.ToString("R", System.Globalization.CultureInfo.InvariantCulture)}" : "")}-s{options.Seed}";

    /// <summary>A preset with the study's IR-drop model and array size.</summary>
    private static TileConfig Tile(TileConfig preset, ResNet18StudyOptions options) => (preset with
    {
        IrDrop = preset.IrDrop with { Model = options.IrDrop },
        Array = options.ArraySize is { } n ? preset.Array with { Rows = n, Cols = n } : preset.Array,
    }).Validate();

    /// <summary>The calibration of <paramref name="config"/>'s IR-drop model, fitted to nodal solves once and kept in <paramref name="dir"/>.</summary>
    private static TileCalibration? Calibration(TileConfig config, string dir, ResNet18StudyOptions options, Action<string> log)
    {
        if (config.IrDrop.Model != IrDropModel.Calibrated) return null;
        Directory.CreateDirectory(dir);
        string name = new string((config.Name ?? "tile").Select(ch => char.IsLetterOrDigit(ch) ? ch : '-').ToArray());
        string path = Path.Combine(dir, $"{name}-{config.PhysicsHash}.json");
        if (File.Exists(path)) return TileCalibration.Load(path);
        log($"calibrating {config.Name} against nodal solves ({options.CalibrationSamples} MVMs)");
        var c = TileCalibrator.Calibrate(config, new NodalTruth(), new CalibrationOptions(options.CalibrationSamples, options.Seed));
        c.Save(path);
        log($"{config.Name}: held-out NRMSE {100 * c.HeldOutNrmse:F2} % (uncalibrated {100 * c.HeldOutNrmseUncorrected:F2} %)");
        return c;
    }

    /// <summary>Fidelity and transfer accuracy of one config's features of the first <paramref name="n"/> test images against ORT's.</summary>
    private static ResNet18ConfigResult Compare(ConfigRun c, LinearProbe probe, double[] tile, double[] reference, byte[] labels, int[] floatPred, int n, int width)
    {
        var cos = Enumerable.Range(0, n).Select(s => ModelRun.Cosine(tile.AsSpan(s * width, width), reference.AsSpan(s * width, width))).ToArray();
        var rows = Enumerable.Range(0, n).Select(s => tile[(s * width)..((s + 1) * width)]).ToArray();
        var refs = Enumerable.Range(0, n).Select(s => reference[(s * width)..((s + 1) * width)]).ToArray();
        double nrmse = Metrics.Nrmse(rows, refs).Nrmse;
        double tr = 0, rr = 0;
        for (int k = 0; k < tile.Length; k++) { tr += tile[k] * reference[k]; rr += reference[k] * reference[k]; }
        var pred = probe.Predict(tile, n);
        return new ResNet18ConfigResult(c.Key, c.Label, c.Cells.Describe(), c.Cells.Slicing?.Slices ?? 1, c.Map.TotalTiles, c.Map.Layers.Select(l => l.Tiles).ToArray(),
            cos.Average(), cos.Min(), nrmse, rr > 0 ? tr / rr : 0, LinearProbe.Accuracy(pred, labels[..n]),
            pred.Zip(floatPred).Take(n).Count(p => p.First == p.Second) / (double)n, c.Streamed, c.ProgramSeconds, c.Computed > 0 ? c.Seconds / c.Computed : null);
    }
}
