using System.Diagnostics;
using System.Globalization;
using Xbar.Behavioral.Calibration;
using Xbar.Behavioral.Data;
using Xbar.Behavioral.Mapping;
using Xbar.Behavioral.Networks;
using Xbar.Behavioral.Networks.Graph;
using Xbar.Behavioral.Networks.Onnx;
using Xbar.Validation.Demo;
using Xbar.Validation.Sharding;

namespace Xbar.Validation.Networks;

/// <summary>
/// What a model run produced: the summary, the float and tile outputs (images x outputs), the files written;
/// when <paramref name="MissingChunks"/> &gt; 0 (a shard whose others have not finished) only the settings part of
/// the summary, no outputs and no files.
/// </summary>
public sealed record ModelRunResult(ModelRunSummary Summary, double[] FloatOutputs, double[] TileOutputs, IReadOnlyList<string> Files, int MissingChunks = 0)
{
    public bool Complete => MissingChunks == 0;
}

/// <summary>
/// <c>xbar run</c>: an ONNX model (batch normalization folded into the weights, as inference hardware
/// does) run on an IDX image set in float and through tiles. Every weight node (Conv, Gemm, MatMul)
/// runs on tiles of one config, with per-layer digital settings measured on training images with the
/// float graph: the DAC full scale (largest |input| of the layer), the weight clip (chosen from the
/// whole layer) and, by default, the column ADC's full scale (99.9 % of the layer's tile partial sums).
/// Everything else runs digitally in float. Reports accuracy where the model has one output per label
/// class, and always the output fidelity (cosine similarity, NRMSE against float) and the agreement of
/// predictions. The test images run in chunks (<see cref="ModelRunChunks"/>) stored in the output folder
/// as they finish: a killed run resumes at its first missing chunk, and shards of one run (<see cref="ModelRunOptions.Shard"/>)
/// split the chunks; the summary and report are written once every chunk is there, from the stored chunks,
/// so they are the same numbers however the chunks were computed.
/// </summary>
public static class ModelRun
{
    /// <summary>Share of a layer's tile partial sums that its fitted column ADC range holds (as in the demo).</summary>
    public const double AdcRangeQuantile = MeasuredLayerSettings.AdcRangeQuantile;

