using System.Diagnostics;
using System.Globalization;
using Xbar.Behavioral.Calibration;
using Xbar.Behavioral.Config;
using Xbar.Behavioral.Data;
using Xbar.Behavioral.Mapping;
using Xbar.Behavioral.Networks;
using Xbar.Behavioral.Networks.Graph;
using Xbar.Behavioral.Periphery;
using Xbar.Behavioral.Training;
using Xbar.Validation.Networks;

namespace Xbar.Validation.Demo;

/// <summary>What a demo run produced: the summary, the logits compared in the calibration scatter, and the files written.</summary>
public sealed record DemoRun(DemoSummary Summary, double[] BehavioralLogits, double[] CircuitLogits, IReadOnlyList<string> Files);

/// <summary>
/// The main job (<c>xbar demo</c>): MNIST through 4-state MTJ crossbar tiles, reproducing the
/// setting of Moureaux et al. 2026 ("Multibit neural inference in a N-ary crossbar architecture":
/// 4-state MTJs, MNIST 94.48 % on hardware vs 97.56 % in software, PCA narrowing the gap).
/// Steps: load data; train (or load the cached model); calibrate the tile against exact nodal
/// solves (or load the cached calibration); error split (software, quantized, systematic, random,
/// all = calibrated behavioral tiles) on the test set; circuit in the loop on a subset; report.
/// summary.json is rewritten after every step so a failure keeps what was measured.
/// </summary>
public static class DemoPipeline
{
    public static DemoRun Run(DemoOptions options, IDemoSteps steps)
    {
        options.Validate();
        var total = Stopwatch.StartNew();
        var summary = new DemoSummary { Seed = options.Seed };
        Directory.CreateDirectory(options.OutDir);
        var cacheDir = Path.Combine(options.OutDir, "cache");
        Directory.CreateDirectory(cacheDir);
        string summaryPath = Path.Combine(options.OutDir, "summary.json");
        string current = "load data";

        void Checkpoint()
        {
            summary.Seconds = Math.Round(total.Elapsed.TotalSeconds, 1);
            summary.Write(summaryPath);
        }

        T Step<T>(string key, string title, Func<IProgress<double>, T> work)
        {
            current = key;
            var clock = Stopwatch.StartNew();
            var result = steps.Run(title, work);
            summary.StepSeconds[key] = Math.Round(clock.Elapsed.TotalSeconds, 2);
            return result;
        }

        try
        {
            // 1. Data: the fixed split of the shipped 10k (first 8,000 train, last 2,000 test) or any IDX folder.
            var split = DatasetLoader.Load(options.DataDir);
            if (options.TrainImages is not null || options.TestImages is not null)
                split = split.Take(options.TrainImages ?? split.Train.Count, options.TestImages ?? split.Test.Count);
            summary.Dataset = split.Description;
            summary.TrainImages = split.Train.Count;
            summary.TestImages = split.Test.Count;
            steps.Info($"Data: {split.Description}");

            // 2. The network, trained deterministically from the seed or loaded from the cache.
            var (classifier, fromCache) = Step("train", "Training the MLP", prog => DemoCache.TrainOrLoad(options, split, cacheDir, prog));
            summary.ModelFromCache = fromCache;
            summary.Network = classifier.Description;
            steps.Info($"Network: {classifier.Description}{(fromCache ? " (cached)" : "")}");
            var network = classifier.Network;
            var train = classifier.Preprocess(split.Train);
            var test = classifier.Preprocess(split.Test);
            var inputMax = LayerRanges.LayerInputMax(network, train);
            summary.LayerInputMax = inputMax.Select(v => Math.Round(v, 4)).ToArray();
            Checkpoint();

            // 3. The tile, calibrated against exact nodal solves (cached per config, seed and samples).
            var full = MtjNetworkTiles.Full(options.ArraySize, options.ArrayCols ?? options.ArraySize, options.SigmaNlOhm, options.SigmaPerpOhm);
            var geometry = TileGeometry.Of(full);
            // Accuracy on the whole test set through tiles from one programmer (seeded like every other row).
            double TestAccuracy(ITileProgrammer programmer) => new TiledNetwork(network, geometry, programmer, options.Seed).Accuracy(test);
            summary.TileRows = full.Array.Rows;
            summary.TileCols = full.Array.Cols;
            summary.Tile = $"{full.Name}: {full.Array.Rows}x{full.Array.Cols} cells ({geometry} weights per tile, differential pairs), " +
                           string.Create(CultureInfo.InvariantCulture,
                               $"{full.Device.States}-state MTJ R_P {full.Device.RpOhm} Ohm TMR0 {full.Device.Tmr0 * 100:0} % V_h {full.Device.TmrHalfVoltageV} V, ") +
                           string.Create(CultureInfo.InvariantCulture,
                               $"sigma_NL {full.Device.SigmaNlOhm} Ohm, sigma_perp {full.Device.SigmaPerpOhm} Ohm, wires {full.Array.WireROhm} Ohm/segment, ") +
                           $"{full.Mapping.Quantization} levels, DAC {full.Input.DacBits} b, ADC {full.Output.AdcBits} b, read {full.Input.ReadVoltageV.ToString(CultureInfo.InvariantCulture)} V, IR drop {full.IrDrop.Model}";
            var (calibration, calibCached) = Step("calibrate", "Calibrating the 4-state MTJ tile (nodal solves)",
                prog => DemoCache.CalibrateOrLoad(options, full, cacheDir, prog));
            summary.CalibrationFromCache = calibCached;
            summary.CalibrationEngine = calibration.Engine;
            summary.CalibrationNrmse = calibration.HeldOutNrmse;
            summary.CalibrationNrmseUncorrected = calibration.HeldOutNrmseUncorrected;
            summary.CalibrationHeldOutMvms = calibration.HeldOutSamples;
            steps.Info(string.Create(CultureInfo.InvariantCulture,
                $"Calibration ({calibration.Engine}{(calibCached ? ", cached" : "")}): held-out NRMSE {100 * calibration.HeldOutNrmse:F3} % (the model unfitted {100 * calibration.HeldOutNrmseUncorrected:F3} %) on {calibration.HeldOutSamples} MVMs"));
            Checkpoint();

            // 4. Error split on the whole test set: every class alone, then all together (= the calibrated behavioral tile).
            // Per-layer digital scales: the weight clip, and (by default) the column ADC's full scale fitted to
            // the layer's training-set tile partial sums, for every tile model below that has a uniform ADC.
            ITileProgrammer Behavioral(string name, TileConfig config, TileCalibration? calib, WeightClipRule clip, Func<int, TileConfig, TileConfig>? perLayer = null) =>
                LayerTileProgrammer.Behavioral(name, config, calib, new LayerTileSettings(inputMax, clip, perLayer));
            var graph = MlpGraph.From(network);
            var clips = LayerRanges.WeightClips(graph, Behavioral("clip", full, null, options.WeightClip));
            var adcFraction = LayerRanges.LayerPartialSumFraction(network, train, geometry.Inputs, inputMax, clips, LayerAdcRangeQuantile);
            summary.AdcRange = options.AdcRange == ColumnAdcRange.Layer
                ? $"uniform {full.Output.AdcBits}-bit ADC, full scale per layer holding {100 * LayerAdcRangeQuantile:0.#} % of the training-set tile partial sums"
                : $"uniform {full.Output.AdcBits}-bit ADC, full scale = each tile's largest possible output";
            summary.LayerAdcRangeFraction = adcFraction.Select(f => Math.Round(f, 5)).ToArray();
            Func<int, TileConfig, TileConfig>? RangeFor(double[] fraction) =>
                options.AdcRange == ColumnAdcRange.Layer ? LayerRanges.FittedAdcRange(fraction) : null;
            var adcRange = RangeFor(adcFraction);
            var behavioral = Behavioral("behavioral (calibrated)", full, calibration, options.WeightClip, adcRange);
            var quantOnly = Behavioral("quantization only", MtjNetworkTiles.QuantizationOnly(full), null, options.WeightClip);
            summary.WeightClipRule = options.WeightClip == WeightClipRule.Max ? "max |w| per layer" : "MSE-optimal per layer (4 uniform levels)";
            summary.LayerMaxAbsWeight = network.Layers.Select(l => Math.Round(l.Weights.Max(Math.Abs), 5)).ToArray();
            summary.LayerWeightClip = clips.Select(c => Math.Round(c, 5)).ToArray();
            // The circuit row: the same calibrated tile without resistance offsets (its own calibration, cached too).
            var noOffsets = DemoErrorSplit.WithoutOffsets(full);
            var (noOffsetCalibration, _) = Step("calibrate_no_offsets", "Calibrating the tile without offsets (for the circuit row)",
                prog => DemoCache.CalibrateOrLoad(options, noOffsets, cacheDir, prog));
            var tileFor = DemoErrorSplit.Tiles(options, full, inputMax, quantOnly, behavioral,
                Behavioral("quantization + circuit", noOffsets, noOffsetCalibration, options.WeightClip, adcRange));
            var es = Step("error_split", $"Error split on {test.Count} test images", _ =>
                ErrorSplit.Measure(network, test, geometry, tileFor, options.Seed, DemoErrorSplit.Sources));
            summary.SoftwareAcc = DemoSummary.Percent(es.FloatAccuracy);
            summary.QuantizedAcc = DemoSummary.Percent(es[ErrorSource.Quantization].Accuracy);
            summary.BehavioralAcc = DemoSummary.Percent(es[ErrorSource.All].Accuracy);
            summary.ErrorSplit = DemoErrorSplit.Rows(es);
            // The same tiles with the other clip rule: most of the gap to software is the clip (quantization).
            var otherClip = options.WeightClip == WeightClipRule.Max ? WeightClipRule.MinimumMse : WeightClipRule.Max;
            summary.OtherWeightClipRule = otherClip == WeightClipRule.Max ? "max |w| per layer" : "MSE-optimal per layer";
            summary.BehavioralOtherClipAcc = Step("other_clip", $"Behavioral tiles, weight clip {summary.OtherWeightClipRule}, {test.Count} test images", _ =>
            {
                var otherFraction = LayerRanges.LayerPartialSumFraction(network, train, geometry.Inputs, inputMax,
                    LayerRanges.WeightClips(graph, Behavioral("clip", full, null, otherClip)), LayerAdcRangeQuantile);
                return DemoSummary.Percent(TestAccuracy(Behavioral("behavioral, other clip", full, calibration, otherClip, RangeFor(otherFraction))));
            });
            var tiled = new TiledNetwork(network, geometry, behavioral, options.Seed);
            summary.TilesPerNetwork = tiled.TileCount;
            Checkpoint();

            // 4b. The tile's column ADC (TIA + flash on the column-pair current) measured in ngspice with seeded
            // comparator offsets and ladder mismatch (cached), then the same test set through behavioral tiles whose
            // output.flash holds those thresholds, and through the same fixed-full-scale flash with ideal thresholds.
            var columnAdc = Step("spice_adc", "Column ADC trip points in ngspice (TIA + flash)", _ => DemoColumnAdc.MeasureOrLoad(options, full, cacheDir));
            summary.ColumnAdc = columnAdc.Description;
            summary.ColumnAdcFromCache = columnAdc.FromCache;
            summary.ColumnAdcInlLsb = Math.Round(columnAdc.MaxAbsInlLsb, 4);
            summary.ColumnAdcDnlLsb = Math.Round(columnAdc.MaxAbsDnlLsb, 4);
            steps.Info(columnAdc.Description);
            double FlashAccuracy(FlashAdcThresholds thresholds, string name) =>
                TestAccuracy(Behavioral(name, DemoColumnAdc.WithFlash(full, thresholds), calibration, options.WeightClip));
            summary.BehavioralIdealFlashAcc = Step("ideal_flash", $"Behavioral tiles, ideal {columnAdc.Bits}-bit column flash ADC, {test.Count} test images",
                _ => DemoSummary.Percent(FlashAccuracy(columnAdc.Ideal, "behavioral, ideal flash thresholds")));
            summary.BehavioralSpiceAdcAcc = Step("spice_adc_network", $"Behavioral tiles with SPICE-measured column ADC thresholds, {test.Count} test images",
                _ => DemoSummary.Percent(FlashAccuracy(columnAdc.Measured, "behavioral, SPICE-measured flash thresholds")));
            summary.FlashAdcNote = FlashAdcNote;
            Checkpoint();

            // 4c. The same SPICE-characterized converter with its full scale fitted to each layer: the range
            // that 99.9 % of that layer's tile partial sums on the training set stay within (one converter
            // design per layer, each characterized in ngspice with the demo's seed).
            var layerAdc = Step("spice_adc_per_layer", "Column ADC per layer in ngspice (full scale from the training set)", _ =>
                adcFraction.Select(f => DemoColumnAdc.MeasureOrLoad(options, full, cacheDir, f * columnAdc.FullScaleAmps)).ToArray());
            summary.ColumnAdcLayerFullScaleAmps = layerAdc.Select(a => a.FullScaleAmps).ToArray();
            summary.BehavioralSpiceAdcPerLayerAcc = Step("spice_adc_per_layer_network", $"Behavioral tiles with per-layer SPICE-measured column ADCs, {test.Count} test images",
                _ => DemoSummary.Percent(TestAccuracy(Behavioral("behavioral, per-layer SPICE flash ADC", full, calibration,
                    options.WeightClip, (layer, cfg) => DemoColumnAdc.WithFlash(cfg, layerAdc[layer].Measured)))));
            Checkpoint();

            // 5. Circuit in the loop on the first images of the test set, and the behavioral tiles on the same images.
            int n = Math.Min(options.CircuitImages, test.Count);
            summary.CircuitImages = n;
            double[] behavioralLogits = [], circuitLogits = [];
            if (n > 0)
            {
                var subset = test.Slice(0, n);
                var floatZ = new TiledNetwork(network, geometry, ExactTileProgrammer.Instance, options.Seed).PreActivationsBatch(subset.Features, n);
                var behavioralZ = tiled.PreActivationsBatch(subset.Features, n);
                var circuitZ = Step("circuit", $"Circuit in the loop: {n} images, {tiled.TileCount} tiles each solved by the nodal solver", prog =>
                {
                    var circuitNet = new TiledNetwork(network, geometry, LayerTileProgrammer.Circuit("circuit in the loop (nodal)", full,
                        new LayerTileSettings(inputMax, options.WeightClip, adcRange)), options.Seed);
                    var z = new double[network.Layers.Count][];
                    for (int l = 0; l < z.Length; l++) z[l] = new double[n * network.Layers[l].Outputs];
                    const int chunk = 10;
                    for (int start = 0; start < n; start += chunk)
                    {
                        int m = Math.Min(chunk, n - start);
                        var part = circuitNet.PreActivationsBatch(subset.Features.AsSpan(start * subset.FeatureCount, m * subset.FeatureCount), m);
                        for (int l = 0; l < z.Length; l++)
                            part[l].CopyTo(z[l], start * network.Layers[l].Outputs);
                        prog.Report((start + m) / (double)n);
                    }
                    return z;
                });
                behavioralLogits = behavioralZ[^1];
                circuitLogits = circuitZ[^1];
                var fPred = Predictions(network, floatZ[^1], n);
                var bPred = Predictions(network, behavioralLogits, n);
                var cPred = Predictions(network, circuitLogits, n);
                summary.CircuitAcc = DemoSummary.Percent(Accuracy(cPred, subset.Labels));
                summary.BehavioralAccOnCircuitSubset = DemoSummary.Percent(Accuracy(bPred, subset.Labels));
                summary.SoftwareAccOnCircuitSubset = DemoSummary.Percent(Accuracy(fPred, subset.Labels));
                summary.CircuitBehavioralAgreement = DemoSummary.Percent(bPred.Zip(cPred).Count(p => p.First == p.Second) / (double)n);
                summary.LogitNrmseBehavioralVsCircuit = Metrics.Nrmse([behavioralLogits], [circuitLogits]).Nrmse;
                summary.CircuitLayerRmse = LayerRmse(circuitZ, floatZ);
                summary.BehavioralSubsetLayerRmse = LayerRmse(behavioralZ, floatZ);
                Checkpoint();
            }

            current = "report";
            summary.Seconds = Math.Round(total.Elapsed.TotalSeconds, 1);
            summary.Complete = true;
            var files = new List<string> { summaryPath };
            files.AddRange(DemoReport.Write(options, summary, behavioralLogits, circuitLogits,
                () => summary.Seconds = Math.Round(total.Elapsed.TotalSeconds, 1)));
            summary.Write(summaryPath);
            return new DemoRun(summary, behavioralLogits, circuitLogits, files);
        }
        catch (Exception e)
        {
            summary.FailedStep = $"{current}: {e.Message}";
            summary.Complete = false;
            try { Checkpoint(); } catch (IOException) { } catch (UnauthorizedAccessException) { }
            throw;
        }
    }

