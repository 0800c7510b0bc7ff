using System.Diagnostics;
using System.Globalization;
using Xbar.Behavioral.Calibration;
using Xbar.Behavioral.Data;
using Xbar.Behavioral.Mapping;
using Xbar.Behavioral.Networks;
using Xbar.Behavioral.Networks.Graph;
using Xbar.Behavioral.Networks.Onnx;
using Xbar.Validation.Demo;

namespace Xbar.Validation.Networks;

/// <summary>What a model run produced: the summary, the float and tile outputs (images x outputs), the files written.</summary>
public sealed record ModelRunResult(ModelRunSummary Summary, double[] FloatOutputs, double[] TileOutputs, IReadOnlyList<string> Files);

/// <summary>
/// <c>xbar run</c>: an ONNX model (batch normalization folded into the weights, as inference hardware
/// does) run on an IDX image set in float and through tiles. Every weight node (Conv, Gemm, MatMul)
/// runs on tiles of one config, with per-layer digital settings measured on training images with the
/// float graph: the DAC full scale (largest |input| of the layer), the weight clip (chosen from the
/// whole layer) and, by default, the column ADC's full scale (99.9 % of the layer's tile partial sums).
/// Everything else runs digitally in float. Reports accuracy where the model has one output per label
/// class, and always the output fidelity (cosine similarity, NRMSE against float) and the agreement of
/// predictions.
/// </summary>
public static class ModelRun
{
    /// <summary>Share of a layer's tile partial sums that its fitted column ADC range holds (as in the demo).</summary>
    public const double AdcRangeQuantile = MeasuredLayerSettings.AdcRangeQuantile;

    public static ModelRunResult Run(ModelRunOptions options, Action<string>? log = null)
    {
        options.Validate();
        log ??= _ => { };
        Directory.CreateDirectory(options.OutDir);
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

        // Float.
        var floatExec = new GraphExecutor(graph, FloatBackend.Instance);
        var floatOut = floatExec.RunAll(x, n, options.Batch);
        var floatPred = Predictions(floatOut, n, outSize);
        if (labelled) summary.FloatAcc = DemoSummary.Percent(Accuracy(floatPred, test.Labels));
        Step("float");
        summary.Write(summaryPath);

        // Per-layer settings on the training images, then the tiles.
        var config = options.Tile;
        var geometry = MtjNetworkTiles.Geometry(config);
        var measured = MeasuredLayerSettings.Measure(floatExec, xRange, rangeSet.Count, config, geometry, options.WeightClip, fitAdc: true,
            options.RangeImages, options.Batch);
        var (inputMax, clips, fraction) = (measured.InputMax, measured.Clips, measured.AdcFractions!);
        summary.LayerInputMax = inputMax.Select(v => Math.Round(v, 5)).ToArray();
        summary.LayerWeightClip = clips.Select(v => Math.Round(v, 6)).ToArray();
        summary.LayerAdcRangeFraction = fraction.Select(v => Math.Round(v, 5)).ToArray();
        summary.WeightClipRule = options.WeightClip == WeightClipRule.Max ? "max |w| per layer" : "MSE-optimal per layer";
        summary.AdcRange = options.AdcRange == ColumnAdcRange.Layer
            ? $"uniform ADC, full scale per layer holding {100 * AdcRangeQuantile:0.#} % of the training-set tile partial sums"
            : "uniform ADC, full scale = each tile's largest possible output";
        Step("ranges");
        var settings = (options.AdcRange == ColumnAdcRange.Layer ? measured : measured with { AdcFractions = null }).Settings;
        var programmer = LayerTileProgrammer.Behavioral($"behavioral tile ({config.Name})", config, options.Calibration, settings);
        var tiles = new GraphExecutor(graph, new TileBackend(programmer, geometry, options.Seed));
        summary.Tile = $"{config.Name}{(options.Calibration is null ? "" : " (calibrated)")}: {config.Array.Rows}x{config.Array.Cols} cells, {config.Device.Kind} {config.Device.States} states";
        summary.TileGeometry = $"{geometry} weights per tile";
        summary.Tiles = tiles.TileCount;
        summary.LayerTiles = Enumerable.Range(0, graph.WeightNodes.Count).Select(l => tiles.Products(l).Sum(m => ((TiledMatrix)m).TileCount)).ToArray();
        log($"Tiles: {summary.Tiles} of {summary.TileGeometry} ({summary.Tile})");
        Step("program");
        int reported = 0;
        var tileOut = tiles.RunAll(x, n, options.Batch, done =>
        {
            // About ten progress lines per run.
            if (done == n || done - reported >= Math.Max(1, n / 10)) { log($"tiles: {done}/{n} images"); reported = done; }
        });
        var tilePred = Predictions(tileOut, n, outSize);
        Step("tiles");

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