    public static ModelRunResult Run(ModelRunOptions options, Action<string>? log = null)
    {
        options.Validate();
        log ??= _ => { };
        string summaryPath = Path.Combine(options.OutDir, "summary.json");
        var summary = new ModelRunSummary { Model = options.ModelPath, Seed = options.Seed, RangeImages = options.RangeImages };
        var clock = Stopwatch.StartNew();
        void Step(string key)
        {
            summary.StepSeconds[key] = Math.Round(clock.Elapsed.TotalSeconds, 2);
            clock.Restart();
        }

        // Model and data.
        var graph = GraphPasses.Optimize(OnnxImporter.Load(options.ModelPath));
        var input = graph.SingleInput;
        string output = graph.SingleOutput;
        summary.Graph = graph.ToString();
        log($"Model: {graph}");
        var split = DatasetLoader.Load(options.DataDir);
        var test = options.Limit is { } limit ? split.Test.Slice(0, Math.Min(limit, split.Test.Count)) : split.Test;
        var rangeSet = split.Train.Slice(0, Math.Min(options.RangeImages, split.Train.Count));
        var p = options.Preprocessing;
        string source = options.DataDir ?? "mnist10k";
        var x = ImageAdapter.Adapt(test, p, input.SampleShape, input.Name, source);
        var xRange = ImageAdapter.Adapt(rangeSet, p, input.SampleShape, input.Name, source);
        int n = test.Count, outSize = (int)Tensor.Size(graph.ShapeOf(output).SampleDims);
        summary.Dataset = $"{split.Description}; {n} test images run";
        summary.Preprocessing = Describe(p, ImageAdapter.Side(test, source));
        summary.Images = n;
        summary.OutputsPerImage = outSize;
        int classes = Math.Max(split.Train.ClassCount, split.Test.ClassCount);
        bool labelled = outSize == classes;
        log($"Data: {summary.Dataset}; {summary.Preprocessing}");
        Step("load");

        // The chunks are stored in the output folder, pinned to these settings (a folder of another run is refused).
        var store = new PointStore(options.OutDir);
        store.Prepare(ModelRunChunks.Settings(options));

        // Per-layer settings on the training images (the same in every shard), then the tiles.
        var floatExec = new GraphExecutor(graph, FloatBackend.Instance);
        var cells = options.Cells;
        var config = cells.Config;
        var geometry = cells.Geometry;
        ITileProgrammer programmer;
        if (cells.Slicing is null)
        {
            var measured = MeasuredLayerSettings.Measure(floatExec, xRange, rangeSet.Count, config, geometry, options.WeightClip, fitAdc: true,
                options.RangeImages, options.Batch, options.AdcQuantile);
            var (inputMax, clips, fraction) = (measured.InputMax, measured.Clips, measured.AdcFractions!);
            summary.LayerInputMax = Round(inputMax, 5);
            summary.LayerWeightClip = Round(clips, 6);
            summary.LayerAdcRangeFraction = Round(fraction, 5);
            var settings = (options.AdcRange == ColumnAdcRange.Layer ? measured : measured with { AdcFractions = null }).Settings;
            programmer = LayerTileProgrammer.Behavioral($"behavioral tile ({config.Name})", config, options.Calibration, settings);
        }
        else
        {
            // Bit-sliced weights: the ADC range is fitted per slice (each slice's digits have their own spread).
            var inputMax = LayerRanges.LayerInputMax(floatExec, xRange, rangeSet.Count, options.Batch);
            var (sliced, settings) = MeasuredProgrammer.Create(graph, cells, options.Calibration, inputMax, floatExec, xRange, rangeSet.Count, options.Batch,
                options.AdcRange == ColumnAdcRange.Layer ? options.AdcQuantile : null, options.WeightClip, correction: null, log);
            programmer = sliced;
            summary.LayerInputMax = Round(inputMax, 5);
            summary.LayerWeightClip = Round(settings.LayerClips, 6);
            summary.SliceAdcRangeFraction = settings.AdcFractions.Length == 0 ? null : settings.AdcFractions.Select(f => Round(f, 5)).ToArray();
            summary.Slicing = cells.Describe();
        }
        summary.WeightClipRule = options.WeightClip == WeightClipRule.Max ? "max |w| per layer" : "MSE-optimal per layer";
        summary.AdcRange = options.AdcRange == ColumnAdcRange.Layer
            ? string.Create(CultureInfo.InvariantCulture, $"uniform ADC, full scale per layer{(cells.Slicing is null ? "" : " and slice")} holding {100 * options.AdcQuantile:0.###} % of the training-set tile partial sums")
            : "uniform ADC, full scale = each tile's largest possible output";
        Step("ranges");
        GraphExecutor Program() => new(graph, new TileBackend(programmer, geometry, options.Seed));
        var tiles = Program();
        summary.Tile = $"{config.Name}{(options.Calibration is null ? "" : " (calibrated)")}: {config.Array.Rows}x{config.Array.Cols} cells, {config.Device.Kind} {config.Device.States} states; {cells.Describe()}";
        summary.TileGeometry = $"{geometry} weights per tile";
        summary.Tiles = tiles.TileCount;
        summary.LayerTiles = Enumerable.Range(0, graph.WeightNodes.Count).Select(l => tiles.Products(l).Sum(m => ((TiledMatrix)m).TileCount)).ToArray();
        log($"Tiles: {summary.Tiles} of {summary.TileGeometry} ({summary.Tile})");
        Step("program");

        // This shard's missing chunks, float and tiles. Read noise is a stream drawn as the tiles are read, so
        // with it each chunk gets freshly programmed tiles (the same devices, the noise stream from its start):
        // a chunk's outputs then do not depend on which chunks the process ran before it.
        bool noisyReads = config.Device.ReadNoiseSigma > 0;
        GraphExecutor? unread = tiles; // programmed above and not read yet: the first chunk's fresh tiles
        GraphExecutor TilesForChunk()
        {
            if (!noisyReads) return tiles;
            var fresh = unread ?? Program();
            unread = null;
            return fresh;
        }
        var chunks = ModelRunChunks.Of(n, options.ChunkImages);
        int inSize = (int)Tensor.Size(input.SampleShape);
        var shard = options.Shard ?? ShardSpec.All;
        int computed = ShardedSweep.Run(chunks, ModelRunChunks.Key, c =>
        {
            var xc = x.AsSpan(c.Start * inSize, c.Count * inSize).ToArray();
            var f = floatExec.RunAll(xc, c.Count, options.Batch);
            var t = TilesForChunk().RunAll(xc, c.Count, options.Batch);
            log($"chunk {c.Index + 1}/{chunks.Count}: images {c.Start}-{c.Start + c.Count - 1} done");
            return ModelRunChunks.Format(f, t);
        }, shard, store);
        log($"{(shard.IsAll ? "" : $"shard {shard}: ")}{computed} chunk(s) of {options.ChunkImages} images computed, {chunks.Count - computed} found in {store.PointsDirectory}");
        Step("images");

        // The summary from every stored chunk, once all are there (any process that finds them all writes the same numbers).
        var texts = ShardedSweep.Collect(chunks, ModelRunChunks.Key, store, out int missing);
        if (texts is null)
        {
            log($"{missing} of {chunks.Count} chunk(s) are not in {store.PointsDirectory} yet (other shards); the last shard to finish, " +
                "or `xbar run` without --shard over this folder, writes the summary.");
            return new ModelRunResult(summary, [], [], [], missing);
        }
        var floatOut = new double[(long)n * outSize];
        var tileOut = new double[(long)n * outSize];
        foreach (var (c, text) in chunks.Zip(texts))
        {
            var (f, t) = ModelRunChunks.Parse(text, c.Count * outSize, store.PointPath(ModelRunChunks.Key(c)));
            f.CopyTo(floatOut, (long)c.Start * outSize);
            t.CopyTo(tileOut, (long)c.Start * outSize);
        }
        var floatPred = Predictions(floatOut, n, outSize);
        var tilePred = Predictions(tileOut, n, outSize);
        if (labelled) summary.FloatAcc = DemoSummary.Percent(Accuracy(floatPred, test.Labels));
        if (labelled) summary.TileAcc = DemoSummary.Percent(Accuracy(tilePred, test.Labels));
        summary.Agreement = DemoSummary.Percent(floatPred.Zip(tilePred).Count(q => q.First == q.Second) / (double)Math.Max(1, n));
        var cos = Enumerable.Range(0, n).Select(s => Cosine(tileOut.AsSpan(s * outSize, outSize), floatOut.AsSpan(s * outSize, outSize))).ToArray();
        summary.CosineSimilarity = n == 0 ? null : Math.Round(cos.Average(), 6);
        summary.MinCosineSimilarity = n == 0 ? null : Math.Round(cos.Min(), 6);
        summary.Nrmse = Math.Round(Metrics.Nrmse([tileOut], [floatOut]).Nrmse, 6);
        summary.Complete = true;
        summary.Write(summaryPath);
        var files = new List<string> { summaryPath };
        files.AddRange(ModelRunReport.Write(options.OutDir, summary, floatOut, tileOut));
        return new ModelRunResult(summary, floatOut, tileOut, files);
    }