    /// <summary>Share of a layer's training-set tile partial sums that its fitted column ADC range holds (the rest saturate).</summary>
    public const double LayerAdcRangeQuantile = 0.999;

    /// <summary>What the SPICE-measured column ADC rows mean (stated in the report).</summary>
    public const string FlashAdcNote =
        "The tile's output converter (op-amp TIA macro-model with 1 mV input offset, an ideal mid-scale level shifter and a flash ADC of 2^b - 1 " +
        "tanh comparators on a resistor ladder) was simulated in ngspice (one DC sweep of the column current) with comparator offsets (sigma 1 mV) " +
        "and ladder mismatch (sigma 0.5 %) drawn from the demo's seed; its measured trip currents are the tile's output.flash thresholds. " +
        "A hardware flash ADC has one fixed full scale, rows x V_read x (G_P - G_AP(V_read)), so the ideal-threshold row uses that same full scale; " +
        "the calibrated behavioral row above uses a uniform ADC ranged by --adc-range instead (per layer by default), and the last flash row gives each " +
        "layer its own converter with that fitted full scale. The single-cell 2-bit reader's export " +
        "(validation/ReadCircuits/FlashThresholdExport.cs) is a different circuit and is not used here.";

    private static int[] Predictions(Mlp network, double[] logits, int n)
    {
        int k = network.Outputs;
        return Enumerable.Range(0, n).Select(s => Mlp.Decide(network.Output, logits.AsSpan(s * k, k))).ToArray();
    }

    private static double Accuracy(int[] predictions, byte[] labels) =>
        predictions.Length == 0 ? 0 : predictions.Where((p, i) => p == labels[i]).Count() / (double)predictions.Length;

    private static double[] LayerRmse(double[][] z, double[][] reference) => z.Select((layer, l) =>
    {
        double ss = 0;
        for (int i = 0; i < layer.Length; i++) ss += (layer[i] - reference[l][i]) * (layer[i] - reference[l][i]);
        return Math.Sqrt(ss / Math.Max(1, layer.Length));
    }).ToArray();
}