    private static double[] Round(double[] values, int digits) => values.Select(v => Math.Round(v, digits)).ToArray();

    /// <summary>The class of each image: the arg-max of its outputs (output &gt; 0 for a single output).</summary>
    public static int[] Predictions(double[] outputs, int n, int size) => Enumerable.Range(0, n).Select(s =>
    {
        var o = outputs.AsSpan(s * size, size);
        return size == 1 ? (o[0] > 0 ? 1 : 0) : ErrorSplit.ArgMax(o);
    }).ToArray();

    /// <summary>a.b / (|a| |b|); 1 when both are zero.</summary>
    public static double Cosine(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        double ab = 0, aa = 0, bb = 0;
        for (int i = 0; i < a.Length; i++) { ab += a[i] * b[i]; aa += a[i] * a[i]; bb += b[i] * b[i]; }
        return aa == 0 && bb == 0 ? 1 : ab / Math.Sqrt(aa * bb);
    }

    private static double Accuracy(int[] predictions, byte[] labels) =>
        predictions.Length == 0 ? 0 : predictions.Where((q, i) => q == labels[i]).Count() / (double)predictions.Length;

    private static string Describe(ImagePreprocessing p, int side) => string.Create(CultureInfo.InvariantCulture,
        $"pixels / 255{(p.Mean != 0 || p.Std != 1 ? $", then (x - {p.Mean}) / {p.Std}" : "")}, {side}x{side}" +
        $"{(p.ResizeH is not null || p.ResizeW is not null ? $" resized (bilinear) to {p.ResizeH ?? side}x{p.ResizeW ?? side}" : "")}" +
        $"{(p.Channels > 1 ? $", gray copied to {p.Channels} channels" : "")}");
}
